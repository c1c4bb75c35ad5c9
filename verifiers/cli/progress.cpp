#include "progress.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>

namespace nncert::cli {
namespace {

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

// Writes one status line in place (carriage return, then the text, padded over the previous one).
void draw(const std::string& line, std::size_t& previous) {
  std::string padded = line;
  if (padded.size() < previous) padded += std::string(previous - padded.size(), ' ');
  previous = line.size();
  std::fprintf(stderr, "\r%s", padded.c_str());
  std::fflush(stderr);
}

}  // namespace

void study_point_progress(std::size_t index, std::size_t total, const std::string& what) {
  if (stderr_is_terminal()) std::fprintf(stderr, "study point %zu/%zu: %s\n", index + 1, total, what.c_str());
}

theory::VerifyProgress verification_progress() {
  if (!stderr_is_terminal()) return {};
  auto width = std::make_shared<std::size_t>(0);
  return [width](std::size_t index, std::size_t total, const std::string& id) {
    draw(fmt::format("verifying {}/{}: {} ...", index + 1, total, id), *width);
    if (index + 1 == total) {
      // The last hypothesis runs after this call; the next line (training, or the summary) starts fresh.
      std::fputc('\n', stderr);
      *width = 0;
    }
  };
}

train::ProgressCallback training_progress() {
  if (!stderr_is_terminal()) return {};
  struct State {
    long percent = -1;
    std::size_t width = 0;
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  };
  auto state = std::make_shared<State>();
  return [state](Index done, Index total, double loss) {
    const long percent = total > 0 ? static_cast<long>(100 * done / total) : 100;
    if (percent == state->percent && done < total) return;  // redrawn at most 100 times
    state->percent = percent;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - state->start).count();
    const double left = done > 0 ? elapsed * static_cast<double>(total - done) / static_cast<double>(done) : 0;
    const int filled = static_cast<int>(percent * 30 / 100);
    draw(fmt::format("training [{}{}] {:3d}% ({}/{}) loss {:.3g}, about {:.0f} s left", std::string(static_cast<std::size_t>(filled), '#'),
                     std::string(static_cast<std::size_t>(30 - filled), ' '), percent, done, total, loss, left),
         state->width);
    if (done >= total) std::fputc('\n', stderr);
  };
}

}  // namespace nncert::cli
