#include <algorithm>
#include <cmath>

#include "data_test_util.hpp"
#include "nncert/data/synthetic.hpp"
#include "nncert/data/transforms.hpp"

using nncert::Index;
using nncert::MatD;
using namespace nncert::data;
using namespace nncert::test;

namespace {

// Rows i = 0..n-1 with X(i, :) = (i, 10 i) and label i % 3.
Dataset labelled(Index n) {
  Dataset ds;
  ds.X.resize(n, 2);
  ds.Y.resize(n, 1);
  for (Index i = 0; i < n; ++i) {
    ds.X(i, 0) = double(i);
    ds.X(i, 1) = 10.0 * double(i);
    ds.labels.push_back(int(i % 3));
    ds.Y(i, 0) = double(i % 3);
  }
  return ds;
}

}  // namespace

TEST_CASE("select_classes keeps listed classes and relabels by position", "[data][transforms]") {
  Dataset ds = labelled(9);
  select_classes(ds, {2, 0});
  REQUIRE(ds.n() == 6);
  CHECK(ds.X.col(0) == (nncert::VecD(6) << 0, 2, 3, 5, 6, 8).finished());
  CHECK(ds.labels == std::vector<int>{1, 0, 1, 0, 1, 0});  // 2 -> 0, 0 -> 1
  CHECK(ds.Y(1, 0) == 2.0);                                // Y kept as loaded
  Dataset again = labelled(9);
  require_invalid([&] { select_classes(again, {}); }, {"empty"});
  require_invalid([&] { select_classes(again, {1, 1}); }, {"twice"});
  require_invalid([&] { select_classes(again, {1, 7}); }, {"class 7 does not occur"});
  Dataset unlabelled;
  unlabelled.X = MatD::Ones(2, 2);
  require_invalid([&] { select_classes(unlabelled, {0}); }, {"no class labels"});
}

TEST_CASE("take_n keeps n distinct rows in original order, seeded", "[data][transforms]") {
  Dataset a = labelled(100), b = labelled(100), c = labelled(100);
  take_n(a, 10, 5);
  take_n(b, 10, 5);
  take_n(c, 10, 6);
  CHECK(a.X == b.X);
  CHECK(a.X != c.X);
  REQUIRE(a.n() == 10);
  for (Index i = 1; i < 10; ++i) CHECK(a.X(i, 0) > a.X(i - 1, 0));
  for (Index i = 0; i < 10; ++i) CHECK(a.labels[std::size_t(i)] == int(a.X(i, 0)) % 3);
  Dataset all = labelled(5);
  take_n(all, 5, 1);
  CHECK(all.X == labelled(5).X);
  require_invalid([&] { take_n(all, 6, 1); }, {"cannot take 6 rows from 5"});
  require_invalid([&] { take_n(all, 0, 1); }, {"cannot take 0"});
}

TEST_CASE("scale01, unit-norm and standardise", "[data][transforms]") {
  Dataset img;
  img.X = MatD::Constant(2, 4, 51.0);
  img.X(0, 0) = 255;
  img.value_range = std::pair{0.0, 255.0};
  scale01(img);
  CHECK(img.X(0, 0) == 1.0);
  CHECK(img.X(1, 1) == 51.0 / 255.0);
  Dataset plain = labelled(5);  // no known range: min-max
  scale01(plain);
  CHECK(plain.X.minCoeff() == 0.0);
  CHECK(plain.X.maxCoeff() == 1.0);
  Dataset flat;
  flat.X = MatD::Constant(3, 3, 2.0);
  require_invalid([&] { scale01(flat); }, {"scale01", "equal"});

  Dataset u = make_gaussian(50, 7, 3);
  unit_norm_rows(u);
  for (Index i = 0; i < u.n(); ++i) CHECK(std::fabs(u.X.row(i).norm() - 1) < 1e-15);
  Dataset z = labelled(3);  // row 0 is zero
  require_invalid([&] { unit_norm_rows(z); }, {"unit-norm: row 0 is zero"});

  Dataset s = make_gaussian(50, 3, 4);
  s.X.col(1).setConstant(3.0);
  standardise_columns(s);
  for (Index j : {0, 2}) {
    CHECK(std::fabs(s.X.col(j).mean()) < 1e-15);
    CHECK(std::fabs(s.X.col(j).squaredNorm() / 50 - 1) < 1e-14);
  }
  CHECK(s.X.col(1).isZero(0));  // zero variance: centred only
}

TEST_CASE("downsample averages blocks and updates the image shape", "[data][transforms]") {
  Dataset ds;
  ds.image = ImageShape{2, 4, 4};
  ds.X.resize(1, 32);
  for (Index p = 0; p < 32; ++p) ds.X(0, p) = double(p);
  Dataset two = ds;
  downsample(two, 2);
  CHECK(two.image == ImageShape{2, 2, 2});
  REQUIRE(two.d() == 8);
  // Channel 0, block (0,0): pixels 0,1,4,5 -> 2.5; channel 1, block (1,1): 26,27,30,31 -> 28.5.
  CHECK(two.X(0, 0) == 2.5);
  CHECK(two.X(0, 7) == 28.5);
  Dataset four = ds;
  downsample(four, 4);
  CHECK(four.X(0, 0) == 7.5);
  CHECK(four.X(0, 1) == 23.5);
  require_invalid([&] { downsample(ds, 3); }, {"factor 3 does not divide"});
  flatten(ds);
  CHECK_FALSE(ds.image.has_value());
  require_invalid([&] { downsample(ds, 2); }, {"not images"});
}

TEST_CASE("target encodings and transform names", "[data][transforms]") {
  Dataset oh = labelled(4);  // labels 0 1 2 0
  encode_targets(oh, TargetEncoding::one_hot);
  REQUIRE(oh.k() == 3);
  CHECK(oh.Y.row(2) == (nncert::VecD(3) << 0, 0, 1).finished().transpose());
  CHECK(oh.Y.rowwise().sum().isOnes());
  Dataset pm = labelled(6);
  require_invalid([&] { encode_targets(pm, TargetEncoding::pm1); }, {"pm1", "two classes", "label 2"});
  select_classes(pm, {0, 1});
  encode_targets(pm, TargetEncoding::pm1);
  REQUIRE(pm.k() == 1);
  CHECK(pm.Y.col(0) == (nncert::VecD(4) << -1, 1, -1, 1).finished());
  Dataset reg = labelled(3);
  encode_targets(reg, TargetEncoding::regression);
  CHECK(reg.Y == labelled(3).Y);
  CHECK(parse_target_encoding("one-hot") == TargetEncoding::one_hot);
  require_invalid([] { parse_target_encoding("onehot"); }, {"unknown target encoding 'onehot'"});
  Dataset t = make_gaussian(5, 4, 1);
  apply_transform(t, "unit-norm");
  CHECK(std::fabs(t.X.row(0).norm() - 1) < 1e-15);
  require_invalid([&] { apply_transform(t, "normalise"); }, {"unknown transform 'normalise'"});
  require_invalid([&] { apply_transform(t, "downsample:x"); }, {"positive integer"});
}
