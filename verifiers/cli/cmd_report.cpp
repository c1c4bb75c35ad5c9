// `nncert report CERT.json --out DIR`: renders report.md and report.html again from a certificate and
// its trajectory file.
#include <fstream>
#include <iostream>
#include <sstream>

#include "command.hpp"
#include "nncert/cert/certificate.hpp"
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
        const auto csv = cert_file.parent_path() / c["trajectory"]["file"].get<std::string>();
        std::ifstream in(csv, std::ios::binary);
        if (!in) throw InvalidInput(csv.string() + ": cannot open file (the certificate's trajectory)");
        std::stringstream ss;
        ss << in.rdbuf();
        std::error_code ec;
        std::filesystem::create_directories(*out, ec);
        if (ec) throw InvalidInput(*out + ": cannot create directory: " + ec.message());
        cert::write_reports(*out, cert::render_reports(c, cert::parse_trajectory_csv(ss.str(), csv.string())));
        std::cout << "report: " << (std::filesystem::path(*out) / "report.html").string() << '\n';
        return 0;
      };
    }};

}  // namespace
}  // namespace nncert::cli
