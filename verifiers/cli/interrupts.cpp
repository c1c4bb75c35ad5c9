#include "interrupts.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <thread>

#include "nncert/data/interrupt_cleanup.hpp"

namespace nncert::cli {
namespace {

// Self-pipe: the handler may run on any thread (OpenBLAS starts its threads before main, so a mask
// set in main cannot cover them); it only writes the signal number, which is async-signal-safe.
int signal_pipe[2] = {-1, -1};

extern "C" void forward_signal(int signo) {
  data::mark_interrupted();  // before any thread can publish an output (interrupt_cleanup.hpp)
  const unsigned char byte = static_cast<unsigned char>(signo);
  (void)::write(signal_pipe[1], &byte, 1);
}

[[noreturn]] void wait_and_exit() {
  unsigned char byte = 0;
  while (::read(signal_pipe[0], &byte, 1) != 1) {
  }
  const int signo = byte;
  data::remove_registered_paths();
  char line[96];
  const int len = std::snprintf(line, sizeof line, "nncert: interrupted by %s; no output written\n",
                                signo == SIGINT ? "SIGINT" : "SIGTERM");
  if (len > 0) (void)::write(STDERR_FILENO, line, static_cast<std::size_t>(len));
  ::_exit(128 + signo);
}

}  // namespace

void handle_interrupts_in_a_dedicated_thread() {
  if (::pipe(signal_pipe) != 0) return;  // no pipe: the default action (termination) stays
  std::thread(wait_and_exit).detach();
  struct sigaction action {};
  action.sa_handler = forward_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace nncert::cli
