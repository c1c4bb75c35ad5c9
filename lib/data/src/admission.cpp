#include "nncert/data/admission.hpp"

#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>

#include "file_error.hpp"

namespace nncert::data {
namespace {

Budget make_default_budget() {
  Budget b;
  b.memory_bytes = available_memory_bytes();
  b.memory_source = "MemAvailable";
  return b;
}

Budget& mutable_budget() {
  static Budget b = make_default_budget();
  return b;
}

std::mutex& last_mutex() {
  static std::mutex m;
  return m;
}
std::string& last_estimate() {
  static std::string s;
  return s;
}

std::string format_scaled(double value, const char* const* units, int count, double step) {
  int u = 0;
  while (u + 1 < count && std::fabs(value) >= step) {
    value /= step;
    ++u;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, value < 10 && u > 0 ? "%.1f %s" : "%.0f %s", value, units[u]);
  return buf;
}

}  // namespace

const Budget& budget() { return mutable_budget(); }

void set_budget(double max_memory_bytes, double max_seconds) {
  Budget& b = mutable_budget();
  if (max_memory_bytes > 0) {
    b.memory_bytes = max_memory_bytes;
    b.memory_source = "--max-memory";
  }
  if (max_seconds > 0) b.seconds = max_seconds;
}

double available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kib = 0;
  std::string unit;
  while (in >> key >> kib) {
    std::getline(in, unit);
    if (key == "MemAvailable:") return kib * 1024;
  }
  return 0;
}

double parse_size(std::string_view text, std::string_view option) {
  const auto bad = [&] {
    return InvalidInput(std::string(option) + ": cannot read '" + std::string(text.substr(0, 40)) +
                        "' as a size (expected e.g. 512M, 8G, 1.5GiB or a byte count)");
  };
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || !(value > 0) || !std::isfinite(value)) throw bad();
  std::string unit(ptr, text.data() + text.size());
  for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (unit.ends_with("IB")) unit.erase(unit.size() - 2);
  else if (unit.size() > 1 && unit.back() == 'B') unit.pop_back();
  double scale = 1;
  if (unit.empty()) scale = 1;
  else if (unit == "K") scale = 1024.0;
  else if (unit == "M") scale = 1024.0 * 1024;
  else if (unit == "G") scale = 1024.0 * 1024 * 1024;
  else if (unit == "T") scale = 1024.0 * 1024 * 1024 * 1024;
  else throw bad();
  return value * scale;
}

std::string format_bytes(double bytes) {
  static const char* const units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  return format_scaled(bytes, units, 7, 1000);
}

std::string format_seconds(double seconds) {
  char buf[64];
  if (seconds < 120) std::snprintf(buf, sizeof buf, "%.0f s", seconds);
  else if (seconds < 7200) std::snprintf(buf, sizeof buf, "%.0f min", seconds / 60);
  else if (seconds < 2 * 86400) std::snprintf(buf, sizeof buf, "%.0f h", seconds / 3600);
  else if (seconds < 1e3 * 365 * 86400) std::snprintf(buf, sizeof buf, "%.3g days", seconds / 86400);
  else std::snprintf(buf, sizeof buf, "%.3g years", seconds / (365.0 * 86400));
  return buf;
}

void admit(std::string_view context, const Estimate& e) {
  const Budget& b = budget();
  const std::string head = std::string(context) + ": " + e.what;
  if (b.memory_bytes > 0 && !(e.bytes <= b.memory_bytes))
    throw InvalidInput(head + " needs an estimated " + format_bytes(e.bytes) + " of memory, above the budget of " +
                       format_bytes(b.memory_bytes) + " (" + b.memory_source + "; raise it with --max-memory)");
  if (!(e.seconds <= b.seconds))
    throw InvalidInput(head + " needs an estimated " + format_seconds(e.seconds) + ", above the time budget of " +
                       format_seconds(b.seconds) + " (raise it with --max-seconds)");
  const std::lock_guard lock(last_mutex());
  last_estimate() = head + " (estimated " + format_bytes(e.bytes) + ", " + format_seconds(e.seconds) + ")";
}

std::string last_admitted() {
  const std::lock_guard lock(last_mutex());
  return last_estimate();
}

std::uint64_t require_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    detail::file_error(path, err == ENOENT ? "cannot open file (no such file)"
                                           : std::string("cannot open file: ") + std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) detail::file_error(path, "not a regular file (it is a directory)");
  if (!S_ISREG(st.st_mode)) detail::file_error(path, "not a regular file (a device, FIFO or socket cannot be read as data)");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size > max_bytes)
    detail::file_error(path, "file is " + format_bytes(static_cast<double>(size)) + ", above the limit of " +
                                 format_bytes(static_cast<double>(max_bytes)) + " for this kind of file");
  return size;
}

}  // namespace nncert::data
