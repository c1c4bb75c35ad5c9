#pragma once
// Paths that must not survive an interrupted run (staging directories, temporary files, lock
// files). Whoever creates one registers it for as long as it exists; the command line's signal
// thread removes whatever is registered before the process exits on SIGINT or SIGTERM.
#include <filesystem>

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

// Removes every registered path (recursively), ignoring errors. For the signal thread: it then
// ends the process, so the registry is left as it is.
void remove_registered_paths() noexcept;

}  // namespace nncert::data
