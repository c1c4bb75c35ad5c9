#pragma once
// How much a certified guarantee says about the run it is attached to, in one word and one line.
// A true statement can be useless: "the loss is below 10^-3·L_0 after 66 million steps" for a run of
// 2000 steps, or a rate certified only for a phase that starts after the loss has already vanished.
// The grade is what the terminal summary, the top of the report and the certificate show first.
//
//   meaningful  the envelope reaches 10^-3·L_0 within the compared run;
//   weak        within 100× the run, or a theorem without a rate (it never says when);
//   vacuous     beyond 100× the run, or the certified phase starts at a loss already below
//               10^-6·L_0 of the whole run (an uncertified earlier phase did the work);
//   none        nothing is guaranteed for this run: no prediction, or only a heuristic one.
#include <string>
#include <string_view>

#include "nncert/theory/prediction.hpp"

namespace nncert::theory {

enum class StrengthGrade { meaningful, weak, vacuous, none };
std::string_view to_string(StrengthGrade grade);

struct Strength {
  StrengthGrade grade = StrengthGrade::none;
  std::string reason;  // one line, with the numbers that decided the grade
};

// The compared run: its length in the prediction's clock (GD steps, or flow time for exponential
// decay), the loss where the compared phase starts, and the loss at the very start of the run.
struct ComparedRun {
  double length = 0;
  double phase_start_loss = 0;
  double run_initial_loss = 0;
};

Strength grade_strength(const Prediction& prediction, const ComparedRun& run);

}  // namespace nncert::theory
