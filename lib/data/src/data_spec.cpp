#include "nncert/data/data_spec.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "file_error.hpp"
#include "nncert/data/admission.hpp"
#include "nncert/data/csv.hpp"
#include "nncert/data/fashion_mnist.hpp"
#include "nncert/data/matrix_file.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/data/problem_keys.hpp"
#include "nncert/data/section_reader.hpp"
#include "nncert/data/synthetic.hpp"
#include "nncert/data/transforms.hpp"
#include "row_selection.hpp"

namespace nncert::data {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t c = s.find(',', start);
    out.emplace_back(s.substr(start, c == std::string_view::npos ? s.npos : c - start));
    if (c == std::string_view::npos) return out;
    start = c + 1;
  }
}

// Targets file: a matrix, or a 1-d .npy array read as one column.
MatD read_targets(const fs::path& path) {
  if (path.extension() == ".npy") {
    NpyArray a = read_npy(path);
    if (a.shape.size() == 1) {
      if (a.shape[0] == 0) detail::file_error(path, "empty target vector");
      MatD y(a.shape[0], 1);
      for (Index i = 0; i < a.shape[0]; ++i) {
        const double v = a.data[static_cast<std::size_t>(i)];
        if (!std::isfinite(v)) detail::file_error(path, "non-finite target at index " + std::to_string(i));
        y(i, 0) = v;
      }
      return y;
    }
  }
  return read_matrix(path);
}

// Labels from a one-column Y of non-negative integers (class indices), else none.
std::vector<int> labels_from_targets(const MatD& y) {
  if (y.cols() != 1) return {};
  std::vector<int> labels;
  for (Index i = 0; i < y.rows(); ++i) {
    const double v = y(i, 0);
    if (!(v >= 0 && v < 2147483648.0 && v == std::floor(v))) return {};
    labels.push_back(static_cast<int>(v));
  }
  return labels;
}

// The rows `rows` of X, Y and labels (in that order).
HeldOut rows_of(const Dataset& ds, const std::vector<Index>& rows) {
  HeldOut h;
  h.X.resize(static_cast<Index>(rows.size()), ds.X.cols());
  h.Y.resize(static_cast<Index>(rows.size()), ds.Y.cols());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    h.X.row(static_cast<Index>(i)) = ds.X.row(rows[i]);
    if (ds.Y.cols() > 0) h.Y.row(static_cast<Index>(i)) = ds.Y.row(rows[i]);
    if (!ds.labels.empty()) h.labels.push_back(ds.labels[static_cast<std::size_t>(rows[i])]);
  }
  return h;
}

// Keeps the training rows of `split` in ds and moves its test rows into ds.test.
void split_off(Dataset& ds, const detail::RowSplit& split) {
  HeldOut test = rows_of(ds, split.test);
  HeldOut train = rows_of(ds, split.train);
  ds.X = std::move(train.X);
  ds.Y = std::move(train.Y);
  ds.labels = std::move(train.labels);
  ds.test = std::move(test);
}

// Keeps the held-out rows whose label is in `classes`, relabelled by position in the list (a class
// may be missing from a small test split; none left at all is an error).
void keep_classes(HeldOut& test, const std::vector<int>& classes) {
  if (test.labels.empty()) throw InvalidInput("the test rows have no class labels");
  std::vector<Index> rows;
  for (std::size_t i = 0; i < test.labels.size(); ++i)
    if (std::find(classes.begin(), classes.end(), test.labels[i]) != classes.end()) rows.push_back(static_cast<Index>(i));
  if (rows.empty()) throw InvalidInput("no test row is of the selected classes");
  Dataset view;
  view.X = std::move(test.X);
  view.Y = std::move(test.Y);
  view.labels = std::move(test.labels);
  test = rows_of(view, rows);
  test.labels = detail::relabel(test.labels, classes);
}

// Runs f; an InvalidInput from it becomes "FILE:LINE: [data].key <message>".
template <class F>
void at_key(const SectionReader& r, std::string_view key, F&& f) {
  try {
    f();
  } catch (const InvalidInput& e) {
    r.fail(key, std::string("- ") + e.what());
  }
}

}  // namespace

