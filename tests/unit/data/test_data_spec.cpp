#include <cmath>

#include "data_test_util.hpp"
#include "fashion_fixture.hpp"
#include "nncert/data/csv.hpp"
#include "nncert/data/data_spec.hpp"
#include "nncert/data/npy.hpp"
#include "nncert/data/synthetic.hpp"
#include "nncert/data/transforms.hpp"

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

}  // namespace

TEST_CASE("load_dataset: Fashion-MNIST classes [0,1], n = 64, seeded", "[data][spec][fashion]") {
  const std::string spec =
      "[data]\nsource = \"fashion-mnist\"\nsplit = \"train\"\nclasses = [0, 1]\nn = 64\nseed = 1\n"
      "transform = [\"flatten\", \"scale01\", \"unit-norm\"]\ntargets = \"pm1\"\n";
  const Dataset a = load(spec);
  const Dataset b = load(spec);
  REQUIRE(a.n() == 64);
  REQUIRE(a.d() == 784);
  REQUIRE(a.k() == 1);
  CHECK(a.name == "fashion-mnist:train");
  CHECK_FALSE(a.image.has_value());
  CHECK(a.sha256_x.size() == 64);
  CHECK(a.sha256_x == b.sha256_x);
  CHECK(a.sha256_y == b.sha256_y);
  // Norm of a normalised 784-vector, recomputed in floating point: error below (d + 3) u ~ 8.8e-14
  // (each quotient and square rounds once, the 784-term sum at most d - 1 times).
  const double tol = (784 + 3) * 0x1.0p-53;
  for (Index i = 0; i < a.n(); ++i) {
    CHECK(std::fabs(a.X.row(i).norm() - 1) < tol);
    CHECK((a.Y(i, 0) == 1.0 || a.Y(i, 0) == -1.0));
    CHECK((a.labels[std::size_t(i)] == 0 || a.labels[std::size_t(i)] == 1));
  }
  CHECK(a.X.minCoeff() >= 0.0);
  // Another seed, other rows.
  std::string other = spec;
  other.replace(other.find("seed = 1"), 8, "seed = 2");
  const Dataset c = load(other);
  CHECK(c.sha256_x != a.sha256_x);
  // The fast path (rows chosen on bytes) equals select_classes + take_n + transforms on the full split.
  Dataset full = to_dataset(fashion_train().data, [] {
    std::vector<Index> r;
    for (Index i = 0; i < 60000; ++i)
      if (fashion_train().data.labels[std::size_t(i)] <= 1) r.push_back(i);
    return r;
  }());
  select_classes(full, {0, 1});
  take_n(full, 64, 1);
  for (const char* t : {"flatten", "scale01", "unit-norm"}) apply_transform(full, t);
  encode_targets(full, TargetEncoding::pm1);
  update_hashes(full);
  CHECK(full.sha256_x == a.sha256_x);
  CHECK(full.sha256_y == a.sha256_y);
}

TEST_CASE("load_dataset: Fashion-MNIST test split with down-sampling and one-hot", "[data][spec][fashion]") {
  const Dataset ds = load(
      "[data]\nsource = \"fashion-mnist\"\nsplit = \"test\"\nclasses = [3, 5, 7]\nn = 30\n"
      "transform = [\"scale01\", \"downsample:4\"]\ntargets = \"one-hot\"\n");
  REQUIRE(ds.n() == 30);
  CHECK(ds.d() == 49);
  REQUIRE(ds.image.has_value());
  CHECK(*ds.image == ImageShape{1, 7, 7});
  CHECK(ds.k() == 3);
  CHECK(ds.X.maxCoeff() <= 1.0);
  CHECK(ds.name == "fashion-mnist:test");
}

TEST_CASE("load_dataset: synthetic sources", "[data][spec]") {
  const Dataset s = load("[data]\nsource = \"synthetic:sphere\"\nn = 16\nd = 5\nseed = 3\ntargets = \"pm1\"\n");
  CHECK(s.n() == 16);
  CHECK(s.d() == 5);
  CHECK(s.name == "synthetic:sphere");
  CHECK(s.X == make_sphere(16, 5, 3).X);
  const Dataset m = load("[data]\nsource = \"synthetic:two-moons\"\nn = 10\nnoise = 0.0\n");
  CHECK(m.d() == 2);
  const Dataset t = load("[data]\nsource = \"synthetic:teacher\"\nn = 10\nd = 3\nteacher_width = 5\nnoise = 0.1\n");
  CHECK(t.Y == make_teacher(10, 3, 5, 0, 0.1).Y);
  const Dataset g = load("[data]\nsource = \"synthetic:gaussian\"\nn = 12\nd = 2\ntransform = [\"standardise\"]\n");
  CHECK(std::fabs(g.X.col(0).mean()) < 1e-15);
}

