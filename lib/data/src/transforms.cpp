#include "nncert/data/transforms.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

#include "nncert/numeric/errors.hpp"
#include "row_selection.hpp"

namespace nncert::data {
namespace {

void keep_rows(Dataset& ds, const std::vector<Index>& rows) {
  MatD X(static_cast<Index>(rows.size()), ds.X.cols());
  MatD Y(static_cast<Index>(rows.size()), ds.Y.cols());
  std::vector<int> labels;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    X.row(static_cast<Index>(i)) = ds.X.row(rows[i]);
    if (ds.Y.cols() > 0) Y.row(static_cast<Index>(i)) = ds.Y.row(rows[i]);
    if (!ds.labels.empty()) labels.push_back(ds.labels[static_cast<std::size_t>(rows[i])]);
  }
  ds.X = std::move(X);
  ds.Y = std::move(Y);
  ds.labels = std::move(labels);
}

}  // namespace

void select_classes(Dataset& ds, const std::vector<int>& classes) {
  if (ds.labels.empty()) throw InvalidInput("classes: the data set has no class labels");
  const std::vector<Index> rows = detail::rows_with_classes(ds.labels, classes);
  keep_rows(ds, rows);
  ds.labels = detail::relabel(ds.labels, classes);
}

void take_n(Dataset& ds, Index n, std::uint64_t seed) { keep_rows(ds, detail::sample_rows(ds.n(), n, seed)); }

void flatten(Dataset& ds) { ds.image.reset(); }

void scale01(Dataset& ds) {
  if (ds.X.size() == 0) throw InvalidInput("scale01: empty data");
  const auto [lo, hi] = ds.value_range.value_or(std::pair{ds.X.minCoeff(), ds.X.maxCoeff()});
  if (!(hi > lo)) throw InvalidInput("scale01: all values are equal; the range cannot be mapped onto [0, 1]");
  // x -> (x - lo) / (hi - lo); for the byte range this is x / 255 (lo = 0: the subtraction is exact).
  // The test rows get the same map (the training range), so they may leave [0, 1] when no range is known.
  const double width = hi - lo;
  ds.X = ((ds.X.array() - lo) / width).matrix();
  if (ds.test) ds.test->X = ((ds.test->X.array() - lo) / width).matrix();
  ds.value_range = std::pair{0.0, 1.0};
}

namespace {

// Divides every row of X by its Euclidean norm; `which` names the rows in the error ("row", "test row").
void unit_norm_rows_of(MatD& X, const char* which) {
  for (Index i = 0; i < X.rows(); ++i) {
    double s = 0;
    for (Index j = 0; j < X.cols(); ++j) s += X(i, j) * X(i, j);
    if (s == 0) throw InvalidInput(std::string("unit-norm: ") + which + " " + std::to_string(i) + " is zero");
    const double r = std::sqrt(s);
    for (Index j = 0; j < X.cols(); ++j) X(i, j) /= r;
  }
}

}  // namespace

void unit_norm_rows(Dataset& ds) {
  unit_norm_rows_of(ds.X, "row");
  if (ds.test) unit_norm_rows_of(ds.test->X, "test row");
  ds.value_range.reset();
}

void standardise_columns(Dataset& ds) {
  if (ds.n() < 1) throw InvalidInput("standardise: empty data");
  const double n = static_cast<double>(ds.n());
  for (Index j = 0; j < ds.d(); ++j) {
    double mean = 0;
    for (Index i = 0; i < ds.n(); ++i) mean += ds.X(i, j);
    mean /= n;
    double var = 0;
    for (Index i = 0; i < ds.n(); ++i) {
      ds.X(i, j) -= mean;
      var += ds.X(i, j) * ds.X(i, j);
    }
    var /= n;
    // The test rows get the training rows' map x -> (x - mean) / sd (only centred where sd = 0).
    const double sd = var > 0 ? std::sqrt(var) : 0.0;
    if (ds.test)
      for (Index i = 0; i < ds.test->n(); ++i) {
        ds.test->X(i, j) -= mean;
        if (sd > 0) ds.test->X(i, j) /= sd;
      }
    if (var > 0) {
      for (Index i = 0; i < ds.n(); ++i) ds.X(i, j) /= sd;
    } else {
      for (Index i = 0; i < ds.n(); ++i) ds.X(i, j) = 0;  // constant column: centred exactly
    }
  }
  ds.value_range.reset();
}

