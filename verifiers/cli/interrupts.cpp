#include "interrupts.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <thread>

#include "nncert/data/interrupt_cleanup.hpp"

namespace nncert::cli {
namespace {

sigset_t interrupt_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

[[noreturn]] void wait_and_exit(sigset_t set) {
  int signo = 0;
  while (sigwait(&set, &signo) != 0) {
  }
  data::remove_registered_paths();
  char line[96];
  const int len = std::snprintf(line, sizeof line, "nncert: interrupted by %s; no output written\n",
                                signo == SIGINT ? "SIGINT" : "SIGTERM");
  if (len > 0) (void)::write(STDERR_FILENO, line, static_cast<std::size_t>(len));
  ::_exit(128 + signo);
}

}  // namespace

void handle_interrupts_in_a_dedicated_thread() {
  const sigset_t set = interrupt_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread(wait_and_exit, set).detach();
}

}  // namespace nncert::cli
