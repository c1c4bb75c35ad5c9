#include <catch2/catch.hpp>

#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "nncert/theory/expression.hpp"

using namespace nncert;
using nncert::theory::Expression;

namespace {
bool contains(const Interval& x, const Rational& exact) {
  return to_rational(x.lower()) <= exact && exact <= to_rational(x.upper());
}
}  // namespace

TEST_CASE("expressions follow the usual precedence and associativity", "[theory][expression]") {
  const std::map<std::string, Interval> none;
  CHECK(Expression::parse("1 + 2 * 3").evaluate(none).lower() == 7);
  CHECK(Expression::parse("(1 + 2) * 3").evaluate(none).lower() == 9);
  CHECK(Expression::parse("2 ^ 3 ^ 2").evaluate(none).lower() == 512);  // right associative
  CHECK(Expression::parse("-2 ^ 2").evaluate(none).lower() == 4);       // unary minus binds tighter
  CHECK(Expression::parse("8 / 2 / 2").evaluate(none).lower() == 2);    // left associative
  CHECK(Expression::parse("10 - 4 - 3").evaluate(none).lower() == 3);
}

TEST_CASE("a decimal literal that is not a double is enclosed, not rounded", "[theory][expression][soundness]") {
  const auto x = Expression::parse("0.1").evaluate({});
  REQUIRE(x.lower() < x.upper());
  REQUIRE(contains(x, Rational(1) / 10));
  const auto y = Expression::parse("0.5").evaluate({});
  REQUIRE(y.lower() == y.upper());
  const auto z = Expression::parse("1e-3 * 3").evaluate({});
  REQUIRE(contains(z, Rational(3) / 1000));
}

TEST_CASE("the linear-rate constant (1 - eta*mu/2)^t encloses the exact rational value", "[theory][expression][soundness]") {
  // eta = 1/3 and mu = 1/7 are not doubles: their enclosures propagate outward.
  const std::map<std::string, Interval> q{{"eta", Interval(1.0) / Interval(3.0)},
                                          {"mu", Interval(1.0) / Interval(7.0)}};
  const auto r = Expression::parse("(1 - eta * mu / 2) ^ 25").evaluate(q);
  const Rational exact = Rational(bmp::pow(Integer(41), 25)) / Rational(bmp::pow(Integer(42), 25));
  REQUIRE(contains(r, exact));
  REQUIRE(r.upper() - r.lower() < 1e-13);
}

TEST_CASE("functions enclose their values", "[theory][expression]") {
  const std::map<std::string, Interval> q{{"x", point(2.0)}};
  const auto e = Expression::parse("exp(log(x))").evaluate(q);
  REQUIRE(e.lower() <= 2.0);
  REQUIRE(e.upper() >= 2.0);
  const auto r = Expression::parse("sqrt(x * 8)").evaluate(q);
  REQUIRE(r.lower() <= 4.0);
  REQUIRE(r.upper() >= 4.0);
  REQUIRE(r.upper() - r.lower() < 1e-14);
  REQUIRE(Expression::parse("min(x, 3, 1.5)").evaluate(q).upper() == 1.5);
  REQUIRE(Expression::parse("max(x, 3)").evaluate(q).lower() == 3);
}

TEST_CASE("expressions report the names they read", "[theory][expression]") {
  const auto names = Expression::parse("L0 * (1 - eta * mu) ^ t + max(beta, 1)").names();
  REQUIRE(names == std::set<std::string>{"L0", "eta", "mu", "t", "beta"});
}

TEST_CASE("bad expressions and domains are input errors", "[theory][expression]") {
  REQUIRE_THROWS_AS(Expression::parse("1 +"), InvalidInput);
  REQUIRE_THROWS_AS(Expression::parse("(1"), InvalidInput);
  REQUIRE_THROWS_AS(Expression::parse("2 $ 3"), InvalidInput);
  REQUIRE_THROWS_WITH(Expression::parse("1 + * 2"), Catch::Matchers::Contains("column"));
  REQUIRE_THROWS_WITH(Expression::parse("mu + 1").evaluate({}), Catch::Matchers::Contains("'mu'"));
  REQUIRE_THROWS_AS(Expression::parse("1 / (1 - 1)").evaluate({}), InvalidInput);
  REQUIRE_THROWS_AS(Expression::parse("log(0)").evaluate({}), InvalidInput);
  REQUIRE_THROWS_AS(Expression::parse("sqrt(-1)").evaluate({}), InvalidInput);
  REQUIRE_THROWS_AS(Expression::parse("foo(1)").evaluate({}), InvalidInput);
  REQUIRE_THROWS_AS(Expression::parse("(-2) ^ 0.5").evaluate({}), InvalidInput);
}
