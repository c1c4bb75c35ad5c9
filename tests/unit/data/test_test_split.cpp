// [data] test_n: held-out rows drawn disjointly from the source, deterministically from the seed,
// transformed with the training rows' statistics and encoded with the same target width.
#include <cmath>
#include <set>
#include <vector>

#include "data_test_util.hpp"
#include "nncert/data/accuracy.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/fashion_mnist.hpp"
#include "nncert/data/npy.hpp"

using Catch::Matchers::Contains;
using nncert::Index;
using nncert::MatD;
using namespace nncert::data;
using namespace nncert::test;
namespace fs = std::filesystem;

namespace {

Dataset load(const std::string& toml_text, const fs::path& base = ".") {
  const ProblemFile p = parse_problem_text(toml_text, "P.toml");
  return load_dataset(require_section(p, "data"), base, "P.toml");
}

// 20 rows whose first column is the row number (so a row names itself) and second its square; the
// label of row i is i % 3.
fs::path write_indexed_source() {
  const fs::path dir = make_temp_dir("test_split");
  MatD X(20, 2), Y(20, 1);
  for (Index i = 0; i < 20; ++i) {
    X(i, 0) = static_cast<double>(i);
    X(i, 1) = static_cast<double>(i * i);
    Y(i, 0) = static_cast<double>(i % 3);
  }
  write_npy(dir / "X.npy", X);
  write_npy(dir / "Y.npy", Y);
  return dir;
}

std::vector<Index> ids(const MatD& X) {
  std::vector<Index> out;
  for (Index i = 0; i < X.rows(); ++i) out.push_back(static_cast<Index>(X(i, 0)));
  return out;
}

std::set<std::vector<double>> row_set(const MatD& X) {
  std::set<std::vector<double>> rows;
  for (Index i = 0; i < X.rows(); ++i) {
    std::vector<double> r(static_cast<std::size_t>(X.cols()));
    for (Index j = 0; j < X.cols(); ++j) r[static_cast<std::size_t>(j)] = X(i, j);
    rows.insert(r);
  }
  return rows;
}

bool disjoint_rows(const MatD& A, const MatD& B) {
  const auto a = row_set(A);
  for (const auto& r : row_set(B))
    if (a.count(r) != 0) return false;
  return true;
}

}  // namespace

TEST_CASE("test_n on a file source: disjoint, deterministic, seeded; training rows as n alone takes them",
          "[data][split]") {
  const fs::path dir = write_indexed_source();
  const std::string base = "[data]\nsource = \"npy:X.npy,Y.npy\"\nn = 12\ntest_n = 5\n";
  const Dataset a = load(base + "seed = 7\n", dir);
  const Dataset b = load(base + "seed = 7\n", dir);
  const Dataset c = load(base + "seed = 8\n", dir);
  REQUIRE(a.test.has_value());
  REQUIRE(a.n() == 12);
  REQUIRE(a.test->n() == 5);
  const auto train = ids(a.X), test = ids(a.test->X);
  // No test row is a training row, every row is a source row, and each set keeps the file order.
  for (const Index t : test) CHECK(std::find(train.begin(), train.end(), t) == train.end());
  CHECK(std::is_sorted(train.begin(), train.end()));
  CHECK(std::is_sorted(test.begin(), test.end()));
  for (Index i = 0; i < a.test->n(); ++i) {
    CHECK(a.test->X(i, 1) == a.test->X(i, 0) * a.test->X(i, 0));  // whole rows, not mixed columns
    CHECK(a.test->labels[static_cast<std::size_t>(i)] == test[static_cast<std::size_t>(i)] % 3);
  }
  // Same seed -> same rows; another seed -> other rows.
  CHECK(ids(b.X) == train);
  CHECK(ids(b.test->X) == test);
  CHECK(ids(c.test->X) != test);
  // The training rows are those `n = 12` alone takes: adding test_n does not change them.
  const Dataset alone = load("[data]\nsource = \"npy:X.npy,Y.npy\"\nn = 12\nseed = 7\n", dir);
  CHECK(ids(alone.X) == train);
  CHECK_FALSE(alone.test.has_value());
  // Without n the training rows are all the others.
  const Dataset rest = load("[data]\nsource = \"npy:X.npy,Y.npy\"\ntest_n = 5\nseed = 7\n", dir);
  CHECK(rest.n() == 15);
  CHECK(disjoint_rows(rest.X, rest.test->X));
}

