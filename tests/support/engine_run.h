// Whole runs of the engine for indicator and host tests: a configuration text, the plugins this build made
// (P2C_PLUGIN_DIR), prepare, run. Include it only in tests that link the host library (engine.h).
#pragma once

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "engine.h"
#include "temp_dir.h"

namespace p2c::test {

/// Writes `toml` as p2c.toml in `dir` (relative paths in it are then relative to `dir`), loads it, scans
/// P2C_PLUGIN_DIR, prepares the engine and runs it.
inline p2c::host::RunOutcome run_config(const TempDir& dir, const std::string& toml) {
  const p2c::host::Config config = p2c::host::load_config(dir.write("p2c.toml", toml));
  p2c::host::Registry registry;
  registry.scan(P2C_PLUGIN_DIR);
  p2c::host::Engine engine(config, registry);
  engine.prepare();
  return engine.run();
}

using MetricKey = std::pair<std::string, int>;              ///< entity code, year
using MetricRecords = std::map<MetricKey, p2c::Record>;  ///< one metric's records by entity code and year

/// One run of `toml` in a fresh folder, its records sorted by metric id and then entity code and year,
/// economies and groups apart.
struct IndicatorRun {
  TempDir dir;
  p2c::host::RunOutcome outcome;
  std::map<std::string, MetricRecords> economies;  ///< by metric id, then ISO3 and year
  std::map<std::string, MetricRecords> groups;

  explicit IndicatorRun(const std::string& toml) : outcome(run_config(dir, toml)) {
    for (const auto& r : outcome.report.records) {
      auto& target = r.entity_kind == p2c::EntityKind::economy ? economies : groups;
      target[outcome.report.catalogue[r.metric].id][{std::string(outcome.report.entity_code(r.entity)), r.year}] = r;
    }
  }

  /// Whether the instance failed with a message containing `part`.
  bool failed(const std::string& instance, const std::string& part) const {
    for (const auto& failure : outcome.report.failures)
      if (failure.instance == instance && failure.message.find(part) != std::string::npos) return true;
    return false;
  }

  /// The names of the failed instances.
  std::set<std::string> failed_instances() const {
    std::set<std::string> out;
    for (const auto& failure : outcome.report.failures) out.insert(failure.instance);
    return out;
  }
};

/// The economy records of metric `id`; fails the test if the run has none.
inline const MetricRecords& metric(const IndicatorRun& run, const std::string& id) {
  const auto it = run.economies.find(id);
  REQUIRE(it != run.economies.end());
  return it->second;
}

/// The record of `iso3` in `year`; fails the test if there is none.
inline const p2c::Record& at(const MetricRecords& records, const std::string& iso3, int year) {
  const auto it = records.find({iso3, year});
  REQUIRE(it != records.end());
  return it->second;
}

}  // namespace p2c::test
