#pragma once
// One derivation of the prediction and its confirmation, shared by `nncert prove` and `nncert check`
// (issue #16): the conclusion is bound to the protocol [train] actually runs, the run's model
// quantities (width) join the run quantities, and the envelope is compared at EVERY step of the run
// (steps.csv), not only at the recorded rows (trajectory.csv).
#include <map>
#include <string>
#include <vector>

#include "nncert/cert/trajectory_table.hpp"
#include "nncert/numeric/interval.hpp"
#include "nncert/theory/prediction.hpp"
#include "nncert/theory/protocol.hpp"
#include "nncert/theory/strength.hpp"
#include "nncert/theory/verify.hpp"
#include "nncert/train/train_config.hpp"

namespace nncert::cert {

// The protocol [train] runs, phase by phase (trainer.hpp), with the step sizes the run used
// (phase2_step_size: NaN for single-phase algorithms).
theory::TrainedProtocol trained_protocol(const train::TrainConfig& config, double step_size, double phase2_step_size);

// Parameter indices of a block list ("output,output.bias", "a+b", "wide", "all") of the model.
theory::BlockResolver block_resolver(const models::ModelConfig& model);

// The problem's [train] section compared with the conclusion's [conclusion.protocol].
theory::ProtocolBinding bind_protocol(const theory::Theorem& theorem, const std::vector<theory::Finding>& findings,
                                      const theory::LoadedProblem& problem, double step_size, double phase2_step_size);

// Adds the model's own quantities to the run quantities: "width" (the narrowest hidden width of an
// mlp, the width of a scaled-shallow net, the features of an rff-resnet).
void add_model_quantities(std::map<std::string, Interval>& quantities, const models::ModelConfig& model);

// The confirmation: rate conclusions on every evaluation (steps.csv), global-minimum on the final
// recorded row (trajectory.csv).
theory::Confirmation confirm_every_step(const theory::Prediction& prediction, const ComparedSeries& rows,
                                        const ComparedSeries& every_step, int phase);

// The strength of the guarantee for this run (strength.hpp): the compared phase's length on the
// prediction's clock and its first loss (from the every-step series), and the run's first loss.
theory::Strength strength_of(const theory::Prediction& prediction, const ComparedSeries& every_step,
                             const TrajectoryTable& table);

}  // namespace nncert::cert
