#include <algorithm>
#include <cmath>

#include <catch2/catch.hpp>

#include "nncert/theory/prediction.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/theory/protocol.hpp"

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
// The run trains what the conclusion covers (protocol.hpp: compared elsewhere).
ProtocolBinding bound() { return {true, std::nullopt}; }
}  // namespace

TEST_CASE("a linear-rate prediction uses the upper end of the rate and confirms a run below it", "[theory][prediction]") {
  const auto p = predict(linear_rate_theorem(), certified_mu(0.1, 0.2),
                         {{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(0.0)}}, bound());
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
                         {{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(1e-3)}}, bound());
  REQUIRE_FALSE(p.applicable);
  REQUIRE_THAT(p.reason, Catch::Matchers::Contains("theta_0"));
  REQUIRE(confirm(p, {0}, {1.0}).verdict == ConfirmationVerdict::not_applicable);
}

TEST_CASE("constants certified at a replayed phase start cover exactly that start", "[theory][prediction]") {
  // The verifier reports the enclosure [next_down(d), next_up(d)] of d = ||theta_tau - theta_0||.
  const double d = 0.75;
  auto findings = certified_mu(0.1, 0.2);
  findings[0].constants["phase2_start_offset"] = {std::nextafter(d, 0.0), std::nextafter(d, 1.0), true, "replay", 53};
  const auto same = predict(linear_rate_theorem(), findings, {{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(d)}}, bound());
  REQUIRE(same.applicable);
  // Negative twin: a run whose phase starts 1e-12 (relative) away is another point: not covered.
  const auto other = predict(linear_rate_theorem(), findings,
                             {{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(d * (1 + 1e-12))}}, bound());
  REQUIRE_FALSE(other.applicable);
  REQUIRE_THAT(other.reason, Catch::Matchers::Contains("certified where"));
}

TEST_CASE("an uncertified hypothesis makes the prediction not applicable", "[theory][prediction]") {
  const auto p = predict(linear_rate_theorem(), certified_mu(0.1, 0.2, Verdict::inconclusive),
                         {{"eta", point(1.0)}, {"L0", point(1.0)}}, bound());
  REQUIRE_FALSE(p.applicable);
}

TEST_CASE("a prediction whose protocol was not compared, or differs, is not applicable", "[theory][prediction][protocol]") {
  const std::map<std::string, Interval> q{{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(0.0)}};
  REQUIRE(predict(linear_rate_theorem(), certified_mu(0.1, 0.2), q, bound()).applicable);
  const auto unbound = predict(linear_rate_theorem(), certified_mu(0.1, 0.2), q, ProtocolBinding{});
  REQUIRE_FALSE(unbound.applicable);
  REQUIRE_THAT(unbound.reason, Catch::Matchers::Contains("not compared"));
  const auto other = predict(linear_rate_theorem(), certified_mu(0.1, 0.2), q, {true, std::string("phase 2 trains 'all'")});
  REQUIRE_FALSE(other.applicable);
  REQUIRE_THAT(other.reason, Catch::Matchers::Contains("phase 2 trains 'all'"));
  REQUIRE(confirm(other, {0, 1}, {1.0, 0.5}).verdict == ConfirmationVerdict::not_applicable);
}

