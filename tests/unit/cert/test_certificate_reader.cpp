// The certificate reader treats its input as hostile: numbers beyond double range, deep nesting,
// duplicate keys, undeclared, null or mistyped fields, irregular files and trajectory paths that leave
// the certificate's directory are InvalidInput naming the file and the field; well-formed input reads.
#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include "nncert/cert/bounded_json.hpp"
#include "nncert/cert/certificate_files.hpp"
#include "nncert/cert/certificate_schema.hpp"
#include "nncert/data/atomic_file.hpp"
#include "nncert/numeric/errors.hpp"
#include "test_cert_fixture.hpp"
#include "test_support.hpp"

using namespace nncert;
using Catch::Contains;

TEST_CASE("bounded JSON: numbers beyond double range are bad input naming the field") {
  CHECK_THROWS_WITH(cert::parse_bounded_json(R"({"a": {"b": [1, 1e999]}})", "c.json"), Contains("c.json") && Contains("a.b[1]"));
  CHECK_THROWS_WITH(cert::parse_bounded_json(R"({"n": )" + std::string(400, '9') + "}", "c.json"), Contains("field n") && Contains("bytes in all"));
  CHECK_THROWS_AS(cert::parse_bounded_json("-1e400", "c.json"), InvalidInput);
  // Positive twin: the largest double and a 19-digit integer read exactly as nlohmann reads them.
  const std::string ok = R"({"a": {"b": [1, 1.7976931348623157e308]}, "n": 9223372036854775807, "s": "x"})";
  CHECK(cert::parse_bounded_json(ok, "c.json") == nlohmann::json::parse(ok));
}

TEST_CASE("bounded JSON: depth, duplicates and syntax") {
  const std::string deep = std::string(40, '[') + std::string(40, ']');
  CHECK_THROWS_WITH(cert::parse_bounded_json(deep, "c.json"), Contains("nested deeper than 32"));
  const std::string shallow = std::string(30, '[') + std::string(30, ']');
  CHECK_NOTHROW(cert::parse_bounded_json(shallow, "c.json"));
  CHECK_THROWS_WITH(cert::parse_bounded_json(R"({"a": 1, "a": 2})", "c.json"), Contains("field a appears twice"));
  CHECK_NOTHROW(cert::parse_bounded_json(R"({"a": 1, "b": {"a": 2}})", "c.json"));
  CHECK_THROWS_WITH(cert::parse_bounded_json(R"({"a": )", "c.json"), Contains("not valid JSON"));
  cert::JsonLimits small;
  small.max_bytes = 10;
  CHECK_THROWS_WITH(cert::parse_bounded_json(R"({"abcdefghij": 1})", "c.json", small), Contains("limit"));
}

TEST_CASE("messages escape control characters and elide long values") {
  CHECK(cert::elided_for_message("a\nb\x1b") == "a\\x0ab\\x1b");
  const std::string long_value(10000, 'x');
  CHECK(cert::elided_for_message(long_value).size() < 120);
  CHECK(cert::elided_for_message("short") == "short");
}

TEST_CASE("bounded files: only regular files of bounded size, named by full path") {
  const auto dir = std::filesystem::path(test::make_temp_dir("cert_reader_files"));
  data::write_file_atomically(dir / "f.json", std::string("{}"));
  CHECK(cert::read_bounded_regular_file(dir / "f.json", 100, "the certificate") == "{}");
  CHECK_THROWS_WITH(cert::read_bounded_regular_file(dir / "f.json", 1, "the certificate"), Contains("larger than"));
  CHECK_THROWS_WITH(cert::read_bounded_regular_file(dir, 100, "the certificate"), Contains("regular file"));
  CHECK_THROWS_WITH(cert::read_bounded_regular_file("/dev/zero", 100, "the certificate"), Contains("regular file"));
  CHECK_THROWS_WITH(cert::read_bounded_regular_file(dir / "none.json", 100, "the certificate"),
                    Contains((dir / "none.json").lexically_normal().string()) && Contains("missing"));
}

