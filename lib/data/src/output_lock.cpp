#include "nncert/data/output_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "file_error.hpp"

namespace nncert::data {

namespace fs = std::filesystem;

fs::path output_sibling(const fs::path& target, const std::string& suffix) {
  std::string name(1, '.');
  name.append(target.filename().string());
  name.push_back('.');
  name.append(suffix);
  return target.parent_path() / name;
}

fs::path prepare_output_target(fs::path target) {
  // A trailing slash ("out/") would make the file name empty.
  if (target.filename().empty()) target = target.parent_path();
  if (target.empty() || target.filename() == "." || target.filename() == "..")
    detail::file_error(target, "cannot be used as --out (name a directory or file, e.g. runs/a)");
  const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec || !fs::is_directory(parent))
    detail::file_error(target, "cannot create the output's parent directory: " +
                                   (ec ? ec.message() : std::string("not a directory")));
  return target;
}

OutputLock::OutputLock(const fs::path& target) : target_(target), lock_path_(output_sibling(target, "nncert-lock")) {
  // After locking, make sure the file locked is still the one at that path (a finishing run
  // unlinks it), else lock the new one.
  for (int attempt = 0;; ++attempt) {
    fd_ = ::open(lock_path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) detail::file_error(target_, std::string("cannot create the lock file: ") + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      ::close(fd_);
      fd_ = -1;
      if (err == EWOULDBLOCK)
        detail::file_error(target_, "another nncert run is writing this output (locked by " +
                                        lock_path_.filename().string() + "); wait for it or choose another --out");
      detail::file_error(target_, std::string("cannot lock the output: ") + std::strerror(err));
    }
    struct stat held {}, current {};
    if (::fstat(fd_, &held) == 0 && ::stat(lock_path_.c_str(), &current) == 0 && held.st_ino == current.st_ino &&
        held.st_dev == current.st_dev)
      break;
    ::close(fd_);
    fd_ = -1;
    if (attempt > 100) detail::file_error(target_, "cannot lock the output (lock file keeps changing)");
  }
  cleanup_ = InterruptCleanup(lock_path_);
}

OutputLock::~OutputLock() {
  if (fd_ >= 0) {
    ::unlink(lock_path_.c_str());  // while still holding the lock: see the inode check above
    ::close(fd_);
  }
  cleanup_.release();
}

void OutputLock::remove_debris_of_killed_runs() const {
  const fs::path parent = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  const std::string stage_prefix = output_sibling(target_, "nncert-stage-").filename().string();
  const std::string old_prefix = output_sibling(target_, "nncert-old-").filename().string();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    std::error_code ignored;
    if (name.starts_with(stage_prefix) || name.starts_with(old_prefix)) fs::remove_all(entry.path(), ignored);
  }
}

fs::path OutputLock::make_staging_directory() const {
  std::string pattern = output_sibling(target_, "nncert-stage-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr)
    detail::file_error(target_, std::string("cannot create a staging directory beside it: ") + std::strerror(errno));
  return pattern;
}

}  // namespace nncert::data
