// Pruning a trained scaled-shallow net to its k largest-scale nodes (pruning.hpp).
#include "nncert/train/pruning.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include <fmt/format.h>

#include "nncert/data/accuracy.hpp"
#include "nncert/data/section_reader.hpp"
#include "nncert/models/scaled_shallow.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::train {
namespace {

double accuracy_or_nan(const MatD& f, const MatD& Y) { return data::accuracy(f, Y).value_or(std::nan("")); }

// H·R in the same product the model's forward pass uses (Eigen's GEMM into a fresh matrix), so that
// the unpruned read-out reproduces forward(X) bit for bit.
MatD read_out(const MatD& hidden, const MatD& readout) {
  MatD f(hidden.rows(), readout.cols());
  f.noalias() = hidden * readout;
  return f;
}

}  // namespace

std::vector<Index> pruning_order(const VecD& lambda) {
  std::vector<Index> order(static_cast<std::size_t>(lambda.size()));
  std::iota(order.begin(), order.end(), Index{0});
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return lambda(a) > lambda(b); });
  return order;
}

std::vector<PrunedEvaluation> evaluate_pruned(const models::Model<double>& model, const MatD& X, const MatD& Y,
                                              const data::HeldOut* test, const std::vector<Index>& keep) {
  const auto* net = dynamic_cast<const models::ScaledShallowNet<double>*>(&model);
  if (net == nullptr)
    throw InvalidInput("[train].prune_keep needs [model] kind = \"scaled-shallow\", got \"" + model.kind() + "\"");
  const Index m = net->config().width;
  for (const Index k : keep)
    if (k < 1 || k > m) throw InvalidInput(fmt::format("[train].prune_keep: {} is not in 1..{} (the width)", k, m));
  // The full read-out √λ_j·u_j (m×k), formed exactly as forward() forms it.
  const VecD root = net->lambdas().unaryExpr([](double v) { return std::sqrt(v); });
  const MatD readout = root.asDiagonal() * net->output_signs();
  const MatD hidden_train = net->features(X, 1);
  const MatD hidden_test = test != nullptr ? net->features(test->X, 1) : MatD();
  const std::vector<Index> order = pruning_order(net->lambdas());

  std::vector<PrunedEvaluation> out;
  for (const Index k : keep) {
    MatD kept = MatD::Zero(readout.rows(), readout.cols());
    for (Index r = 0; r < k; ++r) kept.row(order[static_cast<std::size_t>(r)]) = readout.row(order[static_cast<std::size_t>(r)]);
    PrunedEvaluation e;
    e.keep = k;
    const MatD f = read_out(hidden_train, kept);
    e.train_loss = (f - Y).squaredNorm() / (2.0 * static_cast<double>(X.rows()));
    e.train_accuracy = accuracy_or_nan(f, Y);
    e.test_loss = e.test_accuracy = std::nan("");
    if (test != nullptr) {
      const MatD ft = read_out(hidden_test, kept);
      e.test_loss = (ft - test->Y).squaredNorm() / (2.0 * static_cast<double>(test->n()));
      e.test_accuracy = accuracy_or_nan(ft, test->Y);
    }
    out.push_back(e);
  }
  return out;
}

void check_prune_keep(const TrainConfig& config, const data::ProblemFile& problem) {
  if (config.prune_keep.empty()) return;
  const toml::table* train = data::optional_section(problem, "train");
  if (train == nullptr) return;
  const data::SectionReader r(*train, "train", problem.path.string());
  std::string kind = "mlp";
  std::optional<std::int64_t> width;
  if (const toml::table* model = data::optional_section(problem, "model")) {
    const data::SectionReader mr(*model, "model", problem.path.string());
    kind = mr.optional_string("kind").value_or("mlp");
    if (kind == "scaled-shallow") width = mr.optional_int("width");
  }
  if (kind != "scaled-shallow")
    r.fail("prune_keep", "needs [model] kind = \"scaled-shallow\" (nodes with scales to prune), got \"" + kind + "\"");
  // A missing width is the model parser's error, reported when the model is built.
  if (width && config.prune_keep.back() > *width)
    r.fail("prune_keep", fmt::format("keeps {} nodes but [model] width is {}", config.prune_keep.back(), *width));
}

}  // namespace nncert::train
