#pragma once
// SIGINT and SIGTERM end any command within a moment, with no partial output: exit code 130 for
// SIGINT and 143 for SIGTERM (128 + the signal number, as shells report them).
//
// How: a handler (which may run on any thread, OpenBLAS's included) writes the signal number to a
// pipe; one dedicated thread waits on that pipe. That thread removes every path registered with data::InterruptCleanup (staging directories,
// temporary files, lock files), prints one line and calls _exit(): no destructor or atexit handler
// runs on a half-finished state, and no work needs to poll for cancellation. The handler also marks
// the process as interrupted (data::mark_interrupted), so that a thread whose sleep the signal cut
// short cannot publish an output while the cleanup runs (data::publish_unless_interrupted).
namespace nncert::cli {

void handle_interrupts_in_a_dedicated_thread();

}  // namespace nncert::cli
