#include "nncert/data/output_file.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <system_error>

#include "file_error.hpp"

namespace nncert::data {
namespace {

namespace fs = std::filesystem;

bool starts_with_bytes(const fs::path& file, std::string_view magic) {
  std::ifstream in(file, std::ios::binary);
  std::string head(magic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in.gcount() == static_cast<std::streamsize>(magic.size()) && head == magic;
}

}  // namespace

OutputFile::OutputFile(fs::path target, bool force, std::string_view previous_output_magic)
    : target_(prepare_output_target(std::move(target))), lock_(target_) {
  struct stat st {};
  if (::lstat(target_.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode))
      detail::file_error(target_, "is a directory (this --out names a file, e.g. K.npy); choose another --out");
    if (!S_ISREG(st.st_mode))
      detail::file_error(target_, "exists and is not a regular file (a link, FIFO, device or socket); choose another --out");
    if (!force && st.st_size > 0 && !starts_with_bytes(target_, previous_output_magic))
      detail::file_error(target_, "exists and is not an output of this kind; choose another --out or pass --force to replace it");
  } else if (errno != ENOENT) {
    detail::file_error(target_, std::string("cannot inspect the output path: ") + std::strerror(errno));
  }
  lock_.remove_debris_of_killed_runs();
  staging_dir_ = lock_.make_staging_directory();
  staging_cleanup_ = InterruptCleanup(staging_dir_);
  staged_file_ = staging_dir_ / target_.filename();
}

OutputFile::~OutputFile() {
  std::error_code ec;
  if (!staging_dir_.empty()) fs::remove_all(staging_dir_, ec);
  staging_cleanup_.release();
}

void OutputFile::publish() {
  publish_unless_interrupted([&] {
    if (::rename(staged_file_.c_str(), target_.c_str()) != 0)
      detail::file_error(target_, std::string("cannot publish the output file: ") + std::strerror(errno));
  });
  std::error_code ec;
  fs::remove_all(staging_dir_, ec);
}

}  // namespace nncert::data
