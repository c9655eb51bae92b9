// The views of a run: the JSON the API and the dashboard read (json_views, Snapshot, the /results and /metrics
// bodies, the Prometheus samples) and the report model with its HTML page and SVG charts (`p2c report`), in each of
// the six languages. The
// input describes a run; the decoder keeps to what the engine and the run history guarantee (records ordered by
// metric, entity kind, entity and year, one per year, finite numbers, UTF-8 text, an entity code that is either
// an economy or a group), so that a finding is a fault of the views, not of an impossible run.
//
// Findings besides sanitizer reports: any exception, and a served body that is not JSON.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "bundled_catalogues.h"
#include "p2c/text.h"
#include "query.h"
#include "report/report_model.h"
#include "report/report_writer.h"
#include "setup.h"
#include "snapshot.h"

namespace {

using namespace p2c;

// Names the report model gives sections to: focus groups, IDI, UMC bands, the progress metrics' suffixes.
constexpr const char* metric_ids[] = {"sdg_17_8.internet_users",
                                      "sdg_17_8.internet_users.gap",
                                      "sdg_17_8.internet_users.projection",
                                      "sdg_17_8.internet_users.trend",
                                      "idi.score",
                                      "idi.universal",
                                      "idi.meaningful",
                                      "umc.band_internet_users",
                                      "pledges.value_usd",
                                      "pledges.count",
                                      "adoption.skills"};
constexpr const char* plugins[] = {"sdg_17_8", "idi", "umc", "pledges", "adoption"};
constexpr const char* units[] = {
    "%",       "pp", "USD", "people", "score (0-100)", "band (1 limited, 2 satisfactory, 3 advanced, 4 target met)",
    "band (x)"};
constexpr const char* economy_codes[] = {"KEN", "UGA", "BRA", "FJI", "NPL"};
constexpr const char* group_codes[] = {"WLD",     "LDC",     "LLDC",    "SIDS",    "ITU.AFR", "ITU.AMS",
                                       "ITU.ARB", "ITU.ASP", "ITU.CIS", "ITU.EUR", "WB.HIC",  "WB.LIC"};
constexpr const char* sdgs[] = {"17.8.1", "17.6.1", "9.c.1", "4.4.1", "5.b.1"};
constexpr const char* wsis[] = {"C2", "C4", "C6"};

// Text as the host holds it: UTF-8 (its inputs refuse anything else).
std::string text(FuzzedDataProvider& in, std::size_t max = 24) {
  std::string out = in.ConsumeRandomLengthString(max);
  if (!valid_utf8(out)) std::erase_if(out, [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  return out;
}

template <std::size_t N>
std::string pick_or_text(FuzzedDataProvider& in, const char* const (&names)[N]) {
  return in.ConsumeBool() ? std::string(in.PickValueInArray(names)) : text(in);
}

// Finite, of any magnitude: the engine writes no NaN or infinity (record_json refuses them by design).
double number(FuzzedDataProvider& in) {
  switch (in.ConsumeIntegralInRange(0, 3)) {
    case 0: return in.ConsumeIntegralInRange(-5, 110);
    case 1: return in.ConsumeFloatingPointInRange(-1000.0, 1000.0);
    case 2: return in.ConsumeProbability<double>();
    default: return in.ConsumeFloatingPoint<double>();
  }
}

std::optional<double> maybe_number(FuzzedDataProvider& in) {
  return in.ConsumeBool() ? std::optional<double>(number(in)) : std::nullopt;
}

std::vector<std::string> names(FuzzedDataProvider& in, const auto& pool) {
  std::vector<std::string> out;
  for (int i = in.ConsumeIntegralInRange(0, 2); i > 0; --i) out.push_back(pick_or_text(in, pool));
  return out;
}

CatalogueEntry catalogue_entry(FuzzedDataProvider& in, std::set<std::string>& ids) {
  CatalogueEntry entry;
  entry.id = pick_or_text(in, metric_ids);
  while (!ids.insert(entry.id).second) entry.id += "x";  // metric ids are unique in a catalogue
  entry.plugin = pick_or_text(in, plugins);
  MetricInfo& info = entry.info;
  info.name = entry.id.substr(entry.id.find('.') + 1);
  info.title = text(in);
  info.unit = pick_or_text(in, units);
  info.description = text(in, 64);
  info.focus_area = static_cast<FocusArea>(in.ConsumeIntegralInRange(0, 3));
  info.wsis_lines = names(in, wsis);
  info.sdg_indicators = names(in, sdgs);
  info.direction = in.ConsumeBool() ? Direction::higher_is_better : Direction::lower_is_better;
  info.target = maybe_number(in);
  info.target_year = in.ConsumeIntegralInRange(1990, 2100);
  info.aggregation = static_cast<Aggregation>(in.ConsumeIntegralInRange(0, 5));
  info.minimum = maybe_number(in);
  info.maximum = maybe_number(in);
  info.growth_rate = in.ConsumeBool();
  return entry;
}

host::RunOutcome decode(FuzzedDataProvider& in) {
  host::RunOutcome outcome;
  RunReport& report = outcome.report;
  report.run_id = "20261130T000000Z-" + text(in, 8);
  report.started_at = "2026-11-30T00:00:00Z";
  report.duration_seconds = in.ConsumeFloatingPointInRange(0.0, 1e6);
  std::set<std::string> ids;
  for (int i = in.ConsumeIntegralInRange(1, 5); i > 0; --i) report.catalogue.push_back(catalogue_entry(in, ids));

  // An entity code is an economy or a group for the whole run.
  std::vector<EntityKind> kinds;
  std::set<std::string> codes;
  for (int i = in.ConsumeIntegralInRange(1, 8); i > 0; --i) {
    const bool group = in.ConsumeBool();
    std::string code = group ? pick_or_text(in, group_codes) : pick_or_text(in, economy_codes);
    if (!codes.insert(code).second) continue;
    report.entity_codes.push_back(code);
    kinds.push_back(group ? EntityKind::group : EntityKind::economy);
  }

  std::set<std::tuple<std::uint32_t, EntityId, std::int32_t>> seen;
  for (int i = in.ConsumeIntegralInRange(0, 80); i > 0 && in.remaining_bytes() > 0; --i) {
    Record record;
    record.metric =
        in.ConsumeIntegralInRange<std::uint32_t>(0, static_cast<std::uint32_t>(report.catalogue.size() - 1));
    record.entity = in.ConsumeIntegralInRange<EntityId>(0, static_cast<EntityId>(report.entity_codes.size() - 1));
    record.entity_kind = kinds[record.entity];
    // Years as data files give them; a span of billions of years would only measure the charts' tick loops.
    record.year = in.ConsumeBool() ? in.ConsumeIntegralInRange(2000, 2030) : in.ConsumeIntegralInRange(1800, 2200);
    if (!seen.emplace(record.metric, record.entity, record.year).second) continue;
    record.value = in.ConsumeIntegralInRange(0, 4) > 0 ? std::optional<double>(number(in)) : std::nullopt;
    record.status = static_cast<Status>(in.ConsumeIntegralInRange(0, 4));
    record.flags = in.ConsumeIntegralInRange<std::uint32_t>(0, 7);
    if (record.entity_kind == EntityKind::group && in.ConsumeBool()) {
      const auto members = in.ConsumeIntegralInRange<std::uint32_t>(0, 300);
      const auto with_data = in.ConsumeIntegralInRange<std::uint32_t>(0, members);
      record.coverage =
          Coverage{with_data, members, in.ConsumeProbability<double>(),
                   in.ConsumeIntegralInRange<std::uint32_t>(0, with_data), in.ConsumeProbability<double>()};
    }
    if (!record.value || in.ConsumeBool()) record.reason = text(in, 48);
    report.records.push_back(std::move(record));
  }
  std::sort(report.records.begin(), report.records.end(), [](const Record& a, const Record& b) {
    return std::tie(a.metric, a.entity_kind, a.entity, a.year) < std::tie(b.metric, b.entity_kind, b.entity, b.year);
  });
  if (in.ConsumeBool()) report.failures.push_back({text(in), text(in, 64)});
  return outcome;
}

// The rows History::results() and History::metrics() read back for the same run.
std::vector<host::StoredMetric> stored_metrics(const RunReport& report) {
  std::vector<host::StoredMetric> out;
  for (const auto& entry : report.catalogue) {
    const MetricInfo& info = entry.info;
    out.push_back({entry.id, entry.plugin, info.name, info.title, info.unit, info.description,
                   to_string(info.focus_area), info.wsis_lines, info.sdg_indicators, to_string(info.direction),
                   info.target, info.target_year, to_string(info.aggregation)});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

std::vector<host::StoredResult> stored_results(const RunReport& report) {
  std::vector<host::StoredResult> out;
  for (std::size_t i = 0; i < report.records.size(); ++i) {
    const Record& record = report.records[i];
    const CatalogueEntry& metric = report.metric_of(i);
    out.push_back({metric.id, std::string(report.entity_of(i)), to_string(record.entity_kind), record.year,
                   record.value, metric.info.unit, record.status == Status::none ? "" : to_string(record.status),
                   record.coverage, flags_to_string(record.flags), record.reason});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.metric, a.entity, a.year) < std::tie(b.metric, b.entity, b.year);
  });
  return out;
}

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "\n== views_fuzzer finding: %s\n", what.c_str());
  std::abort();
}

void check_json(const std::string& what, const std::string& body) {
  if (!nlohmann::json::accept(body)) finding(what + " is not JSON: " + body.substr(0, 200));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  host::RunOutcome outcome = decode(in);
  // The report in each of the six languages: its number formats and messages meet the same fuzzed runs.
  static const std::vector<report::Locale> locales = [] {
    std::vector<report::Locale> all;
    for (const char* code : {"en", "ar", "es", "fr", "ru", "zh"}) all.emplace_back(service::bundled_catalogues(), code);
    return all;
  }();
  const report::Locale& locale = locales[in.ConsumeIntegralInRange<std::size_t>(0, locales.size() - 1)];
  const std::vector<host::StoredMetric> metrics = stored_metrics(outcome.report);
  const std::vector<host::StoredResult> results = stored_results(outcome.report);
  host::StoredRun run{outcome.report.run_id,
                      outcome.report.started_at,
                      outcome.report.duration_seconds,
                      "config/p2c.toml",
                      "0123456789abcdef",
                      {{"sdg_17_8", "1.0.0"}},
                      static_cast<std::int64_t>(results.size()),
                      static_cast<std::int64_t>(outcome.report.failures.size())};
  try {
    const service::Snapshot snapshot(std::move(outcome), std::make_shared<service::Setup>(), "{}");
    check_json("/api/v1/metrics", service::metrics_body(snapshot, {}));
    check_json("/api/v1/results", service::results_body(snapshot, {}));
    check_json("/api/v1/runs/current", snapshot.current_run_json());
    (void)snapshot.prometheus_results();

    const report::Report model = report::build_report(locale, run, metrics, results);
    (void)report::run_facts(model);
    (void)report::reading_notes(model);
    (void)report::html_document(model);
  } catch (const std::exception& e) {
    finding(std::string("exception: ") + e.what());
  }
  return 0;
}
