#pragma once
// A single output file (`--out K.npy` of the kernel commands) that appears complete or not at all,
// with the same rules as a directory output set (output_set.hpp):
//
//   OutputFile out("K.npy", force, kNpyMagic);  // lock K.npy, stage in a fresh directory beside it
//   data::write_npy(out.staging(), K);            // .K.npy.nncert-stage-XXXXXX/K.npy
//   out.publish();                                // one rename replaces K.npy
//   // destroyed without publish (error, exception, verdict without output): nothing is left
//
// - One run per target at a time (output_lock.hpp); a second is refused at once (exit code 2).
// - The target may be absent, an empty file or a previous output (a regular file starting with
//   `previous_output_magic`); another regular file is refused unless `force`. A directory, FIFO,
//   device or socket at the target is refused (exit code 2), with or without `force`.
// - The staging directory is registered for removal on SIGINT/SIGTERM; one left by a killed run
//   (SIGKILL) is removed by the next run on the target, under the lock.
#include <filesystem>
#include <string>
#include <string_view>

#include "nncert/data/interrupt_cleanup.hpp"
#include "nncert/data/output_lock.hpp"

namespace nncert::data {

// The first bytes of every .npy file.
inline constexpr std::string_view kNpyMagic{"\x93NUMPY", 6};

class OutputFile {
 public:
  OutputFile(std::filesystem::path target, bool force, std::string_view previous_output_magic);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  const std::filesystem::path& target() const { return target_; }
  // The path to write: the target's name inside the staging directory.
  const std::filesystem::path& staging() const { return staged_file_; }

  // Renames the staged file over the target (InvalidInput naming the target on failure, the target
  // then unchanged) and removes the staging directory.
  void publish();

 private:
  std::filesystem::path target_;
  OutputLock lock_;
  std::filesystem::path staging_dir_;
  std::filesystem::path staged_file_;
  InterruptCleanup staging_cleanup_;
};

}  // namespace nncert::data
