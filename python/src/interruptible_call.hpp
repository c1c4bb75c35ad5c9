#pragma once
// Long computations run with the GIL released, and Ctrl-C still interrupts them at once.
//
// The library has no cancellation points (the command line ends the whole process on a signal,
// verifiers/cli/interrupts.hpp), so the work runs on its own thread while the calling thread waits in
// short slices; between slices it takes the GIL and runs Python's signal handlers
// (PyErr_CheckSignals). When one raises (KeyboardInterrupt), the call raises it at once and the
// computation is abandoned: it keeps its inputs (the lambda owns them), finishes on its own thread and
// its result is dropped. Nothing the abandoned work touches belongs to Python.
//
// At process exit the C++ and OpenBLAS static objects are destroyed; work still running then could use
// them, so an exit handler waits for every worker first (wait_for_workers_at_exit; a second Ctrl-C
// during that wait ends the process, Python's own handler being gone by then). An uncaught
// KeyboardInterrupt ends the process by the signal itself, without that wait.
#include <chrono>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include <pybind11/pybind11.h>

namespace nncert::python {

// Counts the workers still running (worker_started / worker_finished) so that the exit handler,
// registered with std::atexit when the module is imported (after the library's static objects
// exist, so it runs before their destructors), can wait for them.
void worker_started();
void worker_finished();
void wait_for_workers_at_exit();

template <class Work>
auto interruptible_call(Work work) -> decltype(work()) {
  using Result = decltype(work());
  struct Shared {
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;
    std::optional<Result> result;
    std::exception_ptr error;
  };
  auto shared = std::make_shared<Shared>();
  auto run = [shared, work = std::move(work)]() mutable {
    std::optional<Result> result;
    std::exception_ptr error;
    try {
      result.emplace(work());
    } catch (...) {
      error = std::current_exception();
    }
    const std::lock_guard<std::mutex> lock(shared->mutex);
    shared->result = std::move(result);
    shared->error = error;
    shared->done = true;
    shared->finished.notify_all();
    worker_finished();
  };
  worker_started();
  try {
    std::thread(std::move(run)).detach();
  } catch (...) {  // no thread: nothing will finish
    worker_finished();
    throw;
  }
  for (;;) {
    {
      pybind11::gil_scoped_release release;
      std::unique_lock<std::mutex> lock(shared->mutex);
      if (shared->finished.wait_for(lock, std::chrono::milliseconds(50), [&] { return shared->done; })) break;
    }
    if (PyErr_CheckSignals() != 0) throw pybind11::error_already_set();
  }
  const std::lock_guard<std::mutex> lock(shared->mutex);
  if (shared->error) std::rethrow_exception(shared->error);
  return std::move(*shared->result);
}

}  // namespace nncert::python
