#pragma once
// An output directory whose files appear together or not at all (`--out DIR` of prove, train, ...).
//
//   OutputSet set("runs/a", force);        // lock DIR, stage in a fresh hidden directory beside it
//   write files into set.staging() ...
//   set.publish();                          // manifest last, then one rename replaces DIR
//   // destroyed without publish (error, exception): the staging directory is removed, DIR untouched
//
// Rules:
// - A lock file ".DIR.nncert-lock" beside DIR (flock, output_lock.hpp) admits one run per DIR at a
//   time; a second run is refused at once (InvalidInput, exit code 2) instead of interleaving its files.
// - DIR may be absent, empty, or a previous output set (it holds the manifest ".nncert-output-set");
//   anything else is refused unless `force`, in which case DIR and all it holds are replaced. A file
//   at DIR is refused (exit code 2), with or without `force`.
// - Staging directories ".DIR.nncert-stage-XXXXXX" are registered for removal on SIGINT/SIGTERM;
//   ones left by a killed run (SIGKILL) are removed by the next run on DIR, under the lock.
// - publish() swaps the staging directory and DIR with renameat2(RENAME_EXCHANGE), so a reader sees
//   the old set or the new set, never a mix; the old set is then removed.
#include <filesystem>
#include <string>

#include "nncert/data/interrupt_cleanup.hpp"
#include "nncert/data/output_lock.hpp"

namespace nncert::data {

// The manifest's file name; written last, it marks a directory as a complete nncert output set.
inline constexpr const char* kOutputSetManifest = ".nncert-output-set";

class OutputSet {
 public:
  OutputSet(std::filesystem::path target, bool force);
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& staging() const { return staging_; }

  // Writes the manifest into the staging directory, then publishes it as the target in one rename.
  // InvalidInput naming the target on failure (the target is then unchanged).
  void publish();

 private:
  std::filesystem::path target_;
  OutputLock lock_;
  std::filesystem::path staging_;
  bool published_ = false;
  InterruptCleanup staging_cleanup_;
};

}  // namespace nncert::data
