#include "nncert/train/phase_two_start.hpp"

#include <fmt/format.h>

#include "nncert/models/mlp.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/train/train_config.hpp"
#include "nncert/train/trainer.hpp"

namespace nncert::train {

VecD phase_two_start(const models::MlpConfig& config, const MatD& X, const MatD& Y, const data::ProblemFile& problem,
                     const std::string& start) {
  models::Mlp<double> net(config);
  if (start == "theta0") return net.params();
  if (start != "phase2")
    throw InvalidInput(fmt::format("parameter 'start' must be \"theta0\" or \"phase2\", got \"{}\"", start));
  const toml::table* section = data::optional_section(problem, "train");
  if (!section)
    throw InvalidInput(fmt::format("{}: start = \"phase2\" needs a [train] section with the two-phase recipe", problem.path.string()));
  TrainConfig t = parse_train_config(*section, problem.path.string());
  if (t.algorithm != Algorithm::kawaguchi_sun_two_phase)
    throw InvalidInput(fmt::format("{}: start = \"phase2\" needs [train] algorithm = \"kawaguchi-sun-two-phase\"", problem.path.string()));
  if (!t.step_size)
    throw InvalidInput(fmt::format("{}: start = \"phase2\" needs an explicit [train].step_size (phase 1 is replayed)", problem.path.string()));
  const Index tau = t.tau.value_or(t.steps / 2);
  if (tau == 0) return net.params();
  t.steps = tau;
  t.tau = tau;
  t.record_every = tau;
  t.gram_every = 0;
  t.certify_every = 0;
  train(net, X, Y, t);
  return net.params();
}

}  // namespace nncert::train