TEST_CASE("an infinite-width conclusion on a finite net is a heuristic: shown, never confirmed or violated", "[theory][prediction]") {
  Theorem th = linear_rate_theorem();
  th.conclusion.regime = "infinite-width";
  th.conclusion.width_required = Expression::parse("n^6 / mu^4");
  const std::map<std::string, Interval> q{{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(0.0)},
                                          {"n", point(10.0)}, {"width", point(4000.0)}};
  const auto p = predict(th, certified_mu(0.1, 0.2), q, bound());
  REQUIRE_FALSE(p.applicable);
  REQUIRE(p.heuristic);
  // Required: n^6/mu^4 with mu's lower end 0.1: 1e6 / 1e-4 = 1e10 (times an unspecified constant).
  REQUIRE_THAT(p.reason, Catch::Matchers::Contains("1e+10") && Catch::Matchers::Contains("4000"));
  // Within the envelope and across it: both are information only.
  const auto within = confirm(p, {0, 1, 2}, {1.0, 0.85, 0.7});
  REQUIRE(within.verdict == ConfirmationVerdict::not_applicable);
  REQUIRE_THAT(within.reason, Catch::Matchers::Contains("stayed within"));
  const auto crossed = confirm(p, {0, 1, 2}, {1.0, 0.95, 0.7});
  REQUIRE(crossed.verdict == ConfirmationVerdict::not_applicable);
  REQUIRE_THAT(crossed.reason, Catch::Matchers::Contains("crossed"));
  // A width condition with a known constant that the net meets makes it a theorem again.
  th.conclusion.width_constant_known = true;
  th.conclusion.width_required = Expression::parse("n^2");
  REQUIRE(predict(th, certified_mu(0.1, 0.2), q, bound()).applicable);
  // ... and one it misses does not.
  th.conclusion.width_required = Expression::parse("n^4");
  REQUIRE(predict(th, certified_mu(0.1, 0.2), q, bound()).heuristic);
}

TEST_CASE("a conclusion that assumes an uncertified condition along the run is a heuristic", "[theory][prediction]") {
  Theorem th = linear_rate_theorem();
  const std::map<std::string, Interval> q{{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(0.0)}};
  // Positive twin: with nothing assumed the same constants give a theorem about the run.
  REQUIRE(predict(th, certified_mu(0.1, 0.2), q, bound()).applicable);
  th.conclusion.assumes = {"lambda_min(H(W_t)) >= lambda_min(H(W_0))/2 at every step t"};
  const auto p = predict(th, certified_mu(0.1, 0.2), q, bound());
  REQUIRE_FALSE(p.applicable);
  REQUIRE(p.heuristic);
  REQUIRE_THAT(p.reason, Catch::Matchers::Contains("lambda_min(H(W_t))") && Catch::Matchers::Contains("no verifier certifies"));
  // Neither a crossing nor its absence decides anything.
  REQUIRE(confirm(p, {0, 1, 2}, {1.0, 0.85, 0.7}).verdict == ConfirmationVerdict::not_applicable);
  REQUIRE(confirm(p, {0, 1, 2}, {1.0, 0.95, 0.7}).verdict == ConfirmationVerdict::not_applicable);
}

TEST_CASE("a theorem without a rate is never violated by a short run: not reached", "[theory][prediction]") {
  Theorem th;
  th.id = "test/minimum";
  th.conclusion.kind = "global-minimum";
  th.conclusion.target = 1e-6;
  const auto p = predict(th, certified_mu(0.1, 0.2), {{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(0.0)}}, bound());
  REQUIRE(p.applicable);
  const auto short_run = confirm(p, {0, 1, 2}, {1.0, 0.5, 0.25});
  REQUIRE(short_run.verdict == ConfirmationVerdict::not_reached);
  REQUIRE_THAT(short_run.reason, Catch::Matchers::Contains("contradicts nothing"));
  REQUIRE_FALSE(short_run.first_violation);
  // Twin: a run that gets below the target confirms.
  REQUIRE(confirm(p, {0, 1, 2}, {1.0, 0.5, 1e-7}).verdict == ConfirmationVerdict::confirmed);
  // A rate with nothing to compare (every loss below the floor) is not reached either.
  const auto rate = predict(linear_rate_theorem(), certified_mu(0.1, 0.2), {{"eta", point(1.0)}, {"L0", point(1.0)}, {"start_offset", point(0.0)}}, bound());
  REQUIRE(confirm(rate, {0, 1}, {0.0, 0.0}).verdict == ConfirmationVerdict::not_reached);
}

