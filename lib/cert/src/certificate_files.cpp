#include "nncert/cert/certificate_files.hpp"

#include <fmt/format.h>

#include "nncert/cert/bounded_json.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::cert {

std::filesystem::path trajectory_path(const std::filesystem::path& certificate_file, const nlohmann::json& c) {
  const std::string name = c.at("trajectory").at("file").get<std::string>();
  bool plain = !name.empty() && name != "." && name != ".." && name.size() <= 255;
  for (const char ch : name) plain = plain && ch != '/' && ch != '\\' && static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f;
  if (!plain)
    throw InvalidInput(fmt::format("{}: field trajectory.file '{}' must be a file name in the certificate's directory (no path)",
                                   certificate_file.string(), elided_for_message(name)));
  return certificate_file.parent_path() / name;
}

std::string read_trajectory_bytes(const std::filesystem::path& certificate_file, const nlohmann::json& c) {
  const std::filesystem::path file = trajectory_path(certificate_file, c);
  std::error_code ec;
  if (std::filesystem::is_symlink(std::filesystem::symlink_status(file, ec)))
    throw InvalidInput(fmt::format("{}: the certificate's trajectory (field trajectory.file) is a symbolic link; it must be a regular file",
                                   std::filesystem::absolute(file, ec).lexically_normal().string()));
  return read_bounded_regular_file(file, kMaxTrajectoryBytes, "the certificate's trajectory (field trajectory.file)");
}

}  // namespace nncert::cert
