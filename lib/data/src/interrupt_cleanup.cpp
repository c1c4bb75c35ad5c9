#include "nncert/data/interrupt_cleanup.hpp"

#include <algorithm>
#include <mutex>
#include <system_error>
#include <vector>

namespace nncert::data {
namespace {

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
std::vector<std::filesystem::path>& registry() {
  static std::vector<std::filesystem::path> paths;
  return paths;
}

}  // namespace

InterruptCleanup::InterruptCleanup(std::filesystem::path path) : path_(std::move(path)) {
  const std::lock_guard lock(registry_mutex());
  registry().push_back(path_);
}

InterruptCleanup::~InterruptCleanup() { release(); }

InterruptCleanup::InterruptCleanup(InterruptCleanup&& other) noexcept : path_(std::move(other.path_)) {
  other.path_.clear();
}

InterruptCleanup& InterruptCleanup::operator=(InterruptCleanup&& other) noexcept {
  if (this != &other) {
    release();
    path_ = std::move(other.path_);
    other.path_.clear();
  }
  return *this;
}

void InterruptCleanup::release() {
  if (path_.empty()) return;
  const std::lock_guard lock(registry_mutex());
  auto& r = registry();
  const auto it = std::find(r.begin(), r.end(), path_);
  if (it != r.end()) r.erase(it);
  path_.clear();
}

void remove_registered_paths() noexcept {
  try {
    const std::lock_guard lock(registry_mutex());
    // Latest first: a temporary file inside a staging directory goes before the directory.
    for (auto it = registry().rbegin(); it != registry().rend(); ++it) {
      std::error_code ec;
      std::filesystem::remove_all(*it, ec);
    }
  } catch (...) {
  }
}

}  // namespace nncert::data