namespace {

MatD pooled(const MatD& X, const ImageShape& in, const ImageShape& out, Index factor) {
  const double area = static_cast<double>(factor * factor);
  MatD P(X.rows(), out.size());
  for (Index i = 0; i < X.rows(); ++i)
    for (Index c = 0; c < out.channels; ++c)
      for (Index y = 0; y < out.height; ++y)
        for (Index x = 0; x < out.width; ++x) {
          double s = 0;
          for (Index dy = 0; dy < factor; ++dy)
            for (Index dx = 0; dx < factor; ++dx)
              s += X(i, (c * in.height + y * factor + dy) * in.width + x * factor + dx);
          P(i, (c * out.height + y) * out.width + x) = s / area;
        }
  return P;
}

}  // namespace

void downsample(Dataset& ds, Index factor) {
  if (!ds.image) throw InvalidInput("downsample: the data are not images (or were flattened)");
  const ImageShape in = *ds.image;
  if (factor < 1 || in.height % factor != 0 || in.width % factor != 0)
    throw InvalidInput("downsample: factor " + std::to_string(factor) + " does not divide the image size " +
                       std::to_string(in.height) + "x" + std::to_string(in.width));
  const ImageShape out{in.channels, in.height / factor, in.width / factor};
  ds.X = pooled(ds.X, in, out, factor);
  if (ds.test) ds.test->X = pooled(ds.test->X, in, out, factor);
  ds.image = out;
}

void apply_transform(Dataset& ds, std::string_view spec) {
  if (spec == "flatten") return flatten(ds);
  if (spec == "scale01") return scale01(ds);
  if (spec == "unit-norm") return unit_norm_rows(ds);
  if (spec == "standardise" || spec == "standardize") return standardise_columns(ds);
  if (spec.starts_with("downsample:")) {
    const std::string_view arg = spec.substr(11);
    Index f = 0;
    const auto [ptr, ec] = std::from_chars(arg.data(), arg.data() + arg.size(), f);
    if (ec != std::errc() || ptr != arg.data() + arg.size() || f < 1)
      throw InvalidInput("downsample: factor must be a positive integer, got '" + std::string(arg) + "'");
    return downsample(ds, f);
  }
  throw InvalidInput("unknown transform '" + std::string(spec) +
                     "' (known: flatten, scale01, unit-norm, standardise, downsample:F)");
}

TargetEncoding parse_target_encoding(std::string_view name) {
  if (name == "one-hot") return TargetEncoding::one_hot;
  if (name == "pm1") return TargetEncoding::pm1;
  if (name == "regression") return TargetEncoding::regression;
  throw InvalidInput("unknown target encoding '" + std::string(name) + "' (known: one-hot, pm1, regression)");
}

namespace {

// Y (rows x 1) of +1 for label 1 and -1 for label 0.
MatD pm1_targets(const std::vector<int>& labels) {
  MatD Y(static_cast<Index>(labels.size()), 1);
  for (std::size_t i = 0; i < labels.size(); ++i) Y(static_cast<Index>(i), 0) = labels[i] == 1 ? 1.0 : -1.0;
  return Y;
}

// Y (rows x width) with Y(i, labels[i]) = 1, else 0.
MatD one_hot_targets(const std::vector<int>& labels, Index width) {
  MatD Y = MatD::Zero(static_cast<Index>(labels.size()), width);
  for (std::size_t i = 0; i < labels.size(); ++i) Y(static_cast<Index>(i), labels[i]) = 1.0;
  return Y;
}

}  // namespace

void encode_targets(Dataset& ds, TargetEncoding encoding, Index class_count) {
  if (encoding == TargetEncoding::regression) return;
  const char* name = encoding == TargetEncoding::pm1 ? "pm1" : "one-hot";
  if (ds.labels.empty() || static_cast<Index>(ds.labels.size()) != ds.n())
    throw InvalidInput(std::string(name) + ": the data set has no class labels");
  if (ds.test && static_cast<Index>(ds.test->labels.size()) != ds.test->n())
    throw InvalidInput(std::string(name) + ": the test rows have no class labels");
  std::vector<int> all = ds.labels;
  if (ds.test) all.insert(all.end(), ds.test->labels.begin(), ds.test->labels.end());
  const int lo = *std::min_element(all.begin(), all.end());
  const int hi = *std::max_element(all.begin(), all.end());
  if (lo < 0) throw InvalidInput(std::string(name) + ": negative label " + std::to_string(lo));
  if (encoding == TargetEncoding::pm1) {
    if (hi > 1)
      throw InvalidInput("pm1: needs two classes (labels 0 and 1), found label " + std::to_string(hi) +
                         "; select two classes or use one-hot");
    ds.Y = pm1_targets(ds.labels);
    if (ds.test) ds.test->Y = pm1_targets(ds.test->labels);
    return;
  }
  const Index width = std::max<Index>(class_count, Index{hi} + 1);
  ds.Y = one_hot_targets(ds.labels, width);
  if (ds.test) ds.test->Y = one_hot_targets(ds.test->labels, width);
}

}  // namespace nncert::data
