#include "nncert/data/interrupt_cleanup.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <mutex>
#include <system_error>
#include <vector>

namespace nncert::data {
namespace {

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "mark_interrupted must be async-signal-safe");

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

void mark_interrupted() noexcept { interrupted.store(true); }

void publish_unless_interrupted(const std::function<void()>& publish) {
  std::unique_lock lock(registry_mutex());
  // Interrupted: the signal thread holds (or is about to take) the lock and ends the process.
  while (interrupted.load()) {
    lock.unlock();
    std::this_thread::sleep_for(std::chrono::seconds(1));
    lock.lock();
  }
  publish();
}

void remove_registered_paths() noexcept {
  interrupted.store(true);
  try {
    registry_mutex().lock();  // kept: no publish may follow, and the process ends right after
    // Latest first: a temporary file inside a staging directory goes before the directory.
    for (auto it = registry().rbegin(); it != registry().rend(); ++it) {
      std::error_code ec;
      std::filesystem::remove_all(*it, ec);
    }
  } catch (...) {
  }
}

}  // namespace nncert::data
