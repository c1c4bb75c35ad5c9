#include <cmath>

#include <catch2/catch.hpp>

#include "nncert/theory/prediction.hpp"

using namespace nncert;
using namespace nncert::theory;

namespace {
Theorem linear_rate_theorem() {
  Theorem th;
  th.id = "test/linear";
  th.conclusion.kind = "linear-rate";
  th.conclusion.rate = Expression::parse("1 - eta * mu");
  return th;
}
std::vector<Finding> certified_mu(double lo, double hi, Verdict v = Verdict::certified) {
  Finding f;
  f.hypothesis_id = "pl";
  f.verdict = v;
  f.constants["mu"] = {lo, hi, v == Verdict::certified, "test", 53};
  return {f};
}
}  // namespace

TEST_CASE("a linear-rate prediction uses the upper end of the rate and confirms a run below it", "[theory][prediction]") {
  const auto p = predict(linear_rate_theorem(), certified_mu(0.1, 0.2),
                         {{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(0.0)}});
  REQUIRE(p.applicable);
  REQUIRE(p.rate.upper() >= 0.9);
  REQUIRE(p.envelope(1) >= 0.9);
  REQUIRE(confirm(p, {0, 1, 2}, {1.0, 0.85, 0.7}).verdict == ConfirmationVerdict::confirmed);
  // Negative twin: a loss above (1 - 0.1)^t violates it.
  const auto c = confirm(p, {0, 1, 2}, {1.0, 0.95, 0.7});
  REQUIRE(c.verdict == ConfirmationVerdict::violated);
  REQUIRE(*c.first_violation == 1);
}

TEST_CASE("constants certified at theta_0 do not cover a phase that starts elsewhere", "[theory][prediction]") {
  const auto p = predict(linear_rate_theorem(), certified_mu(0.1, 0.2),
                         {{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(1e-3)}});
  REQUIRE_FALSE(p.applicable);
  REQUIRE_THAT(p.reason, Catch::Matchers::Contains("theta_0"));
  REQUIRE(confirm(p, {0}, {1.0}).verdict == ConfirmationVerdict::not_applicable);
}

TEST_CASE("constants certified at a replayed phase start cover exactly that start", "[theory][prediction]") {
  // The verifier reports the enclosure [next_down(d), next_up(d)] of d = ||theta_tau - theta_0||.
  const double d = 0.75;
  auto findings = certified_mu(0.1, 0.2);
  findings[0].constants["phase2_start_offset"] = {std::nextafter(d, 0.0), std::nextafter(d, 1.0), true, "replay", 53};
  const auto same = predict(linear_rate_theorem(), findings, {{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(d)}});
  REQUIRE(same.applicable);
  // Negative twin: a run whose phase starts 1e-12 (relative) away is another point: not covered.
  const auto other = predict(linear_rate_theorem(), findings,
                             {{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(d * (1 + 1e-12))}});
  REQUIRE_FALSE(other.applicable);
  REQUIRE_THAT(other.reason, Catch::Matchers::Contains("certified where"));
}

TEST_CASE("an uncertified hypothesis makes the prediction not applicable", "[theory][prediction]") {
  const auto p = predict(linear_rate_theorem(), certified_mu(0.1, 0.2, Verdict::inconclusive),
                         {{"eta", point(1.0)}, {"L0", point(1.0)}});
  REQUIRE_FALSE(p.applicable);
}