TEST_CASE("load_dataset: npy and csv sources resolve paths against base_dir", "[data][spec]") {
  const fs::path dir = make_temp_dir("spec-files");
  MatD X(4, 2);
  X << 1, 2, 3, 4, 5, 6, 7, 8;
  MatD Y(4, 1);
  Y << 0, 1, 1, 0;
  write_npy(dir / "X.npy", X);
  write_npy_vector(dir / "y.npy", Y.col(0));
  MatD XY(4, 3);
  XY << X, Y;
  write_csv(dir / "xy.csv", XY, {"a", "b", "y"});
  const Dataset n = load("[data]\nsource = \"npy:X.npy,y.npy\"\ntargets = \"pm1\"\n", dir);
  CHECK(n.X == X);
  CHECK(n.labels == std::vector<int>{0, 1, 1, 0});
  CHECK(n.Y.col(0) == (nncert::VecD(4) << -1, 1, 1, -1).finished());
  CHECK(n.name == "npy:X.npy,y.npy");
  const Dataset c = load("[data]\nsource = \"csv:xy.csv\"\nn = 3\nseed = 4\n", dir);
  CHECK(c.n() == 3);
  CHECK(c.d() == 2);
  const Dataset xo = load("[data]\nsource = \"npy:X.npy\"\n", dir);
  CHECK(xo.k() == 0);
  require_invalid([&] { load("[data]\nsource = \"npy:missing.npy\"\n", dir); }, {"missing.npy: ", "cannot open"});
  write_npy(dir / "short.npy", MatD::Ones(3, 1));
  require_invalid([&] { load("[data]\nsource = \"npy:X.npy,short.npy\"\n", dir); }, {"short.npy: ", "3 target rows for 4"});
  fs::remove_all(dir);
}

TEST_CASE("load_dataset: unknown keys and bad values name the key and the line", "[data][spec]") {
  require_invalid([] { load("[data]\nsource = \"synthetic:sphere\"\nn = 4\nd = 2\nsed = 3\n"); },
                  {"P.toml:5: ", "unknown key 'sed'", "[data]"});
  require_invalid([] { load("[data]\nsource = \"synthetic:sphere\"\nn = \"four\"\nd = 2\n"); },
                  {"P.toml:3: [data].n must be an integer, got a string"});
  require_invalid([] { load("[data]\nsource = 3\n"); }, {"P.toml:2: [data].source must be a string"});
  require_invalid([] { load("[data]\nn = 3\n"); }, {"P.toml:1: [data].source is required"});
  require_invalid([] { load("[data]\nsource = \"mnist\"\n"); }, {"P.toml:2: [data].source", "unknown source 'mnist'"});
  require_invalid([] { load("[data]\nsource = \"synthetic:cube\"\nn = 3\nd = 2\n"); }, {"unknown synthetic generator 'cube'"});
  require_invalid([] { load("[data]\nsource = \"synthetic:sphere\"\nd = 2\n"); }, {"[data].n is required"});
  require_invalid([] { load("[data]\nsource = \"synthetic:sphere\"\nn = 3\n"); }, {"[data].d is required"});
  require_invalid([] { load("[data]\nsource = \"synthetic:two-moons\"\nn = 3\nd = 3\n"); }, {"P.toml:4: [data].d must be 2"});
  require_invalid([] { load("[data]\nsource = \"synthetic:sphere\"\nn = 3\nd = 2\nsplit = \"train\"\n"); },
                  {"P.toml:5: [data].split applies only to"});
  require_invalid([] { load("[data]\nsource = \"synthetic:sphere\"\nn = 3\nd = 2\nseed = -1\n"); }, {"P.toml:5: [data].seed must be >= 0"});
  require_invalid([] { load("[data]\nsource = \"synthetic:sphere\"\nn = 3\nd = 2\ntargets = \"onehot\"\n"); },
                  {"P.toml:5: [data].targets", "unknown target encoding"});
  require_invalid([] { load("[data]\nsource = \"synthetic:sphere\"\nn = 3\nd = 2\ntransform = [\"flatten\", 2]\n"); },
                  {"P.toml:5: [data].transform", "array of strings"});
  require_invalid([] { load("[data]\nsource = \"synthetic:sphere\"\nn = 3\nd = 2\ntransform = [\"blur\"]\n"); },
                  {"P.toml:5: [data].transform", "unknown transform 'blur'"});
  require_invalid([] { load("[data]\nsource = \"synthetic:gaussian\"\nn = 3\nd = 2\nclasses = [0, 5]\n"); },
                  {"P.toml:5: [data].classes", "class 5 does not occur"});
  require_invalid([] { load("[data]\nsource = \"fashion-mnist\"\nsplit = \"val\"\n"); }, {"P.toml:3: [data].split must be"});
}
