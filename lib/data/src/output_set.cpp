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

// ".NAME.SUFFIX" beside `target`.
fs::path sibling(const fs::path& target, const std::string& suffix) {
  std::string name(1, '.');
  name.append(target.filename().string());
  name.push_back('.');
  name.append(suffix);
  return target.parent_path() / name;
}

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

OutputSet::OutputSet(fs::path target, bool force) : target_(std::move(target)) {
  // A trailing slash ("out/") would make the file name empty.
  if (target_.filename().empty()) target_ = target_.parent_path();
  if (target_.empty() || target_.filename() == "." || target_.filename() == "..")
    detail::file_error(target_, "cannot be used as --out (name a directory, e.g. runs/a)");
  const fs::path parent = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec || !fs::is_directory(parent))
    detail::file_error(target_, "cannot create the output directory's parent: " +
                                    (ec ? ec.message() : std::string("not a directory")));

  // One run per target: a lock file beside it. After locking, make sure the file locked is still
  // the one at that path (a finishing run unlinks it), else lock the new one.
  lock_path_ = sibling(target_, "nncert-lock");
  for (int attempt = 0;; ++attempt) {
    lock_fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) detail::file_error(target_, "cannot create the lock file: " + errno_text(errno));
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      ::close(lock_fd_);
      lock_fd_ = -1;
      if (err == EWOULDBLOCK)
        detail::file_error(target_, "another nncert run is writing this output directory (locked by " +
                                        lock_path_.filename().string() + "); wait for it or choose another --out");
      detail::file_error(target_, "cannot lock the output directory: " + errno_text(err));
    }
    struct stat held {}, current {};
    if (::fstat(lock_fd_, &held) == 0 && ::stat(lock_path_.c_str(), &current) == 0 && held.st_ino == current.st_ino &&
        held.st_dev == current.st_dev)
      break;
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (attempt > 100) detail::file_error(target_, "cannot lock the output directory (lock file keeps changing)");
  }
  lock_cleanup_ = InterruptCleanup(lock_path_);

  try {
    const auto status = fs::symlink_status(target_, ec);
    if (fs::exists(status)) {
      if (!fs::is_directory(status))
        detail::file_error(target_, "exists and is not a directory; choose another --out");
      if (!force && !is_previous_output_set_or_empty(target_))
        detail::file_error(target_, std::string("exists, is not empty and is not an nncert output set (no ") +
                                        kOutputSetManifest + "); choose another --out or pass --force to replace it");
    }
    // Debris of runs killed outright (SIGKILL): under the lock no live run stages for this target.
    const std::string stage_prefix = sibling(target_, "nncert-stage-").filename().string();
    const std::string old_prefix = sibling(target_, "nncert-old-").filename().string();
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.starts_with(stage_prefix) || name.starts_with(old_prefix)) fs::remove_all(entry.path(), ec);
    }
    std::string pattern = sibling(target_, "nncert-stage-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
      detail::file_error(target_, "cannot create a staging directory beside it: " + errno_text(errno));
    staging_ = pattern;
    staging_cleanup_ = InterruptCleanup(staging_);
  } catch (...) {
    ::unlink(lock_path_.c_str());
    ::close(lock_fd_);
    throw;
  }
}

OutputSet::~OutputSet() {
  std::error_code ec;
  if (!published_ && !staging_.empty()) fs::remove_all(staging_, ec);
  staging_cleanup_.release();
  if (lock_fd_ >= 0) {
    ::unlink(lock_path_.c_str());  // while still holding the lock: see the inode check above
    ::close(lock_fd_);
  }
  lock_cleanup_.release();
}

void OutputSet::publish() {
  write_file_atomically(staging_ / kOutputSetManifest, manifest_text(staging_));
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(target_, ec))) {
    if (::rename(staging_.c_str(), target_.c_str()) != 0)
      detail::file_error(target_, "cannot publish the output directory: " + errno_text(errno));
  } else if (::renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) == 0) {
    // The old set now sits at the staging path.
    fs::remove_all(staging_, ec);
  } else {
    // No RENAME_EXCHANGE on this file system: move the old set aside, then rename. A reader in
    // between sees no DIR at all, never a mix.
    const fs::path old = sibling(target_, "nncert-old-" + std::to_string(::getpid()));
    InterruptCleanup old_cleanup(old);
    if (::rename(target_.c_str(), old.c_str()) != 0)
      detail::file_error(target_, "cannot replace the output directory: " + errno_text(errno));
    if (::rename(staging_.c_str(), target_.c_str()) != 0) {
      const int err = errno;
      (void)::rename(old.c_str(), target_.c_str());
      detail::file_error(target_, "cannot publish the output directory: " + errno_text(err));
    }
    fs::remove_all(old, ec);
  }
  published_ = true;
  staging_cleanup_.release();
}

}  // namespace nncert::data
