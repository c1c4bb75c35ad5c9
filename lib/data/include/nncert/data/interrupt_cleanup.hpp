#pragma once
// Paths that must not survive an interrupted run (staging directories, temporary files, lock
// files). Whoever creates one registers it for as long as it exists; the command line's signal
// thread removes whatever is registered before the process exits on SIGINT or SIGTERM.
#include <filesystem>
#include <functional>

namespace nncert::data {

// Registers `path` (file or directory) until the guard is destroyed or released.
class InterruptCleanup {
 public:
  InterruptCleanup() = default;
  explicit InterruptCleanup(std::filesystem::path path);
  ~InterruptCleanup();
  InterruptCleanup(const InterruptCleanup&) = delete;
  InterruptCleanup& operator=(const InterruptCleanup&) = delete;
  InterruptCleanup(InterruptCleanup&& other) noexcept;
  InterruptCleanup& operator=(InterruptCleanup&& other) noexcept;

  // Stops watching the path (it was published or removed by its owner).
  void release();

 private:
  std::filesystem::path path_;
};

// Removes every registered path (recursively), ignoring errors. For the signal thread: it first
// marks the process as interrupted, and then ends it, so the registry is left as it is (locked).
void remove_registered_paths() noexcept;

// Async-signal-safe (a lock-free atomic store): called by the signal handler itself, so that a
// thread whose sleep or wait the signal cut short sees the interrupt before it could publish.
void mark_interrupted() noexcept;

// Runs `publish` (the one rename that makes an output visible) unless the process is being ended by
// an interrupt, in which case it blocks until the signal thread ends the process. A signal cuts short
// a sleep or a wait of the main thread, which then carries on while the signal thread cleans up;
// without this, it could still publish its output after "interrupted; no output written". The check
// and the rename happen under the registry's lock, which the signal thread takes and keeps.
void publish_unless_interrupted(const std::function<void()>& publish);

}  // namespace nncert::data
