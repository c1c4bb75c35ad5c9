#pragma once
// The lock that admits one nncert run per output path (a directory of OutputSet or the file of
// OutputFile), and the hidden siblings those outputs stage in.
//
// A lock file ".NAME.nncert-lock" beside the target is flock()ed; a second run is refused at once
// (InvalidInput, exit code 2) instead of interleaving its writes. The lock file is unlinked while
// still held when the run ends, and registered for removal on SIGINT/SIGTERM.
#include <filesystem>
#include <string>

#include "nncert/data/interrupt_cleanup.hpp"

namespace nncert::data {

// ".NAME.SUFFIX" beside `target`.
std::filesystem::path output_sibling(const std::filesystem::path& target, const std::string& suffix);

// `target` with a trailing slash dropped; InvalidInput when it names no file ("", ".", "..").
// Creates the parent directory when missing (InvalidInput naming the target if it cannot).
std::filesystem::path prepare_output_target(std::filesystem::path target);

class OutputLock {
 public:
  explicit OutputLock(const std::filesystem::path& target);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

  // Under the lock no live run stages for this target: removes the staging directories and moved-aside
  // old outputs that runs killed outright (SIGKILL) left beside it.
  void remove_debris_of_killed_runs() const;

  // A fresh empty directory ".NAME.nncert-stage-XXXXXX" beside the target.
  std::filesystem::path make_staging_directory() const;

 private:
  std::filesystem::path target_;
  std::filesystem::path lock_path_;
  int fd_ = -1;
  InterruptCleanup cleanup_;
};

}  // namespace nncert::data
