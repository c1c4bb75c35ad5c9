#pragma once
// The three-valued answer of every check. "inconclusive" is always an honest answer; "certified" and
// "refuted" are mathematical facts about the input, proven including every rounding error.
#include <string_view>

namespace nncert {

enum class Verdict { certified, refuted, inconclusive };

constexpr std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::certified: return "certified";
    case Verdict::refuted: return "refuted";
    case Verdict::inconclusive: return "inconclusive";
  }
  return "inconclusive";
}

// Process exit codes of the command line (README.md#the-command-line). 2 is reserved for usage errors and bad input.
constexpr int exit_code(Verdict v) {
  switch (v) {
    case Verdict::certified: return 0;
    case Verdict::refuted: return 1;
    case Verdict::inconclusive: return 3;
  }
  return 3;
}
inline constexpr int kExitBadInput = 2;

// Conjunction of several verdicts: refuted if any is refuted, certified if all are, else inconclusive.
constexpr Verdict combine(Verdict a, Verdict b) {
  if (a == Verdict::refuted || b == Verdict::refuted) return Verdict::refuted;
  if (a == Verdict::certified && b == Verdict::certified) return Verdict::certified;
  return Verdict::inconclusive;
}

}  // namespace nncert
