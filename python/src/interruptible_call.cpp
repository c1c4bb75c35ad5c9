#include "interruptible_call.hpp"

namespace nncert::python {
namespace {

std::mutex workers_mutex;
std::condition_variable workers_done;
int running_workers = 0;

}  // namespace

void worker_started() {
  const std::lock_guard<std::mutex> lock(workers_mutex);
  ++running_workers;
}

void worker_finished() {
  const std::lock_guard<std::mutex> lock(workers_mutex);
  if (--running_workers == 0) workers_done.notify_all();
}

void wait_for_workers_at_exit() {
  std::unique_lock<std::mutex> lock(workers_mutex);
  workers_done.wait(lock, [] { return running_workers == 0; });
}

}  // namespace nncert::python