TEST_CASE("test_n: one-hot targets have the width of the class list on both splits", "[data][split]") {
  const fs::path dir = write_indexed_source();
  // Classes 0 and 2 of the labels i % 3 (14 rows: 0, 2, 3, 5, ...), relabelled 0 and 1, plus an
  // absent class-to-be: classes [0, 2, 1] gives K = 3 even if a split happens to miss a class.
  const Dataset ds = load("[data]\nsource = \"npy:X.npy,Y.npy\"\nclasses = [0, 2]\nn = 6\ntest_n = 4\nseed = 3\n"
                          "targets = \"one-hot\"\n",
                          dir);
  REQUIRE(ds.test.has_value());
  CHECK(ds.Y.rows() == 6);
  CHECK(ds.Y.cols() == 2);
  CHECK(ds.test->Y.rows() == 4);
  CHECK(ds.test->Y.cols() == 2);
  for (Index i = 0; i < ds.test->n(); ++i) {
    const Index source_label = static_cast<Index>(ds.test->X(i, 0)) % 3;
    REQUIRE((source_label == 0 || source_label == 2));
    const Index position = source_label == 0 ? 0 : 1;  // relabelled by position in the list
    CHECK(ds.test->Y(i, position) == 1.0);
    CHECK(ds.test->Y.row(i).sum() == 1.0);
  }
  CHECK(classify_targets(ds.Y) == TargetKind::one_hot);
  CHECK(classify_targets(ds.test->Y) == TargetKind::one_hot);
  // K = the number of classes, whatever the sample holds: 2 rows of class 0 only still give 3 columns.
  const Dataset narrow = load("[data]\nsource = \"npy:X.npy,Y.npy\"\nclasses = [0, 1, 2]\nn = 1\ntest_n = 1\nseed = 0\n"
                              "targets = \"one-hot\"\n",
                              dir);
  CHECK(narrow.Y.cols() == 3);
  CHECK(narrow.test->Y.cols() == 3);
}

TEST_CASE("test_n: transforms are fitted on the training rows and applied to the test rows", "[data][split]") {
  const fs::path dir = write_indexed_source();
  const std::string spec = "[data]\nsource = \"npy:X.npy,Y.npy\"\nn = 10\ntest_n = 4\nseed = 5\n";
  const Dataset raw = load(spec, dir);
  const Dataset st = load(spec + "transform = [\"standardise\"]\n", dir);
  for (Index j = 0; j < 2; ++j) {
    // Population mean and standard deviation of the raw training column, recomputed here.
    double mean = 0, var = 0;
    for (Index i = 0; i < raw.n(); ++i) mean += raw.X(i, j);
    mean /= 10.0;
    for (Index i = 0; i < raw.n(); ++i) var += (raw.X(i, j) - mean) * (raw.X(i, j) - mean);
    const double sd = std::sqrt(var / 10.0);
    for (Index i = 0; i < raw.test->n(); ++i)
      CHECK(st.test->X(i, j) == Approx((raw.test->X(i, j) - mean) / sd).epsilon(1e-12));
  }
  // scale01 without a known range: the training rows' min and max, so a test row may leave [0, 1].
  const Dataset sc = load(spec + "transform = [\"scale01\"]\n", dir);
  const double lo = raw.X.minCoeff(), hi = raw.X.maxCoeff();
  for (Index i = 0; i < raw.test->n(); ++i)
    CHECK(sc.test->X(i, 1) == Approx((raw.test->X(i, 1) - lo) / (hi - lo)).epsilon(1e-12));
}

