#pragma once
// How reports show [train] prune_keep (train/pruning.hpp): the trained net pruned to its k largest-scale
// nodes, evaluated for each k. A run's report draws its test error against k; a study's report draws
// one such curve per point (e.g. per γ) and adds one test-error column per k to study.csv.
// Informational throughout: observations of the trained run, never claims.
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "nncert/cert/study.hpp"

namespace nncert::cert {

// From a certificate's trajectory.summary: the figure (title, inline SVG), or nullopt without pruning.
std::optional<std::pair<std::string, std::string>> pruning_run_figure(const nlohmann::json& summary);
// A Markdown section with one row per k, or "" without pruning.
std::string pruning_run_markdown(const nlohmann::json& summary);

// study.csv: ",test_error_keep_K" for every K some point recorded (ascending), then ",test_loss_keep_K",
// and a point's fields for them (empty where the point has none).
std::string pruning_csv_header(const StudyResult& study);
std::string pruning_csv_fields(const StudyResult& study, const StudyPointResult& point);
// study.json: a point's entries, one object per k.
nlohmann::json pruning_json(const StudyPointResult& point);
// report.html: the figures of test error and test loss against k, one series per point, with a table;
// "" without pruning.
std::string pruning_study_html(const StudyResult& study);
// report.md: the same table; "" without pruning.
std::string pruning_study_markdown(const StudyResult& study);

}  // namespace nncert::cert
