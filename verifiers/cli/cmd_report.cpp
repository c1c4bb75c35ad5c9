// `nncert report CERT.json --out DIR`: renders report.md and report.html again from a certificate and
// its trajectory file. Everything is read and rendered before anything is written, so bad input
// (exit 2) leaves no output behind.
#include <iostream>

#include "command.hpp"
#include "nncert/cert/certificate.hpp"
#include "nncert/cert/certificate_files.hpp"
#include "nncert/cert/report.hpp"
#include "nncert/cert/trajectory_table.hpp"
#include "nncert/numeric/errors.hpp"

namespace nncert::cli {
namespace {

const CommandRegistration registration{
    "report", "render the report of a certificate again", [](CLI::App& app) {
      auto file = std::make_shared<std::string>();
      auto out = std::make_shared<std::string>();
      app.add_option("certificate", *file, "certificate.json")->required();
      app.add_option("--out", *out, "output directory")->required();
      return [=] {
        const std::filesystem::path cert_file = *file;
        const nlohmann::json c = cert::read_certificate(cert_file);
        const std::string csv = cert::read_trajectory_bytes(cert_file, c);
        const cert::RenderedReports reports =
            cert::render_reports(c, cert::parse_trajectory_csv(csv, cert::trajectory_path(cert_file, c).string()));
        std::error_code ec;
        std::filesystem::create_directories(*out, ec);
        if (ec) throw InvalidInput(*out + ": cannot create directory: " + ec.message());
        cert::write_reports(*out, reports);
        std::cout << "report: " << (std::filesystem::path(*out) / "report.html").string() << '\n';
        return 0;
      };
    }};

}  // namespace
}  // namespace nncert::cli
