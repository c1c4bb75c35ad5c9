#pragma once
// The files a certificate refers to. `trajectory.file` is untrusted: it must name a regular file (not a
// link, a device or a directory) directly inside the certificate's directory, of bounded size.
#include <cstddef>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace nncert::cert {

// A trajectory of 10^6 recorded rows is about 200 MB of CSV.
inline constexpr std::size_t kMaxTrajectoryBytes = std::size_t{256} << 20;

// certificate_dir / trajectory.file, after checking that the name is a plain file name;
// InvalidInput naming the certificate file and the field otherwise.
std::filesystem::path trajectory_path(const std::filesystem::path& certificate_file, const nlohmann::json& certificate);

// The bytes of that file: a regular file (symbolic links are refused) of at most kMaxTrajectoryBytes;
// InvalidInput naming the full path looked for otherwise.
std::string read_trajectory_bytes(const std::filesystem::path& certificate_file, const nlohmann::json& certificate);

// The same, for the every-step loss file named by `trajectory.steps_file`.
std::string read_steps_bytes(const std::filesystem::path& certificate_file, const nlohmann::json& certificate);

}  // namespace nncert::cert
