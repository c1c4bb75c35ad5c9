#include "nncert/cert/certificate_files.hpp"

#include <fmt/format.h>

#include "nncert/cert/bounded_json.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::cert {

namespace {

// certificate_dir / name, after checking that `name` (the value of `field`) is a plain file name.
std::filesystem::path sibling_path(const std::filesystem::path& certificate_file, const std::string& name,
                                   const char* field) {
  bool plain = !name.empty() && name != "." && name != ".." && name.size() <= 255;
  for (const char ch : name) plain = plain && ch != '/' && ch != '\\' && static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f;
  if (!plain)
    throw InvalidInput(fmt::format("{}: field {} '{}' must be a file name in the certificate's directory (no path)",
                                   certificate_file.string(), field, elided_for_message(name)));
  return certificate_file.parent_path() / name;
}

std::string read_sibling_bytes(const std::filesystem::path& file, const char* what) {
  std::error_code ec;
  if (std::filesystem::is_symlink(std::filesystem::symlink_status(file, ec)))
    throw InvalidInput(fmt::format("{}: {} is a symbolic link; it must be a regular file",
                                   std::filesystem::absolute(file, ec).lexically_normal().string(), what));
  return read_bounded_regular_file(file, kMaxTrajectoryBytes, what);
}

}  // namespace

std::filesystem::path trajectory_path(const std::filesystem::path& certificate_file, const nlohmann::json& c) {
  return sibling_path(certificate_file, c.at("trajectory").at("file").get<std::string>(), "trajectory.file");
}

std::string read_trajectory_bytes(const std::filesystem::path& certificate_file, const nlohmann::json& c) {
  return read_sibling_bytes(trajectory_path(certificate_file, c), "the certificate's trajectory (field trajectory.file)");
}

std::string read_steps_bytes(const std::filesystem::path& certificate_file, const nlohmann::json& c) {
  const auto file =
      sibling_path(certificate_file, c.at("trajectory").at("steps_file").get<std::string>(), "trajectory.steps_file");
  return read_sibling_bytes(file, "the certificate's every-step losses (field trajectory.steps_file)");
}

}  // namespace nncert::cert