Dataset load_dataset(const toml::table& section, const fs::path& base_dir, const std::string& file) {
  const SectionReader r(section, "data", file);
  r.allow_only(section_keys("data"));
  const std::string source = r.require_string("source");
  const auto seed_value = r.optional_int("seed").value_or(0);
  if (seed_value < 0) r.fail("seed", "must be >= 0");
  const auto seed = static_cast<std::uint64_t>(seed_value);
  const auto n = r.optional_int("n");
  if (n && *n < 1) r.fail("n", "must be >= 1");
  const auto test_n = r.optional_int("test_n");
  if (test_n && *test_n < 1) r.fail("test_n", "must be >= 1");
  std::optional<std::vector<int>> classes;
  if (const auto c = r.optional_int_array("classes")) {
    classes.emplace();
    for (const auto v : *c) {
      if (v < 0 || v > std::numeric_limits<int>::max()) r.fail("classes", "must hold non-negative integers");
      classes->push_back(static_cast<int>(v));
    }
  }
  const auto transforms = r.optional_string_array("transform").value_or(std::vector<std::string>{});
  TargetEncoding encoding = TargetEncoding::regression;
  if (const auto t = r.optional_string("targets")) at_key(r, "targets", [&] { encoding = parse_target_encoding(*t); });

  const bool synthetic = source.starts_with("synthetic:");
  const std::string kind = synthetic ? source.substr(10) : "";
  auto only_for = [&](std::string_view key, bool allowed, std::string_view who) {
    if (!allowed && r.has(key)) r.fail(key, "applies only to " + std::string(who));
  };
  only_for("split", source == "fashion-mnist", "source = \"fashion-mnist\"");
  only_for("d", synthetic, "synthetic sources");
  only_for("noise", kind == "two-moons" || kind == "teacher", "synthetic:two-moons and synthetic:teacher");
  only_for("teacher_width", kind == "teacher", "synthetic:teacher");

  Dataset ds;
  bool sampled = false;  // synthetic n is the generated count, not a sample
  Index class_count = 0;  // one-hot width when classes are selected
  if (source == "fashion-mnist") {
    const std::string split = r.optional_string("split").value_or("train");
    if (split != "train" && split != "test") r.fail("split", "must be \"train\" or \"test\", got \"" + split + "\"");
    const FashionMnist fm = read_fashion_mnist(split);
    // Choose rows on the compact 8-bit data, exactly as select_classes then take_n would.
    std::vector<Index> rows(static_cast<std::size_t>(fm.n()));
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<Index>(i);
    if (classes) at_key(r, "classes", [&] { rows = detail::rows_with_classes(fm.labels, *classes); });
    if (n) {
      std::vector<Index> pick;
      at_key(r, "n", [&] { pick = detail::sample_rows(static_cast<Index>(rows.size()), *n, seed); });
      for (auto& p : pick) p = rows[static_cast<std::size_t>(p)];
      rows = std::move(pick);
    }
    ds = to_dataset(fm, rows);
    if (classes) ds.labels = detail::relabel(ds.labels, *classes);
    if (test_n) {
      // The test rows come from the other file (t10k), so they are disjoint from the training rows by
      // construction; they are sampled with the same seed and class selection.
      if (split != "train") r.fail("test_n", "draws from Fashion-MNIST's test file and needs split = \"train\"");
      const FashionMnist t10k = read_fashion_mnist("test");
      std::vector<Index> test_rows(static_cast<std::size_t>(t10k.n()));
      for (std::size_t i = 0; i < test_rows.size(); ++i) test_rows[i] = static_cast<Index>(i);
      if (classes) at_key(r, "classes", [&] { test_rows = detail::rows_with_classes(t10k.labels, *classes); });
      std::vector<Index> pick;
      at_key(r, "test_n", [&] {
        if (*test_n > static_cast<std::int64_t>(test_rows.size()))
          throw InvalidInput("cannot draw " + std::to_string(*test_n) + " test rows: the test file has " +
                             std::to_string(test_rows.size()) + (classes ? " of the selected classes" : ""));
        pick = detail::sample_rows(static_cast<Index>(test_rows.size()), *test_n, seed);
      });
      for (auto& p : pick) p = test_rows[static_cast<std::size_t>(p)];
      const Dataset held = to_dataset(t10k, pick);
      ds.test = HeldOut{held.X, held.Y, classes ? detail::relabel(held.labels, *classes) : held.labels};
    }
    sampled = true;
    class_count = classes ? static_cast<Index>(classes->size()) : 0;
    classes.reset();
  } else if (source.starts_with("npy:") || source.starts_with("csv:")) {
    const auto names = split_commas(std::string_view(source).substr(4));
    if (names.size() > 2 || names[0].empty() || (names.size() == 2 && names[1].empty()))
      r.fail("source", "must be \"" + source.substr(0, 4) + "X[,Y]\" with one or two file names");
    auto resolve = [&](const std::string& name) {
      const fs::path p(name);
      return p.is_absolute() ? p : base_dir / p;
    };
    const fs::path xpath = resolve(names[0]);
    if (source.starts_with("csv:") && names.size() == 1) {
      const MatD all = read_csv_matrix(xpath);
      if (all.cols() < 2) detail::file_error(xpath, "needs at least two columns (inputs, then the target)");
      ds.X = all.leftCols(all.cols() - 1);
      ds.Y = all.rightCols(1);
    } else {
      ds.X = read_matrix(xpath);
      if (names.size() == 2) {
        const fs::path ypath = resolve(names[1]);
        ds.Y = read_targets(ypath);
        if (ds.Y.rows() != ds.X.rows())
          detail::file_error(ypath, std::to_string(ds.Y.rows()) + " target rows for " +
                                        std::to_string(ds.X.rows()) + " input rows in " + xpath.string());
      } else {
        ds.Y.resize(ds.X.rows(), 0);
      }
    }
    ds.labels = labels_from_targets(ds.Y);
  } else if (synthetic) {
    if (!n) r.fail("n", "is required for synthetic sources");
    const auto d = r.optional_int("d");
    {
      // X (n x d) and Y (n x 1), plus a teacher's hidden activations: refuse absurd sizes before
      // generating anything.
      const double dd = static_cast<double>(d.value_or(2) > 0 ? d.value_or(2) : 1);
      const double rows = static_cast<double>(*n) + static_cast<double>(test_n.value_or(0));
      const double bytes = 8.0 * rows * (2 * dd + 2);
      admit(file, {bytes, 0,
                   "[data] " + source + " with n = " + std::to_string(*n) +
                       (test_n ? " + test_n = " + std::to_string(*test_n) : std::string()) +
                       ", d = " + std::to_string(d.value_or(2))});
    }
    // With test_n the generator draws n + test_n points from the one seed: the first n are the
    // training rows, the last test_n the test rows (fresh draws, so disjoint from the training rows).
    const Index generated = *n + test_n.value_or(0);
    const double noise = r.optional_double("noise").value_or(kind == "two-moons" ? 0.1 : 0.0);
    if (noise < 0) r.fail("noise", "must be >= 0");
    if (kind == "two-moons") {
      if (d && *d != 2) r.fail("d", "must be 2 for two-moons");
      ds = make_two_moons(generated, noise, seed);
    } else if (kind == "sphere" || kind == "gaussian" || kind == "teacher") {
      if (!d) r.fail("d", "is required for " + source);
      if (*d < 1) r.fail("d", "must be >= 1");
      if (kind == "sphere") ds = make_sphere(generated, *d, seed);
      if (kind == "gaussian") ds = make_gaussian(generated, *d, seed);
      if (kind == "teacher") {
        const auto width = r.optional_int("teacher_width").value_or(16);
        if (width < 1) r.fail("teacher_width", "must be >= 1");
        ds = make_teacher(generated, *d, width, seed, noise);
      }
    } else {
      r.fail("source", "unknown synthetic generator '" + kind + "' (known: sphere, gaussian, two-moons, teacher)");
    }
    if (test_n) {
      detail::RowSplit split;
      for (Index i = 0; i < generated; ++i) (i < *n ? split.train : split.test).push_back(i);
      split_off(ds, split);
    }
    sampled = true;
  } else {
    r.fail("source", "unknown source '" + source +
                         "' (expected fashion-mnist, npy:X.npy[,Y.npy], csv:F.csv, csv:X.csv,Y.csv, "
                         "synthetic:sphere|gaussian|two-moons|teacher)");
  }
  ds.name = source == "fashion-mnist" ? ds.name : source;

  if (classes) {
    at_key(r, "classes", [&] { select_classes(ds, *classes); });
    class_count = static_cast<Index>(classes->size());
    // Synthetic sources split before this point: their test rows get the same class selection.
    if (ds.test) at_key(r, "test_n", [&] { keep_classes(*ds.test, *classes); });
  }
  if (test_n && !sampled) {
    // npy / csv: a seeded split of the rows (after the class selection) into disjoint training and
    // test rows; the training rows are those `n` alone would take (all the others when n is absent).
    const Index train_n = n ? *n : ds.n() - *test_n;
    at_key(r, "test_n", [&] { split_off(ds, detail::split_rows(ds.n(), train_n, *test_n, seed)); });
  } else if (n && !sampled) {
    at_key(r, "n", [&] { take_n(ds, *n, seed); });
  }
  for (const auto& t : transforms) at_key(r, "transform", [&] { apply_transform(ds, t); });
  at_key(r, "targets", [&] { encode_targets(ds, encoding, class_count); });
  update_hashes(ds);
  return ds;
}

Dataset load_dataset(const ProblemFile& problem) {
  return load_dataset(require_section(problem, "data"), problem.path.parent_path(), problem.path.string());
}

}  // namespace nncert::data
