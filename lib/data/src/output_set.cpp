#include "nncert/data/output_set.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc >= 2.28, _GNU_SOURCE)
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>
#include <vector>

#include "file_error.hpp"
#include "nncert/data/atomic_file.hpp"

namespace nncert::data {
namespace {

namespace fs = std::filesystem;

std::string errno_text(int err) { return std::strerror(err); }

bool is_previous_output_set_or_empty(const fs::path& dir) {
  std::error_code ec;
  if (fs::exists(dir / kOutputSetManifest, ec)) return true;
  return fs::is_empty(dir, ec) && !ec;
}

// Files of the set, relative to `root`, sorted: the manifest's body.
std::string manifest_text(const fs::path& root) {
  std::vector<std::string> lines;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    lines.push_back(fs::relative(entry.path(), root).generic_string() + " " + std::to_string(entry.file_size()));
  }
  std::sort(lines.begin(), lines.end());
  std::string text = "nncert output set\n";
  for (const auto& l : lines) text += l + "\n";
  return text;
}

}  // namespace

OutputSet::OutputSet(fs::path target, bool force)
    : target_(prepare_output_target(std::move(target))), lock_(target_) {
  std::error_code ec;
  const auto status = fs::symlink_status(target_, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status))
      detail::file_error(target_, "exists and is not a directory (this --out names an output directory); choose another --out");
    if (!force && !is_previous_output_set_or_empty(target_))
      detail::file_error(target_, std::string("exists, is not empty and is not an nncert output set (no ") +
                                      kOutputSetManifest + "); choose another --out or pass --force to replace it");
  }
  lock_.remove_debris_of_killed_runs();
  staging_ = lock_.make_staging_directory();
  staging_cleanup_ = InterruptCleanup(staging_);
}

OutputSet::~OutputSet() {
  std::error_code ec;
  if (!published_ && !staging_.empty()) fs::remove_all(staging_, ec);
  staging_cleanup_.release();
}

void OutputSet::publish() {
  write_file_atomically(staging_ / kOutputSetManifest, manifest_text(staging_));
  std::error_code ec;
  const bool replacing = fs::exists(fs::symlink_status(target_, ec));
  // Where the old set goes when RENAME_EXCHANGE is unavailable; registered before the lock below.
  const fs::path old = output_sibling(target_, "nncert-old-" + std::to_string(::getpid()));
  InterruptCleanup old_cleanup;
  if (replacing) old_cleanup = InterruptCleanup(old);
  bool exchanged = false;
  publish_unless_interrupted([&] {
    if (!replacing) {
      if (::rename(staging_.c_str(), target_.c_str()) != 0)
        detail::file_error(target_, "cannot publish the output directory: " + errno_text(errno));
    } else if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
      exchanged = true;  // the old set now sits at the staging path
    } else {
      // No RENAME_EXCHANGE on this file system: move the old set aside, then rename. A reader in
      // between sees no DIR at all, never a mix.
      if (::rename(target_.c_str(), old.c_str()) != 0)
        detail::file_error(target_, "cannot replace the output directory: " + errno_text(errno));
      if (::rename(staging_.c_str(), target_.c_str()) != 0) {
        const int err = errno;
        (void)::rename(old.c_str(), target_.c_str());
        detail::file_error(target_, "cannot publish the output directory: " + errno_text(err));
      }
    }
  });
  published_ = true;
  if (replacing) fs::remove_all(exchanged ? staging_ : old, ec);
  staging_cleanup_.release();
}

}  // namespace nncert::data
