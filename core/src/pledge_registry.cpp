#include "pledge_registry.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <system_error>

namespace p2c::host {
namespace {

const PledgeSettings& settings_of(const Config& config) {
  if (!config.pledges)
    throw ConfigError(
        {fmt::format("{}: there is no [pledges] section; add one to use the pledge registry "
                     "(docs/pledges.md)",
                     config.path.string())});
  return *config.pledges;
}

// A bootstrap that failed leaves no half-made registry behind: the next open creates it afresh.
void remove_database(const std::filesystem::path& file) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix, ignored);
}

std::string describe(const std::vector<pledges::Rejection>& rejected) {
  constexpr std::size_t shown = 20;
  std::string out;
  for (std::size_t i = 0; i < rejected.size() && i < shown; ++i) {
    out += "\n  ";
    out += pledges::to_string(rejected[i]);
  }
  if (rejected.size() > shown) out += fmt::format("\n  ... and {} more", rejected.size() - shown);
  return out;
}

}  // namespace

pledges::Bounds registry_bounds(const Config& config) {
  const PledgeSettings& settings = settings_of(config);
  return pledges::Bounds{settings.max_amount_usd, settings.earliest_date, settings.latest_date};
}

pledges::CalendarSettings registry_calendar(const Config& config) {
  const PledgeSettings& settings = settings_of(config);
  return pledges::CalendarSettings{settings.reporting_period_months, settings.due_window_days, settings.grace_days};
}

pledges::Rules registry_rules(const Config& config, const Registry* plugins) {
  const PledgeSettings& settings = settings_of(config);
  if (!config.reference)
    throw ConfigError(
        {fmt::format("{}: [pledges] needs a [reference] section: pledges name economies and groups "
                     "of the reference data (set [reference] economies and groups)",
                     config.path.string())});
  pledges::Rules rules = pledges::Rules::load(config.reference->economies, config.reference->groups, settings.rates);
  rules.bounds = registry_bounds(config);
  if (!settings.vocabulary.empty()) rules.vocabulary = pledges::Vocabulary::load(settings.vocabulary);
  rules.vocabulary.extend("measures", settings.measures);
  rules.vocabulary.extend("campaigns", settings.campaigns);
  if (plugins != nullptr)
    for (const InstanceConfig& instance : config.instances) {
      if (instance.section != "indicator") continue;
      if (const PluginLibrary* library = plugins->find(instance.plugin))
        for (const MetricInfo& metric : library->metrics()) rules.metrics.insert(instance.name + "." + metric.name);
    }
  return rules;
}

std::unique_ptr<pledges::Store> open_registry(const Config& config, const Registry* plugins) {
  const PledgeSettings& settings = settings_of(config);
  auto store = std::make_unique<pledges::Store>(settings.database);
  if (!store->created() || settings.bootstrap.empty()) return store;
  try {
    const pledges::ImportSummary summary = store->import_file(settings.bootstrap, registry_rules(config, plugins));
    if (!summary.committed())
      throw pledges::StoreError(
          fmt::format("the pledge registry '{}' was not created: {} problem(s) in the bootstrap file '{}' ([pledges] "
                      "bootstrap); fix the file or clear the setting:{}",
                      settings.database.string(), summary.rejected.size(), settings.bootstrap.string(),
                      describe(summary.rejected)));
    spdlog::info("pledge registry {} created with {} pledges and {} progress reports from {}",
                 settings.database.string(), summary.pledges_added, summary.reports_added, settings.bootstrap.string());
  } catch (...) {
    store.reset();
    remove_database(settings.database);
    throw;
  }
  return store;
}

}  // namespace p2c::host