TEST_CASE("test_n on synthetic sources: the last test_n of n + test_n draws", "[data][split]") {
  const Dataset a = load("[data]\nsource = \"synthetic:sphere\"\nn = 10\nd = 3\nseed = 4\ntest_n = 6\n");
  const Dataset alone = load("[data]\nsource = \"synthetic:sphere\"\nn = 10\nd = 3\nseed = 4\n");
  const Dataset all = load("[data]\nsource = \"synthetic:sphere\"\nn = 16\nd = 3\nseed = 4\n");
  REQUIRE(a.test.has_value());
  CHECK(a.X == alone.X);  // sphere draws row by row: the training rows do not move
  CHECK(a.Y == alone.Y);
  CHECK(a.test->X == all.X.bottomRows(6));
  CHECK(a.test->Y == all.Y.bottomRows(6));
  CHECK(disjoint_rows(a.X, a.test->X));
  const Dataset other = load("[data]\nsource = \"synthetic:sphere\"\nn = 10\nd = 3\nseed = 5\ntest_n = 6\n");
  CHECK(other.test->X != a.test->X);
  // A class selection applies to the test rows too: two-moons row i is on moon i % 2, so of the 12
  // test rows 10..21 only the even ones are moon 0, relabelled 0 (one-hot width 1).
  const Dataset moon0 = load("[data]\nsource = \"synthetic:two-moons\"\nn = 10\nseed = 1\ntest_n = 12\nclasses = [0]\n"
                             "targets = \"one-hot\"\n");
  const Dataset moons = load("[data]\nsource = \"synthetic:two-moons\"\nn = 22\nseed = 1\n");
  REQUIRE(moon0.test.has_value());
  CHECK(moon0.n() == 5);
  CHECK(moon0.test->n() == 6);
  for (Index i = 0; i < 6; ++i) {
    CHECK(moon0.test->X.row(i) == moons.X.row(10 + 2 * i));
    CHECK(moon0.test->labels[static_cast<std::size_t>(i)] == 0);
  }
  CHECK(moon0.test->Y == MatD::Ones(6, 1));
}

TEST_CASE("test_n on Fashion-MNIST: ten one-hot classes, test rows from the t10k file", "[data][split][fashion]") {
  const std::string spec =
      "[data]\nsource = \"fashion-mnist\"\nclasses = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\nn = 40\ntest_n = 30\nseed = 2\n"
      "targets = \"one-hot\"\n";
  const Dataset a = load(spec);
  const Dataset b = load(spec);
  REQUIRE(a.test.has_value());
  CHECK(a.Y.cols() == 10);
  CHECK(a.test->Y.cols() == 10);
  CHECK(a.test->X == b.test->X);
  CHECK(a.test->labels == b.test->labels);
  for (Index i = 0; i < a.test->n(); ++i) CHECK(a.test->Y(i, a.test->labels[static_cast<std::size_t>(i)]) == 1.0);
  // Every test row is an image of the t10k file with its label, and none is a training image.
  const FashionMnist t10k = read_fashion_mnist("test");
  const MatD images = t10k.images();
  std::set<std::vector<double>> test_file = row_set(images);
  for (const auto& r : row_set(a.test->X)) CHECK(test_file.count(r) == 1);
  CHECK(disjoint_rows(a.X, a.test->X));
  const Dataset c = load(
      "[data]\nsource = \"fashion-mnist\"\nclasses = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\nn = 40\ntest_n = 30\nseed = 3\n"
      "targets = \"one-hot\"\n");
  CHECK(c.test->X != a.test->X);
}