namespace {
// Blocks of a toy net with 10 parameters: "hidden" = [0, 6), "output" = [6, 9), "output.bias" = [9, 10).
ParameterSet toy_blocks(const std::string& list) {
  ParameterSet out;
  std::string rest = list;
  for (char& c : rest)
    if (c == '+') c = ',';
  std::size_t start = 0;
  while (start <= rest.size()) {
    const auto comma = rest.find(',', start);
    const std::string name = rest.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (name == "all") out.push_back({0, 10});
    else if (name == "hidden") out.push_back({0, 6});
    else if (name == "output") out.push_back({6, 9});
    else if (name == "output.bias") out.push_back({9, 10});
    else throw nncert::InvalidInput("unknown block " + name);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  std::sort(out.begin(), out.end());
  ParameterSet merged;
  for (const auto& r : out)
    if (!merged.empty() && r.first <= merged.back().second) merged.back().second = std::max(merged.back().second, r.second);
    else merged.push_back(r);
  return merged;
}
std::vector<Finding> block_finding(const std::string& block) {
  Finding f;
  f.hypothesis_id = "rank";
  f.verdict = Verdict::certified;
  f.details["certified_block"] = block;
  return {f};
}
ProtocolSpec two_phase_spec() {
  ProtocolSpec s;
  s.present = true;
  s.algorithms = {"kawaguchi-sun-two-phase"};
  s.trained = "hypothesis:rank";
  return s;
}
TrainedProtocol two_phase_run(const std::string& block, Index tau, bool perturbed) {
  TrainedProtocol r;
  r.algorithm = "kawaguchi-sun-two-phase";
  r.phases = {{1, tau, "all", 0.1}, {2, 100 - tau, block, 0.2}};
  r.perturbed = perturbed;
  r.perturbation = "the switch perturbation";
  return r;
}
}  // namespace

TEST_CASE("the protocol must train exactly the certified block with the covered algorithm", "[theory][protocol]") {
  const auto spec = two_phase_spec();
  // Same block, named differently ("output+output.bias" against "output,output.bias"): same parameters.
  REQUIRE_FALSE(protocol_mismatch(spec, 2, block_finding("output,output.bias"), two_phase_run("output+output.bias", 50, true), toy_blocks));
  // Negative twins: all parameters trained; a hidden layer the theorem assumes frozen; another algorithm.
  const auto all = protocol_mismatch(spec, 2, block_finding("output"), two_phase_run("all", 50, false), toy_blocks);
  REQUIRE(all);
  REQUIRE_THAT(*all, Catch::Matchers::Contains("'all'") && Catch::Matchers::Contains("10 parameters"));
  REQUIRE(protocol_mismatch(spec, 2, block_finding("output"), two_phase_run("hidden+output", 50, false), toy_blocks));
  TrainedProtocol gd;
  gd.algorithm = "gd";
  gd.phases = {{0, 100, "output", 0.1}};
  const auto algorithm = protocol_mismatch(spec, 2, block_finding("output"), gd, toy_blocks);
  REQUIRE(algorithm);
  REQUIRE_THAT(*algorithm, Catch::Matchers::Contains("\"gd\""));
  // A finding that does not say which block it certified binds nothing.
  REQUIRE(protocol_mismatch(spec, 2, certified_mu(0.1, 0.2), two_phase_run("output", 50, false), toy_blocks));
  // No [conclusion.protocol] in the theorem file: nothing is covered.
  REQUIRE(protocol_mismatch(ProtocolSpec{}, 2, block_finding("output"), two_phase_run("output", 50, false), toy_blocks));
}

TEST_CASE("a whole-run conclusion covers neither a trained phase 1 nor a perturbation inside the run", "[theory][protocol]") {
  auto spec = two_phase_spec();
  // tau = 0, no perturbation: the whole run is phase 2 on the certified block.
  REQUIRE_FALSE(protocol_mismatch(spec, 0, block_finding("output"), two_phase_run("output", 0, false), toy_blocks));
  // tau = 0 with a perturbation at step 0: theta jumps inside the compared run.
  const auto jump = protocol_mismatch(spec, 0, block_finding("output"), two_phase_run("output", 0, true), toy_blocks);
  REQUIRE(jump);
  REQUIRE_THAT(*jump, Catch::Matchers::Contains("perturbation"));
  // tau > 0: phase 1 moves every parameter, which a block conclusion does not cover.
  const auto phase1 = protocol_mismatch(spec, 0, block_finding("output"), two_phase_run("output", 50, false), toy_blocks);
  REQUIRE(phase1);
  REQUIRE_THAT(*phase1, Catch::Matchers::Contains("phase 1"));
}