TEST_CASE("the schema declares every field a certificate has, and refuses anything else") {
  const nlohmann::json c = test::certificate_of(test::tiny_run());
  REQUIRE_NOTHROW(cert::validate_certificate(c, "c.json"));
  auto rejects = [&](const std::function<void(nlohmann::json&)>& edit, const std::string& field) {
    nlohmann::json d = c;
    edit(d);
    CHECK_THROWS_WITH(cert::validate_certificate(d, "c.json"), Contains("c.json") && Contains(field));
  };
  rejects([](auto& d) { d["extra"] = 1; }, "extra");
  rejects([](auto& d) { d["prediction"]["bonus"] = true; }, "prediction.bonus");
  rejects([](auto& d) { d["hypotheses"][0]["margin"] = nullptr; }, "hypotheses[0].margin must be a number, found null");
  rejects([](auto& d) { d["hypotheses"][0]["constants"]["mu"]["certified"] = "yes"; }, "hypotheses[0].constants.mu.certified");
  rejects([](auto& d) { d["trajectory"]["summary"]["notes"][0] = 1; }, "trajectory.summary.notes[0]");
  rejects([](auto& d) { d["model"]["shape"][0] = 1.5; }, "model.shape");
  rejects([](auto& d) { d["exit_code"] = 0.0; }, "exit_code must be an integer");
  rejects([](auto& d) { d["confirmation"].erase("reason"); }, "confirmation.reason is missing");
  rejects([](auto& d) { d["hypotheses"][0]["details"]["k"] = nlohmann::json::array(); }, "hypotheses[0].details.k");
  // Positive twins: nulls where the schema allows them (an infinite bound, no witness).
  nlohmann::json d = c;
  d["hypotheses"][0]["enclosure"]["upper"] = nullptr;
  d["hypotheses"][0]["witness"] = nullptr;
  d["prediction"]["horizon_1e3"] = nullptr;
  CHECK_NOTHROW(cert::validate_certificate(d, "c.json"));
}

TEST_CASE("without_informational removes exactly the informational fields") {
  const nlohmann::json c = test::certificate_of(test::tiny_run());
  const nlohmann::json w = cert::without_informational(c);
  CHECK_FALSE(w.contains("created"));
  CHECK_FALSE(w.contains("environment"));
  CHECK_FALSE(w["hypotheses"][0].contains("seconds"));
  CHECK_FALSE(w["problem"].contains("path"));
  CHECK_FALSE(w["trajectory"]["summary"].contains("threads"));
  CHECK(c["trajectory"]["summary"].contains("evaluation"));
  CHECK_FALSE(w["trajectory"]["summary"].contains("evaluation"));
  // Negative twin: every claim stays.
  for (const char* key : {"theorem", "data", "model", "hypotheses", "verdict", "prediction", "trajectory", "confirmation", "exit_code"})
    CHECK(w.contains(key));
  CHECK(w["problem"].contains("sha256"));
  CHECK(w["trajectory"]["summary"].contains("rows"));
  CHECK(w["trajectory"]["summary"].contains("final_loss"));
  // 11 provenance fields and the 4 leaves of trajectory.summary.evaluation.
  CHECK(cert::informational_fields().size() == 15);
}

TEST_CASE("trajectory.file is a plain file name in the certificate's directory") {
  const auto dir = std::filesystem::path(test::make_temp_dir("cert_reader_trajectory"));
  nlohmann::json c = {{"trajectory", {{"file", "trajectory.csv"}}}};
  CHECK(cert::trajectory_path(dir / "certificate.json", c) == dir / "trajectory.csv");
  for (const char* bad : {"/etc/passwd", "/dev/zero", "../trajectory.csv", "sub/trajectory.csv", "", ".", "..", "a\nb"}) {
    c["trajectory"]["file"] = bad;
    CHECK_THROWS_WITH(cert::trajectory_path(dir / "certificate.json", c), Contains("trajectory.file") && Contains("certificate.json"));
  }
  c["trajectory"]["file"] = "trajectory.csv";
  data::write_file_atomically(dir / "trajectory.csv", std::string("step,time,phase,loss\n"));
  CHECK(cert::read_trajectory_bytes(dir / "certificate.json", c) == "step,time,phase,loss\n");
  std::filesystem::create_symlink("/dev/zero", dir / "link.csv");
  c["trajectory"]["file"] = "link.csv";
  CHECK_THROWS_WITH(cert::read_trajectory_bytes(dir / "certificate.json", c), Contains("symbolic link"));
}
