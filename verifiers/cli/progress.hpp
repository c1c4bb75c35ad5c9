#pragma once
// Progress on stderr, drawn only when stderr is a terminal (never in pipes, logs or tests): which
// hypothesis is being verified, and training's step, loss and estimated time left.
#include "nncert/theory/verify.hpp"
#include "nncert/train/trainer.hpp"

namespace nncert::cli {

// "study point 3/12: model.widths.1 = 16" on its own line; nothing off a terminal.
void study_point_progress(std::size_t index, std::size_t total, const std::string& what);
// "verifying 2/4: ntk-gram-pd ..." on one line, cleared when verification ends; empty off a terminal.
theory::VerifyProgress verification_progress();

// "training [#####     ]  42% (420/1000) loss 1.2e-3, about 12 s left"; empty off a terminal.
train::ProgressCallback training_progress();

}  // namespace nncert::cli
