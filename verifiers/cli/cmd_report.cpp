// `nncert report CERT.json --out DIR`: renders report.md and report.html again from a certificate and
// its trajectory file. Everything is read and rendered before anything is written, and the files are
// written as one output set (output_set.hpp): staged beside DIR and published by one rename, so a
// failure or an interrupt leaves DIR as it was (no half-written report, no empty directory).
// Exit 0 written, 2 bad input, over the budget (admission.hpp: the certificate and trajectory parsed
// and rendered) or an --out that is locked, a file, or a foreign directory without --force.
#include <iostream>

#include <fmt/format.h>

#include "admission.hpp"
#include "command.hpp"
#include "nncert/cert/certificate.hpp"
#include "nncert/cert/certificate_files.hpp"
#include "nncert/cert/report.hpp"
#include "nncert/cert/trajectory_table.hpp"
#include "nncert/data/admission.hpp"
#include "nncert/data/output_set.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::cli {
namespace {

struct ReportOptions {
  std::string certificate;
  std::string out;
  bool force = false;
  bool dry_run = false;
};

int run_report(const ReportOptions& o) {
  const std::filesystem::path cert_file = o.certificate;
  const nlohmann::json c = cert::read_certificate(cert_file);
  const std::string csv = cert::read_trajectory_bytes(cert_file, c);
  // The trajectory parsed into doubles (a row of a few numbers per ~100 bytes) and the reports, whose
  // plots and tables grow with it: a generous 16 bytes of memory and 100 operations per input byte.
  const double bytes = static_cast<double>(csv.size() + c.dump().size());
  data::admit(cert_file.string(), {16 * bytes, 100 * bytes / data::kAssumedFlopsPerSecond,
                                   fmt::format("report of a {:.0f}-byte certificate and trajectory", bytes)});
  if (o.dry_run) return print_admitted();
  data::OutputSet set(o.out, o.force);
  const cert::RenderedReports reports =
      cert::render_reports(c, cert::parse_trajectory_csv(csv, cert::trajectory_path(cert_file, c).string()));
  cert::write_reports(set.staging(), reports);
  set.publish();
  std::cout << "report: " << (set.target() / "report.html").string() << '\n';
  return 0;
}

const CommandRegistration registration{
    "report", "render the report of a certificate again", [](CLI::App& app) {
      auto o = std::make_shared<ReportOptions>();
      app.add_option("certificate", o->certificate, "certificate.json")->required();
      app.add_option("--out", o->out, "output directory")->required();
      app.add_flag("--force", o->force, "replace --out even if it holds something other than an nncert output set");
      add_budget_options(app);
      add_dry_run_option(app, o->dry_run);
      return [o] { return run_report(*o); };
    }};

}  // namespace
}  // namespace nncert::cli
