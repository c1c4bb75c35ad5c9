#pragma once
// Admission control: before any heavy work a command estimates the memory and time the problem
// needs and refuses (InvalidInput, exit code 2) when the estimate exceeds the budget, instead of
// running for hours or failing on an allocation half way.
//
// The budget is process-wide, set once by the command line:
//   memory: --max-memory, else the machine's available memory (MemAvailable in /proc/meminfo);
//   time:   --max-seconds, else kDefaultMaxSeconds.
// Estimates are deliberately coarse (the dominant arrays and the dominant flop count, at a
// conservative assumed speed); they exist to refuse the absurd quickly, not to predict run time.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace nncert::data {

// Default time budget of one command (seconds); raised with --max-seconds.
inline constexpr double kDefaultMaxSeconds = 3600;
// Assumed sustained speed used to turn flop counts into seconds (deliberately low: 1 Gflop/s).
inline constexpr double kAssumedFlopsPerSecond = 1e9;
// Largest data file read (npy, csv, idx), whatever the memory budget: 4 GiB.
inline constexpr std::uint64_t kMaxDataFileBytes = std::uint64_t(4) << 30;
// Largest problem file (TOML) read: 1 MiB.
inline constexpr std::uint64_t kMaxProblemFileBytes = std::uint64_t(1) << 20;

struct Budget {
  double memory_bytes = 0;  // 0: unknown (no /proc/meminfo and no --max-memory): not enforced
  double seconds = kDefaultMaxSeconds;
  std::string memory_source;  // "MemAvailable" or "--max-memory", for messages
};

// The budget in force. Until set_budget is called: MemAvailable and kDefaultMaxSeconds.
const Budget& budget();
// max_memory_bytes <= 0 keeps MemAvailable; max_seconds <= 0 keeps the default.
void set_budget(double max_memory_bytes, double max_seconds);

// MemAvailable from /proc/meminfo in bytes, or 0 where it cannot be read.
double available_memory_bytes();

// Parses a size such as "512M", "8G", "1.5GiB", "1000000" (bytes); InvalidInput naming `option`.
double parse_size(std::string_view text, std::string_view option);

// "1.2 GB", "512 kB": for messages.
std::string format_bytes(double bytes);
std::string format_seconds(double seconds);

struct Estimate {
  double bytes = 0;
  double seconds = 0;
  std::string what;  // e.g. "Gram matrix 1000000 x 1000000 and Jacobian 1000000 x 1793"
};

// Work done together, everything held at once: bytes and seconds add up (`what` of the left one).
inline Estimate operator+(Estimate a, const Estimate& b) {
  a.bytes += b.bytes;
  a.seconds += b.seconds;
  return a;
}

// Throws InvalidInput "CONTEXT: WHAT needs an estimated X of memory, above the budget Y (...)"
// when `e` exceeds the budget; otherwise records `e` as the last admitted estimate (named in the
// message should an allocation fail anyway).
void admit(std::string_view context, const Estimate& e);

// "CONTEXT: WHAT (estimated X)" of the last admitted estimate, or "" if none.
std::string last_admitted();

// A data source must be a regular file (not a directory, device or FIFO) of at most `max_bytes`;
// returns its size. InvalidInput "PATH: ..." otherwise.
std::uint64_t require_regular_file(const std::filesystem::path& path, std::uint64_t max_bytes);

}  // namespace nncert::data
