// The trained parameter set S: a union of the model's named blocks.
#include <algorithm>

#include "engine.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::train::detail {

TrainedSet trained_set(const models::Model<double>& model, const std::string& spec) {
  TrainedSet set;
  set.name = spec;
  std::string::size_type start = 0;
  while (start <= spec.size()) {
    const auto plus = spec.find('+', start);
    const std::string name = spec.substr(start, plus == std::string::npos ? std::string::npos : plus - start);
    if (name.empty()) throw InvalidInput("[train].block '" + spec + "': empty block name");
    models::ParameterBlock b = model.block(name);  // InvalidInput naming the known blocks
    for (const auto& other : set.parts)
      if (b.offset < other.offset + other.size && other.offset < b.offset + b.size)
        throw InvalidInput("[train].block '" + spec + "': blocks '" + other.name + "' and '" + b.name +
                           "' overlap");
    set.size += b.size;
    set.parts.push_back(std::move(b));
    if (plus == std::string::npos) break;
    start = plus + 1;
  }
  if (set.size == 0) throw InvalidInput("[train].block '" + spec + "' has no parameters");
  return set;
}

VecD TrainedSet::gather(const VecD& theta) const {
  VecD out(size);
  Index at = 0;
  for (const auto& b : parts) {
    out.segment(at, b.size) = theta.segment(b.offset, b.size);
    at += b.size;
  }
  return out;
}

void TrainedSet::scatter(const VecD& theta_s, VecD& theta) const {
  Index at = 0;
  for (const auto& b : parts) {
    theta.segment(b.offset, b.size) = theta_s.segment(at, b.size);
    at += b.size;
  }
}

void TrainedSet::add_scaled(double factor, const VecD& v_s, VecD& theta) const {
  Index at = 0;
  for (const auto& b : parts) {
    theta.segment(b.offset, b.size) += factor * v_s.segment(at, b.size);
    at += b.size;
  }
}

bool TrainedSet::contains(Index parameter) const {
  return std::any_of(parts.begin(), parts.end(), [&](const models::ParameterBlock& b) {
    return parameter >= b.offset && parameter < b.offset + b.size;
  });
}

// J_S J_Sᵀ = Σ_b J_b J_bᵀ over the disjoint blocks b of S.
MatD TrainedSet::gram(const models::Model<double>& model, const MatD& X) const {
  MatD g = model.ntk_gram_block(X, parts.front().name);
  for (std::size_t i = 1; i < parts.size(); ++i) g += model.ntk_gram_block(X, parts[i].name);
  return g;
}

MatD TrainedSet::jacobian(const models::Model<double>& model, const MatD& X) const {
  if (parts.size() == 1) return model.jacobian_block(X, parts.front().name);
  MatD j(X.rows() * model.output_dim(), size);
  Index at = 0;
  for (const auto& b : parts) {
    j.middleCols(at, b.size) = model.jacobian_block(X, b.name);
    at += b.size;
  }
  return j;
}

}  // namespace nncert::train::detail