TEST_CASE("test_n: impossible requests are errors naming the key", "[data][split]") {
  const fs::path dir = write_indexed_source();
  // 12 + 9 > 20 rows.
  CHECK_THROWS_WITH(load("[data]\nsource = \"npy:X.npy,Y.npy\"\nn = 12\ntest_n = 9\n", dir),
                    Contains("[data].test_n") && Contains("20 rows"));
  CHECK_THROWS_WITH(load("[data]\nsource = \"npy:X.npy,Y.npy\"\ntest_n = 20\n", dir), Contains("[data].test_n"));
  CHECK_THROWS_WITH(load("[data]\nsource = \"npy:X.npy,Y.npy\"\ntest_n = 0\n", dir), Contains("[data].test_n"));
  CHECK_THROWS_WITH(load("[data]\nsource = \"synthetic:sphere\"\nn = 4\nd = 2\ntest_n = -1\n"), Contains("[data].test_n"));
  // A class the source does not have (labels are 0..2).
  CHECK_THROWS_WITH(load("[data]\nsource = \"npy:X.npy,Y.npy\"\nclasses = [0, 7]\ntest_n = 2\n", dir),
                    Contains("[data].classes") && Contains("7"));
  // Fashion-MNIST: test rows come from t10k, so split = "test" cannot also hold the training rows;
  // and t10k has 1000 images per class.
  CHECK_THROWS_WITH(load("[data]\nsource = \"fashion-mnist\"\nsplit = \"test\"\nn = 5\ntest_n = 5\n"),
                    Contains("[data].test_n"));
  CHECK_THROWS_WITH(load("[data]\nsource = \"fashion-mnist\"\nclasses = [3]\nn = 5\ntest_n = 1001\n"),
                    Contains("[data].test_n") && Contains("1000"));
  CHECK_THROWS_WITH(load("[data]\nsource = \"fashion-mnist\"\nclasses = [3, 10]\nn = 5\ntest_n = 5\n"),
                    Contains("[data].classes") && Contains("10"));
}

TEST_CASE("accuracy: argmax for one-hot targets, sign for +-1 targets, none for regression (hand-checked)",
          "[data][accuracy]") {
  // One-hot, 4 rows, 3 classes. Row 0: argmax 1 = class 1, right. Row 1: argmax 0, class 2, wrong.
  // Row 2: a tie 0.5 = 0.5 at columns 0 and 2 resolves to the first, 0 = class 0, right.
  // Row 3: argmax 2 = class 2, right. Accuracy 3/4.
  MatD P(4, 3), Y(4, 3);
  P << 0.1, 0.8, 0.1,  //
      0.6, 0.3, 0.5,   //
      0.5, -1.0, 0.5,  //
      -0.2, -0.3, 0.0;
  Y << 0, 1, 0,  //
      0, 0, 1,   //
      1, 0, 0,   //
      0, 0, 1;
  CHECK(classify_targets(Y) == TargetKind::one_hot);
  CHECK(accuracy(P, Y) == 0.75);
  // Negative twin: the tie read as "last maximum" would make row 2 wrong; a shifted prediction
  // (every column of a row moved alike) keeps every argmax.
  MatD Q = P;
  Q(2, 2) = 0.50001;
  CHECK(accuracy(Q, Y) == 0.5);
  CHECK(accuracy((P.array() - 0.1).matrix(), Y) == 0.75);
  // Signs: f = 0.3 (+1, right), 0 (-1 by convention, target +1: wrong), -2 (-1, right), 5 (+1,
  // target -1: wrong). Accuracy 2/4.
  MatD f(4, 1), s(4, 1);
  f << 0.3, 0.0, -2.0, 5.0;
  s << 1, 1, -1, -1;
  CHECK(classify_targets(s) == TargetKind::sign);
  CHECK(accuracy(f, s) == 0.5);
  // Regression targets (not +-1, not one-hot) have no accuracy; shapes must agree.
  MatD r(2, 1);
  r << 0.5, -1.0;
  CHECK_FALSE(accuracy(f.topRows(2), r).has_value());
  MatD two_ones(1, 2);
  two_ones << 1, 1;
  CHECK(classify_targets(two_ones) == TargetKind::regression);
  CHECK_THROWS_AS(accuracy(P, s), nncert::InvalidInput);
}
