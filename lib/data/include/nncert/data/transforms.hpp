#pragma once
// Transforms of a Dataset, each in place. They do not refresh the hashes: call update_hashes (or
// use load_dataset, which does) when done. Bad arguments are InvalidInput "<transform>: <problem>".
//
// Held-out rows (Dataset::test): select_classes and take_n act on the training rows only (load_dataset
// calls them before it draws the test split). Every other transform maps the test rows too, with the
// map fitted on the training rows (scale01's range, standardise's mean and standard deviation), so no
// statistic of the test rows leaks into either split, and both get the same target encoding.
#include <cstdint>
#include <string_view>
#include <vector>

#include "nncert/data/dataset.hpp"

namespace nncert::data {

// Keeps the rows whose label is in `classes` and relabels them by position in the list: with
// classes {3, 5}, label 3 becomes 0 and 5 becomes 1. Rows of X and Y are kept (Y values are not
// changed: encode_targets rebuilds Y from the new labels). Requires labels; classes non-empty,
// without repeats, each present in the data.
void select_classes(Dataset& ds, const std::vector<int>& classes);

// Keeps n rows chosen uniformly at random without replacement: the row indices 0..N-1 are shuffled
// with Rng(seed).shuffle and the first n kept, then sorted, so the kept rows stay in their original
// relative order. Requires 1 <= n <= N.
void take_n(Dataset& ds, Index n, std::uint64_t seed);

// The rows are plain vectors from now on: drops the image shape (X is unchanged, it is already
// n x (C*H*W)). Image transforms (downsample) are errors afterwards.
void flatten(Dataset& ds);

// Maps the known value range [lo, hi] (value_range, e.g. [0, 255] for 8-bit images: x / 255) onto
// [0, 1]; without a known range, the range of X itself (min-max over all entries). Sets value_range
// to [0, 1]. Error if hi == lo.
void scale01(Dataset& ds);

// Divides every row of X by its Euclidean norm. Error naming the first zero row. Clears value_range.
void unit_norm_rows(Dataset& ds);

// Centres every column of X and divides by its population standard deviation (1/n). Columns of
// zero variance are only centred (they become 0). Requires n >= 1. Clears value_range.
void standardise_columns(Dataset& ds);

// Average pooling of each image channel over factor x factor blocks: 28x28 -> 14x14 (2) or 7x7 (4).
// Requires an image shape whose height and width are multiples of factor >= 1.
void downsample(Dataset& ds, Index factor);

// Applies one transform by name: "flatten", "scale01", "unit-norm", "standardise" (or
// "standardize"), "downsample:F".
void apply_transform(Dataset& ds, std::string_view spec);

enum class TargetEncoding { one_hot, pm1, regression };
// "one-hot", "pm1", "regression"; InvalidInput otherwise.
TargetEncoding parse_target_encoding(std::string_view name);

// one_hot: Y n x K with K = max(class_count, 1 + the largest label of the training and test rows),
//          Y(i, labels[i]) = 1, else 0 (pass class_count = the number of selected classes so that K
//          does not depend on which classes a sample happens to contain).
// pm1:     Y n x 1, +1 for label 1 and -1 for label 0; labels must lie in {0, 1} (more classes: error).
// regression: Y unchanged.
// The test rows, if any, are encoded the same way (same K).
void encode_targets(Dataset& ds, TargetEncoding encoding, Index class_count = 0);

}  // namespace nncert::data
