// Certificate JSON: round trip, schema validation, determinism, the L_0 enclosure.
#include <catch2/catch.hpp>

#include <random>

#include "nncert/cert/json.hpp"
#include "nncert/data/atomic_file.hpp"
#include "nncert/numeric/errors.hpp"
#include "nncert/numeric/multiprecision.hpp"
#include "test_cert_fixture.hpp"
#include "test_support.hpp"

using namespace nncert;

TEST_CASE("initial loss enclosure contains the exact loss of the residuals (exact rational ground truth)") {
  std::mt19937_64 rng(test::seed());
  std::normal_distribution<double> normal(0, 1);
  for (int trial = 0; trial < 20 * test::multiplier(); ++trial) {
    const Index n = 1 + trial * 7, k = 1 + trial % 3;
    double sum = 0;
    Rational exact = 0;
    for (Index i = 0; i < n * k; ++i) {
      const double r = normal(rng) * std::ldexp(1.0, trial % 9 - 4);
      sum += r * r;
      exact += to_rational(r) * to_rational(r);
    }
    const double recorded = sum / (2.0 * static_cast<double>(n));
    exact /= Rational(2 * n);
    const Interval l0 = cert::initial_loss_enclosure(recorded, n, k);
    CHECK(to_rational(l0.lower()) <= exact);
    CHECK(exact <= to_rational(l0.upper()));
    // Negative twin: a value 1e-6 relative above the loss is outside the enclosure.
    CHECK_FALSE(recorded * (1 + 1e-6) <= l0.upper());
  }
}

TEST_CASE("certificate round trip through the file and the schema check") {
  const auto run = test::tiny_run();
  const nlohmann::json c = test::certificate_of(run);
  REQUIRE_NOTHROW(cert::validate_certificate(c, "c"));
  const auto dir = test::make_temp_dir("cert_roundtrip");
  cert::write_certificate(std::filesystem::path(dir) / "certificate.json", c);
  const nlohmann::json back = cert::read_certificate(std::filesystem::path(dir) / "certificate.json");
  CHECK(back == c);
  CHECK(back["schema"] == "nncert/certificate/1");
  CHECK(back["prediction"]["applicable"] == true);
  CHECK(back["confirmation"]["verdict"] == "confirmed");
  CHECK(back["exit_code"] == 0);
  CHECK(back["data"]["sha256_x"] == run.loaded.data.sha256_x);
  CHECK(back["model"]["num_params"] == run.theta0.size());
  CHECK(back["environment"]["blas"].get<std::string>().rfind("Cholesky lapack-dpotrf (OpenBLAS", 0) == 0);
  // Enclosures read back are outward: the printed lower end is <= the computed one.
  const auto e = cert::enclosure_from_json(back["prediction"]["rate"], "rate");
  CHECK(e.lower <= run.prediction.rate.lower());
  CHECK(e.upper >= run.prediction.rate.upper());
}

TEST_CASE("schema check names the missing or mistyped field") {
  const nlohmann::json c = test::certificate_of(test::tiny_run());
  auto without = [&](const std::string& section, const std::string& key) {
    nlohmann::json d = c;
    if (section.empty()) d.erase(key); else d[section].erase(key);
    return d;
  };
  CHECK_THROWS_WITH(cert::validate_certificate(without("data", "sha256_x"), "c.json"), Catch::Contains("data.sha256_x"));
  CHECK_THROWS_WITH(cert::validate_certificate(without("", "hypotheses"), "c.json"), Catch::Contains("hypotheses"));
  nlohmann::json wrong = c;
  wrong["schema"] = "nncert/certificate/0";
  CHECK_THROWS_AS(cert::validate_certificate(wrong, "c.json"), InvalidInput);
  wrong = c;
  wrong["exit_code"] = "zero";
  CHECK_THROWS_WITH(cert::validate_certificate(wrong, "c.json"), Catch::Contains("exit_code"));
  wrong = c;
  wrong["hypotheses"][0]["enclosure"]["certified"] = "yes";
  CHECK_THROWS_WITH(cert::validate_certificate(wrong, "c.json"), Catch::Contains("certified"));
  const auto dir = test::make_temp_dir("cert_badjson");
  data::write_file_atomically(std::filesystem::path(dir) / "bad.json", std::string("{\"schema\": "));
  CHECK_THROWS_WITH(cert::read_certificate(std::filesystem::path(dir) / "bad.json"), Catch::Contains("not valid JSON"));
}

TEST_CASE("two runs with the same seed and thread count give identical certificates apart from time stamps") {
  const nlohmann::json a = test::certificate_of(test::tiny_run(), "2026-01-01T00:00:00Z");
  const nlohmann::json b = test::certificate_of(test::tiny_run(), "2027-02-02T00:00:00Z");
  CHECK(a != b);
  CHECK(cert::without_timings(a) == cert::without_timings(b));
  CHECK(a.dump() .size() > 1000);
}

TEST_CASE("prove exit code follows the hypotheses and the confirmation") {
  using CV = theory::ConfirmationVerdict;
  CHECK(cert::prove_exit_code(Verdict::certified, CV::confirmed) == 0);
  CHECK(cert::prove_exit_code(Verdict::certified, CV::violated) == 1);
  CHECK(cert::prove_exit_code(Verdict::refuted, CV::not_applicable) == 1);
  CHECK(cert::prove_exit_code(Verdict::inconclusive, CV::not_applicable) == 3);
  CHECK(cert::prove_exit_code(Verdict::certified, CV::not_applicable) == 3);
  // A run too short to compare contradicts nothing: its own code, neither 0 nor 1.
  CHECK(cert::prove_exit_code(Verdict::certified, CV::not_reached) == 5);
  CHECK(cert::prove_exit_code(Verdict::refuted, CV::not_reached) == 1);
}

TEST_CASE("a rate the run violates gives a violated confirmation and exit code 1") {
  // mu far too large: the envelope (1 − eta·mu)^t decays faster than GD can.
  const auto run = test::tiny_run("1 - eta * mu", 8.0);
  REQUIRE(run.prediction.applicable);
  CHECK(run.confirmation.verdict == theory::ConfirmationVerdict::violated);
  CHECK(test::certificate_of(run)["exit_code"] == 1);
  CHECK(test::certificate_of(run)["confirmation"]["first_violation_step"].is_number());
}
