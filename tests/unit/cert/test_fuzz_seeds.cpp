// The seeds of fuzz_certificate_json (fuzz/corpus/certificate_json/) are certificates written by
// `nncert prove`: the reader must accept them, or the fuzzer would start from documents the schema
// refuses at the first field and rarely reach the typed checks. A schema change that invalidates them
// fails here; regenerate them with `nncert prove` (docs/threat-model.md#how-the-readers-are-fuzzed).
#include <catch2/catch.hpp>

#include <filesystem>

#include "nncert/cert/certificate.hpp"
#include "test_support.hpp"

using namespace nncert;

TEST_CASE("fuzz seeds: every committed certificate seed reads and validates") {
  int seeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("fuzz/corpus/certificate_json"))) {
    INFO(entry.path().filename().string());
    const nlohmann::json c = cert::read_certificate(entry.path());
    CHECK(c["schema"] == cert::kCertificateSchema);
    ++seeds;
  }
  CHECK(seeds >= 2);
}
