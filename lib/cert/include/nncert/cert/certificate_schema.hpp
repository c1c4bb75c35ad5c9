#pragma once
// The schema of a certificate ("nncert/certificate/1"): every field, its JSON type, whether it may be
// null or absent, and which few fields are informational.
//
// A certificate is untrusted input. `read_certificate` (certificate.hpp) accepts a document only when
// every field is declared here with the right type; an undeclared field is an error (exit 2), so
// `nncert check` and `nncert report` read exactly the same documents, and a field that no one checks
// cannot slip in. A new field of the certificate is declared in certificate_schema.cpp: its type, and
// whether it is informational.
//
// Informational fields describe how and when a certificate was produced. They are not claims:
// `nncert check` neither re-derives nor compares them, and the report shows them under "Provenance",
// never as results. Every other field is re-derived by the checker and compared with the recorded value.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace nncert::cert {

// The value of "schema" in every certificate this version writes and reads.
inline constexpr const char* kCertificateSchema = "nncert/certificate/1";

// The informational fields, as paths ("hypotheses[].seconds": that field of every hypothesis):
//   created                     the time stamp of the run
//   environment.*               the build and machine (version, git, compiler, eigen, boost, blas, threads)
//   hypotheses[].seconds        each verifier's running time
//   problem.path                where the problem file was read from (relative data paths resolve
//                               against it; the data it leads to is bound by hash)
//   trajectory.summary.threads  the thread count the trainer ran with
//   trajectory.summary.evaluation.{train_accuracy, test_rows, test_loss, test_accuracy}
//                               generalisation observed at the last recorded row: an observation
//                               about the data, not a consequence of any theorem
const std::vector<std::string>& informational_fields();

// Throws InvalidInput "WHERE: field PATH ..." for a missing, null (where not allowed), mistyped or
// undeclared field, or a wrong schema id.
void validate_certificate(const nlohmann::json& certificate, const std::string& where);

// The certificate with every informational field removed: what the checker compares.
nlohmann::json without_informational(nlohmann::json certificate);

}  // namespace nncert::cert
