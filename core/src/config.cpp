#include "config.h"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <system_error>
#include <tuple>

#include "env_expand.h"
#include "option_schema.h"
#include "p2c/dates.h"

namespace p2c::host {
namespace {

constexpr const char* sections[] = {"source", "indicator", "sink"};

std::string joined(const std::vector<std::string>& problems) {
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : "\n") + p;
  return out;
}

// Expands environment references in every string of the tree, keeping each node's position.
void expand_strings(toml::node& node, std::vector<std::string>& problems, const EnvLookup& lookup) {
  if (auto* text = node.as_string()) {
    try {
      *text = expand_env(text->get(), lookup);
    } catch (const std::invalid_argument& e) {
      problems.push_back(position(node.source()) + ": " + e.what());
    }
  } else if (auto* array = node.as_array()) {
    for (auto& element : *array) expand_strings(element, problems, lookup);
  } else if (auto* table = node.as_table()) {
    for (auto&& [key, value] : *table) expand_strings(value, problems, lookup);
  }
}

// Where p2c keeps its state: the environment's P2C_STATE_DIR (also what --state-dir sets), else [run] state_dir
// (its own ${VARS} expanded, relative to the config's folder), else the config's folder. Known before the other
// strings are expanded, since they name it as ${P2C_STATE_DIR}.
std::filesystem::path state_dir_of(const toml::table& root, const std::filesystem::path& folder,
                                   std::vector<std::string>& problems) {
  if (auto from_environment = process_env("P2C_STATE_DIR"); from_environment && !from_environment->empty())
    return std::filesystem::absolute(*from_environment).lexically_normal();
  const toml::node* node = root.at_path("run.state_dir").node();
  const auto* text = node != nullptr ? node->as_string() : nullptr;
  if (text == nullptr || text->get().empty()) return folder;  // a wrong type is reported with the rest of [run]
  try {
    return (folder / expand_env(text->get())).lexically_normal();
  } catch (const std::invalid_argument& e) {
    problems.push_back(position(node->source()) + ": " + e.what());
    return folder;
  }
}

const char* type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
  }
}

constexpr p2c_option_spec run_options[] = {
    {"strict", P2C_OPTION_BOOLEAN, "false", 0, "Exit non-zero when any plugin fails or any input row is rejected"},
    {"threads", P2C_OPTION_INTEGER, "0", 0, "Worker threads for sources and independent indicators; 0: one per core"},
    {"plugin_dirs", P2C_OPTION_STRING_LIST, "[]", 0, "Extra folders to load plugins from, besides the default one"},
    {"isolation", P2C_OPTION_STRING, R"("")", 0,
     "Where plugin instances run unless they set `isolation`: \"none\" (in p2c's process) or \"process\" (each in a "
     "child process of its own); empty: \"none\" for `p2c run`, \"process\" for `p2c serve` (docs/isolation.md)"},
    {"state_dir", P2C_OPTION_PATH, R"("")", 0,
     "Folder of p2c's state, ${P2C_STATE_DIR} in every string of the config (run history, pledge registry); the "
     "environment's P2C_STATE_DIR or --state-dir override it; empty: the config's folder"},
    {"history", P2C_OPTION_PATH, R"("")", 0, "SQLite database keeping every run's results; empty: keep no history"},
    {"keep_runs", P2C_OPTION_INTEGER, "8784", 0,
     "Runs the history keeps; older ones are pruned after each stored run; 0: no limit (default: a year of hourly "
     "runs)"},
    {"keep_days", P2C_OPTION_INTEGER, "366", 0,
     "Days the history keeps a run; older ones are pruned after each stored run; 0: no limit"},
};

constexpr p2c_option_spec reference_options[] = {
    {"economies", P2C_OPTION_PATH, nullptr, 1, "CSV of economies: iso3,m49,name"},
    {"groups", P2C_OPTION_PATH, nullptr, 1, "CSV of groups: code,name,family"},
    {"memberships", P2C_OPTION_PATH, nullptr, 1,
     "CSV of group memberships: group,iso3,from_year,to_year (inclusive; empty: open-ended)"},
    {"group_lists", P2C_OPTION_STRING_LIST, "[]", 0,
     "Further membership files (same columns), in order; each replaces the memberships of the groups it lists, "
     "e.g. ITU's SIDS and income lists instead of UN M49's and the World Bank's"},
    {"population", P2C_OPTION_STRING, R"("wb.population")", 0,
     "Series id of total population: the weights of population-weighted aggregates and of coverage"},
};

constexpr p2c_option_spec estimation_options[] = {
    {"metric", P2C_OPTION_STRING, nullptr, 1, "Full id of the metric whose missing economy-years are estimated"},
    {"method", P2C_OPTION_STRING, nullptr, 1,
     "none, interpolate (between observations) or itu_trend (interpolate, then extend the recent trend)"},
    {"trend_years", P2C_OPTION_INTEGER, "5", 0,
     "itu_trend: years up to the latest observation whose least-squares slope is extended (ITU: five)"},
    {"max_extrapolation_years", P2C_OPTION_INTEGER, "3", 0,
     "itu_trend: years after an economy's latest observation that may be estimated"},
};

constexpr p2c_option_spec publishing_options[] = {
    {"min_observed_share", P2C_OPTION_NUMBER, "0.8", 0,
     "Share (0-1) of a group's population (of its members when no population is known) that must hold an observed "
     "value for the group value to be published; below it the value is withheld with a reason"},
    {"min_sum_share", P2C_OPTION_NUMBER, "0.95", 0,
     "Sums (people, dollars) also need this share with a value, observed or estimated"},
};

// [[publishing.rules]]: the thresholds above for some metrics; an absent one is the section's.
constexpr p2c_option_spec publishing_rule_options[] = {
    {"metric", P2C_OPTION_STRING, nullptr, 1, "A full metric id, or \"<instance>.*\" for every metric of an instance"},
    {"min_observed_share", P2C_OPTION_NUMBER, nullptr, 0, "As [publishing] min_observed_share, for these metrics"},
    {"min_sum_share", P2C_OPTION_NUMBER, nullptr, 0, "As [publishing] min_sum_share, for these metrics"},
};

constexpr p2c_option_spec progress_options[] = {
    {"window_years", P2C_OPTION_INTEGER, "10", 0, "Years up to an entity's latest value that its trend uses"},
    {"min_points", P2C_OPTION_INTEGER, "3", 0,
     "Observations needed in the window for a trend; with fewer the status is insufficient_data"},
    {"max_age_years", P2C_OPTION_INTEGER, "5", 0,
     "A latest value older than this at the reference year gets status insufficient_data and no trend"},
    {"reference_year", P2C_OPTION_INTEGER, "0", 0, "Year progress is assessed at; 0: the year before the run's"},
};

constexpr p2c_option_spec pledges_options[] = {
    {"database", P2C_OPTION_PATH, nullptr, 1, "SQLite file of the pledge registry; created and migrated on first use"},
    {"rates", P2C_OPTION_PATH, nullptr, 1, "CSV currency,usd_per_unit,source: converts pledge values to USD"},
    {"bootstrap", P2C_OPTION_PATH, R"("")", 0,
     "Pledge file (CSV or JSON) imported once, when the database is created; empty: start empty"},
    {"max_amount_usd", P2C_OPTION_NUMBER, "1e12", 0,
     "Largest plausible amount in US dollars: a pledge's value_usd or a report's disbursed_usd above it is refused"},
    {"earliest_date", P2C_OPTION_STRING, R"("2000-01-01")", 0,
     "Earliest plausible date (YYYY-MM-DD) of a pledge or progress report; earlier ones are refused"},
    {"latest_date", P2C_OPTION_STRING, R"("2100-12-31")", 0,
     "Latest plausible date (YYYY-MM-DD) of a pledge or progress report; later ones are refused"},
    {"vocabulary", P2C_OPTION_PATH, R"("")", 0,
     "CSV vocabulary,code,label,source of target measures, WSIS lines, Roadmap areas and campaigns; empty: the "
     "built-in lists (equal to config/data/pledges/vocabulary.csv)"},
    {"measures", P2C_OPTION_STRING_LIST, "[]", 0, "Target measures added to the vocabulary's"},
    {"campaigns", P2C_OPTION_STRING_LIST, "[]", 0, "Campaigns added to the vocabulary's"},
    {"reporting_period_months", P2C_OPTION_INTEGER, "12", 0,
     "Months between expected progress reports of a pledge that sets no period of its own (1-120)"},
    {"due_window_days", P2C_OPTION_INTEGER, "30", 0, "A report is `due` from this many days before it is expected"},
    {"grace_days", P2C_OPTION_INTEGER, "30", 0, "A report is `overdue` this many days after it was expected"},
};

constexpr p2c_option_spec service_options[] = {
    {"address", P2C_OPTION_STRING, R"("127.0.0.1")", 0, "Address `p2c serve` listens on; loopback unless exposed"},
    {"port", P2C_OPTION_INTEGER, "8080", 0, "TCP port, 1-65535; 0 picks a free one (logged at start; for tests)"},
    {"recompute_seconds", P2C_OPTION_INTEGER, "3600", 0,
     "Seconds between scheduled recomputes; 0: only at start and on SIGHUP"},
    {"max_body_bytes", P2C_OPTION_INTEGER, "65536", 0, "Largest request body accepted; larger ones get 413"},
    {"reports_per_minute", P2C_OPTION_INTEGER, "30", 0, "Progress reports one token may post per minute; then 429"},
    {"threads", P2C_OPTION_INTEGER, "2", 0, "Threads serving HTTP requests"},
    {"max_connections", P2C_OPTION_INTEGER, "1024", 0,
     "Connections open at once; at the limit a new client replaces the longest idle or slowest one"},
    {"max_connections_per_client", P2C_OPTION_INTEGER, "32", 0,
     "Connections open at once from one client address; further ones are closed at once"},
    {"header_timeout_seconds", P2C_OPTION_INTEGER, "10", 0,
     "Seconds a request's line and headers may take to arrive; then the connection is closed"},
    {"idle_timeout_seconds", P2C_OPTION_INTEGER, "60", 0,
     "Seconds a keep-alive connection may wait for its next request, and a request body to arrive"},
    {"send_timeout_seconds", P2C_OPTION_INTEGER, "30", 0,
     "Seconds sending one response may take; a client that does not read is closed"},
    {"max_response_bytes", P2C_OPTION_INTEGER, "67108864", 0, "Largest response body served; larger ones get 503"},
    {"max_buffered_response_bytes", P2C_OPTION_INTEGER, "268435456", 0,
     "Response bytes held for all clients while being sent; beyond it 503 with Retry-After"},
    {"max_queued_reports", P2C_OPTION_INTEGER, "32", 0,
     "Progress reports waiting to be written; beyond it a report gets 503 with Retry-After"},
};

// [service.metrics]: a few series that keep their identity from run to run, rather than every value of the run.
constexpr p2c_option_spec service_metrics_options[] = {
    {"export", P2C_OPTION_STRING_LIST,
     R"(["sdg_17_8.internet_users", "sdg_17_8.offline_population", "pledges.count_gross", "pledges.value_usd_gross"])",
     0, "Full ids of the metrics GET /metrics exports as p2c_result_value, at their latest published year"},
    {"entities", P2C_OPTION_STRING_LIST, R"(["WLD", "LDC", "LLDC", "SIDS"])", 0,
     "Economy or group codes those metrics are exported for"},
};

constexpr p2c_option_spec languages_options[] = {
    {"dir", P2C_OPTION_PATH, R"("")", 0,
     "Folder of catalogue files (<code>.json, economy-names.csv) read over the bundled ones: translations added or "
     "corrected, and new languages, without a rebuild; empty: the bundled catalogues only"},
};

class Reader {
 public:
  Reader(Config& config, std::vector<std::string>& problems) : config_(config), problems_(problems) {}

  void run_table(const toml::node& node) {
    const bool in_range =
        check_ranges(node, "run", {{"threads", 0, 1024}, {"keep_runs", 0, 100'000'000}, {"keep_days", 0, 1'000'000}});
    const auto options = section(node, "run", run_options);
    if (!options || !in_range) return;
    config_.retention = {static_cast<int>(options->integer("keep_runs")),
                         static_cast<int>(options->integer("keep_days"))};
    config_.strict = options->boolean("strict");
    config_.threads = static_cast<unsigned>(options->integer("threads"));
    for (const auto& folder : options->strings("plugin_dirs")) config_.plugin_dirs.push_back(config_.folder / folder);
    config_.history = options->string("history");
    if (const auto& isolation = options->string("isolation"); !isolation.empty()) {
      config_.isolation = isolation_mode(isolation);
      if (!config_.isolation)
        problems_.push_back(position(node.as_table()->get("isolation")->source()) +
                            ": [run]: option 'isolation' must be \"none\" or \"process\", found \"" + isolation + "\"");
    }
  }

  void reference_table(const toml::node& node) {
    const auto options = section(node, "reference", reference_options);
    if (!options) return;
    std::vector<std::filesystem::path> lists;
    for (const auto& file : options->strings("group_lists")) lists.push_back(config_.folder / file);
    config_.reference =
        ReferenceSettings{options->string("economies"), options->string("groups"), options->string("memberships"),
                          std::move(lists), options->string("population")};
  }

  void estimation_tables(const toml::node& node) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables())
      return wrong(node, "estimation", "an array of tables, written [[estimation]]");
    for (const auto& element : *array) {
      const bool in_range =
          check_ranges(element, "estimation", {{"trend_years", 2, 100}, {"max_extrapolation_years", 0, 100}});
      const auto options = section(element, "[estimation]", estimation_options);
      if (!options || !in_range) continue;
      const std::string where = position(element.source());
      const std::string metric = options->string("metric");
      const auto method = parse_estimation_method(options->string("method"));
      if (!method) {
        problems_.push_back(position(element.as_table()->get("method")->source()) + ": [[estimation]]: method '" +
                            options->string("method") + "' is not one of none, interpolate, itu_trend");
        continue;
      }
      auto& metrics = config_.estimation.metrics;
      const auto twice =
          std::find_if(metrics.begin(), metrics.end(), [&](const auto& m) { return m.metric == metric; });
      if (twice != metrics.end()) {
        problems_.push_back(where + ": [[estimation]]: metric '" + metric + "' is already estimated at " +
                            twice->where + "; give each metric one rule");
        continue;
      }
      EstimationRule rule;
      rule.method = *method;
      rule.trend_years = static_cast<int>(options->integer("trend_years"));
      rule.max_extrapolation_years = static_cast<int>(options->integer("max_extrapolation_years"));
      metrics.push_back({metric, rule, where});
    }
  }

  void publishing_table(const toml::node& node) {
    const auto* table = node.as_table();
    if (table == nullptr) return wrong(node, "[publishing]", "a table");
    // The rules are checked on their own below; the rest of the section against its schema.
    constexpr std::string_view nested[] = {"rules"};
    const bool in_range = check_ranges(node, "publishing", {{"min_observed_share", 0, 1}, {"min_sum_share", 0, 1}});
    const auto options =
        validate_options(publishing_options, *table, "[publishing]", config_.folder, problems_, nested);
    if (!options || !in_range) return;
    PublishingSettings& publishing = config_.publishing;
    publishing.defaults = {options->number("min_observed_share"), options->number("min_sum_share")};
    const toml::node* rules = table->get("rules");
    if (rules == nullptr) return;
    const auto* array = rules->as_array();
    if (array == nullptr || !array->is_array_of_tables())
      return wrong(*rules, "publishing.rules", "an array of tables, written [[publishing.rules]]");
    for (const auto& element : *array) {
      const bool rule_in_range =
          check_ranges(element, "publishing.rules", {{"min_observed_share", 0, 1}, {"min_sum_share", 0, 1}});
      const auto rule = section(element, "[publishing.rules]", publishing_rule_options);
      if (!rule || !rule_in_range) continue;
      PublishingThresholds thresholds = publishing.defaults;
      if (rule->has("min_observed_share")) thresholds.min_observed_share = rule->number("min_observed_share");
      if (rule->has("min_sum_share")) thresholds.min_sum_share = rule->number("min_sum_share");
      publishing.rules.push_back({rule->string("metric"), thresholds, position(element.source())});
    }
  }

  void progress_table(const toml::node& node) {
    const bool in_range = check_ranges(
        node, "progress",
        {{"window_years", 1, 100}, {"min_points", 2, 100}, {"max_age_years", 0, 200}, {"reference_year", 0, 9999}});
    const auto options = section(node, "progress", progress_options);
    if (!options || !in_range) return;
    config_.progress = ProgressSettings{
        static_cast<int>(options->integer("window_years")), static_cast<int>(options->integer("min_points")),
        static_cast<int>(options->integer("max_age_years")), static_cast<int>(options->integer("reference_year"))};
  }

  void pledges_table(const toml::node& node) {
    const bool in_range = check_ranges(node, "pledges",
                                       {{"max_amount_usd", 1, 1e15},
                                        {"reporting_period_months", 1, 120},
                                        {"due_window_days", 0, 3650},
                                        {"grace_days", 0, 3650}});
    const auto options = section(node, "pledges", pledges_options);
    if (!options || !in_range) return;
    // The bounds must be real days in order, or every record would be refused for a typo in the config.
    const auto date_of = [&](const char* key) {
      const std::string text = options->string(key);
      if (parse_date(text)) return true;
      const toml::node* value = node.as_table()->get(key);
      problems_.push_back(position(value != nullptr ? value->source() : node.source()) + ": [pledges]: option '" + key +
                          "' must be a date YYYY-MM-DD naming a real day, found '" + text + "'");
      return false;
    };
    const bool earliest_ok = date_of("earliest_date");  // both checked, so that both problems are reported
    const bool latest_ok = date_of("latest_date");
    if (!earliest_ok || !latest_ok) return;
    if (options->string("earliest_date") > options->string("latest_date")) {
      problems_.push_back(position(node.source()) + ": [pledges]: earliest_date " + options->string("earliest_date") +
                          " is after latest_date " + options->string("latest_date") + "; swap or correct them");
      return;
    }
    config_.pledges = PledgeSettings{options->string("database"),
                                     options->string("rates"),
                                     options->string("bootstrap"),
                                     options->number("max_amount_usd"),
                                     options->string("earliest_date"),
                                     options->string("latest_date"),
                                     options->string("vocabulary"),
                                     options->strings("measures"),
                                     options->strings("campaigns"),
                                     static_cast<int>(options->integer("reporting_period_months")),
                                     static_cast<int>(options->integer("due_window_days")),
                                     static_cast<int>(options->integer("grace_days"))};
  }

  void languages_table(const toml::node& node) {
    const auto options = section(node, "languages", languages_options);
    if (!options) return;
    config_.languages_dir = options->string("dir");
    std::error_code error;
    if (!config_.languages_dir.empty() && !std::filesystem::is_directory(config_.languages_dir, error))
      problems_.push_back(position(node.as_table()->get("dir")->source()) + ": [languages]: dir '" +
                          config_.languages_dir.string() +
                          "' is not a folder; create it, or remove the key to use the bundled catalogues only");
  }

  void service_table(const toml::node& node) {
    const bool in_range = check_ranges(node, "service",
                                       {{"port", 0, 65535},
                                        {"recompute_seconds", 0, 31'536'000},
                                        {"max_body_bytes", 1, 1'073'741'824},
                                        {"reports_per_minute", 1, 1'000'000},
                                        {"threads", 1, 256},
                                        {"max_connections", 1, 1'000'000},
                                        {"max_connections_per_client", 1, 1'000'000},
                                        {"header_timeout_seconds", 1, 3600},
                                        {"idle_timeout_seconds", 1, 86'400},
                                        {"send_timeout_seconds", 1, 86'400},
                                        {"max_response_bytes", 1, 68'719'476'736},
                                        {"max_buffered_response_bytes", 1, 68'719'476'736},
                                        {"max_queued_reports", 1, 1'000'000}});
    const auto* table = node.as_table();
    if (table == nullptr) return wrong(node, "[service]", "a table");
    constexpr std::string_view nested[] = {"metrics"};
    const auto options = validate_options(service_options, *table, "[service]", config_.folder, problems_, nested);
    if (const toml::node* metrics = table->get("metrics")) service_metrics_table(*metrics);
    if (!options || !in_range) return;
    ServiceSettings& service = config_.service;
    service.address = options->string("address");
    service.port = static_cast<int>(options->integer("port"));
    service.recompute_seconds = static_cast<int>(options->integer("recompute_seconds"));
    service.max_body_bytes = static_cast<std::size_t>(options->integer("max_body_bytes"));
    service.reports_per_minute = static_cast<int>(options->integer("reports_per_minute"));
    service.threads = static_cast<int>(options->integer("threads"));
    service.max_connections = static_cast<std::size_t>(options->integer("max_connections"));
    service.max_connections_per_client = static_cast<std::size_t>(options->integer("max_connections_per_client"));
    service.header_timeout_seconds = static_cast<int>(options->integer("header_timeout_seconds"));
    service.idle_timeout_seconds = static_cast<int>(options->integer("idle_timeout_seconds"));
    service.send_timeout_seconds = static_cast<int>(options->integer("send_timeout_seconds"));
    service.max_response_bytes = static_cast<std::size_t>(options->integer("max_response_bytes"));
    service.max_buffered_response_bytes = static_cast<std::size_t>(options->integer("max_buffered_response_bytes"));
    service.max_queued_reports = static_cast<std::size_t>(options->integer("max_queued_reports"));
    // Limits that contradict each other would make one of them silently meaningless.
    if (service.max_connections_per_client > service.max_connections)
      problems_.push_back(position(node.source()) + ": [service]: max_connections_per_client (" +
                          std::to_string(service.max_connections_per_client) +
                          ") must not be more than max_connections (" + std::to_string(service.max_connections) +
                          "); lower it or raise max_connections");
    if (service.max_response_bytes > service.max_buffered_response_bytes)
      problems_.push_back(
          position(node.source()) + ": [service]: max_response_bytes (" + std::to_string(service.max_response_bytes) +
          ") must not be more than max_buffered_response_bytes (" +
          std::to_string(service.max_buffered_response_bytes) + "); lower it or raise max_buffered_response_bytes");
  }

  void service_metrics_table(const toml::node& node) {
    const auto options = section(node, "service.metrics", service_metrics_options);
    if (!options) return;
    // An empty code could never match, and would read as a typo left in the list.
    bool usable = true;
    for (const char* key : {"export", "entities"})
      for (const auto& value : options->strings(key))
        if (value.empty()) {
          problems_.push_back(position(node.as_table()->get(key)->source()) + ": [service.metrics]: '" + key +
                              "' holds an empty string; remove it");
          usable = false;
        }
    if (!usable) return;
    MetricsExport& metrics = config_.service.metrics;
    metrics.metrics = options->strings("export");
    metrics.entities = options->strings("entities");
    metrics.metrics_given = node.as_table()->contains("export");
  }

  void instances(const toml::node& node, const std::string& section) {
    const auto* array = node.as_array();
    if (array == nullptr || !array->is_array_of_tables())
      return wrong(node, section, "an array of tables, written [[" + section + "]]");
    for (const auto& element : *array) instance(*element.as_table(), section);
  }

 private:
  void wrong(const toml::node& node, const std::string& what, const std::string& expected) {
    problems_.push_back(position(node.source()) + ": '" + what + "' must be " + expected + ", found " +
                        type_name(node));
  }

  std::optional<Options> section(const toml::node& node, const std::string& name,
                                 std::span<const p2c_option_spec> schema) {
    const auto* table = node.as_table();
    if (table == nullptr) {
      wrong(node, "[" + name + "]", "a table");
      return std::nullopt;
    }
    return validate_options(schema, *table, "[" + name + "]", config_.folder, problems_);
  }

  struct Range {
    const char* key;
    double low, high;
  };
  /// Checks every key, not only up to the first one out of range, so that all problems are reported at once.
  bool check_ranges(const toml::node& section, const std::string& name, std::initializer_list<Range> ranges) {
    bool all = true;
    for (const Range& range : ranges) all = check_range(section, name, range.key, range.low, range.high) && all;
    return all;
  }

  // Checked on the raw value so that a range problem is reported together with any type problems.
  bool check_range(const toml::node& section, const std::string& name, const char* key, double low, double high) {
    const auto* table = section.as_table();
    const toml::node* value = table != nullptr ? table->get(key) : nullptr;
    if (value == nullptr || !(value->is_integer() || value->is_floating_point())) return true;
    const double number =
        value->is_integer() ? static_cast<double>(value->as_integer()->get()) : value->as_floating_point()->get();
    if (number >= low && number <= high) return true;
    problems_.push_back(position(value->source()) + ": [" + name + "]: option '" + key + "' must be between " +
                        fmt::format("{} and {}", low, high));
    return false;
  }

  void instance(const toml::table& table, const std::string& section) {
    const std::string where = position(table.source());
    const auto* plugin = table.get_as<std::string>("plugin");
    if (plugin == nullptr) {
      problems_.push_back(where + ": a [[" + section + "]] table needs `plugin = \"NAME\"`; `p2c plugins` lists them");
      return;
    }
    std::string name = plugin->get();
    if (const auto* node = table.get("name")) {
      if (auto v = node->value<std::string>())
        name = *v;
      else
        return wrong(*node, section + ".name", "a string");
    }
    if (const auto* node = table.get("enabled")) {
      auto v = node->value<bool>();
      if (!v) return wrong(*node, section + ".enabled", "a boolean");
      if (!*v) return;
    }
    IsolationSettings isolation;
    if (!isolation_settings(table, section, isolation)) return;
    config_.instances.push_back({section, name, plugin->get(), isolation, &table});
  }

  bool isolation_settings(const toml::table& table, const std::string& section, IsolationSettings& out) {
    bool good = true;
    if (const auto* node = table.get("isolation")) {
      const auto* text = node->as_string();
      out.mode = text != nullptr ? isolation_mode(text->get()) : std::nullopt;
      if (!out.mode) {
        wrong(*node, section + ".isolation", R"("none" or "process")");
        good = false;
      }
    }
    if (const auto* node = table.get("timeout_seconds")) {
      const auto* seconds = node->as_integer();
      if (seconds == nullptr || seconds->get() < 1 || seconds->get() > 86400) {
        wrong(*node, section + ".timeout_seconds", "a whole number of seconds from 1 to 86400");
        good = false;
      } else {
        out.timeout_seconds = static_cast<int>(seconds->get());
      }
    }
    if (const auto* node = table.get("memory_limit")) {
      const auto* text = node->as_string();
      const auto bytes = text != nullptr ? memory_size(text->get()) : std::nullopt;
      if (!bytes || *bytes < minimum_memory_limit) {
        wrong(*node, section + ".memory_limit", R"(a size of 16 MiB or more with its unit, e.g. "512 MiB" or "2 GiB")");
        good = false;
      } else {
        out.memory_limit = *bytes;
      }
    }
    return good;
  }

  Config& config_;
  std::vector<std::string>& problems_;
};

// toml++ iterates keys alphabetically; the operator wrote the instances in file order (the config, then its
// included files in the order read), and a duplicate name is the second one.
void order_and_check_names(Config& config, std::vector<std::string>& problems) {
  const auto file_index = [&config](const toml::source_region& where) {
    const auto found =
        where.path ? std::find(config.files.begin(), config.files.end(), *where.path) : config.files.end();
    return static_cast<std::size_t>(found - config.files.begin());
  };
  const auto before = [&](const InstanceConfig& a, const InstanceConfig& b) {
    const auto& x = a.table->source();
    const auto& y = b.table->source();
    return std::tuple(file_index(x), x.begin.line, x.begin.column) <
           std::tuple(file_index(y), y.begin.line, y.begin.column);
  };
  std::stable_sort(config.instances.begin(), config.instances.end(), before);
  std::set<std::string> names;
  for (const auto& instance : config.instances)
    if (!names.insert(instance.name).second)
      problems.push_back(position(instance.table->source()) + ": instance name '" + instance.name +
                         "' is used twice; give each instance of a plugin its own `name`");
}

}  // namespace

ConfigError::ConfigError(std::vector<std::string> problems)
    : std::runtime_error(joined(problems)), problems_(std::move(problems)) {}

std::string position(const toml::source_region& where) {
  std::ostringstream out;
  out << (where.path ? *where.path : std::string("(config)")) << ':' << where.begin.line << ':' << where.begin.column;
  return out.str();
}

std::span<const p2c_option_spec> run_schema() noexcept { return run_options; }
std::span<const p2c_option_spec> reference_schema() noexcept { return reference_options; }
std::span<const p2c_option_spec> estimation_schema() noexcept { return estimation_options; }
std::span<const p2c_option_spec> publishing_schema() noexcept { return publishing_options; }
std::span<const p2c_option_spec> publishing_rule_schema() noexcept { return publishing_rule_options; }
std::span<const p2c_option_spec> progress_schema() noexcept { return progress_options; }
std::span<const p2c_option_spec> pledges_schema() noexcept { return pledges_options; }
std::span<const p2c_option_spec> service_schema() noexcept { return service_options; }
std::span<const p2c_option_spec> service_metrics_schema() noexcept { return service_metrics_options; }
std::span<const p2c_option_spec> languages_schema() noexcept { return languages_options; }

bool names_metric(std::string_view pattern, std::string_view id) noexcept {
  if (pattern.size() >= 2 && pattern.substr(pattern.size() - 2) == ".*")
    return id.substr(0, pattern.size() - 1) == pattern.substr(0, pattern.size() - 1);
  return pattern == id;
}

const PublishingThresholds& PublishingSettings::for_metric(std::string_view id) const {
  for (const auto& rule : rules)
    if (names_metric(rule.metric, id)) return rule.thresholds;
  return defaults;
}

bool is_instance_key(std::string_view key) noexcept {
  return key == "plugin" || key == "name" || key == "enabled" || key == "isolation" || key == "timeout_seconds" ||
         key == "memory_limit";
}

std::optional<IsolationMode> isolation_mode(std::string_view text) noexcept {
  if (text == "none") return IsolationMode::none;
  if (text == "process") return IsolationMode::process;
  return std::nullopt;
}

std::optional<std::uint64_t> memory_size(std::string_view text) {
  static const std::regex pattern(R"(\s*([0-9]{1,6})\s*(KiB|MiB|GiB)\s*)");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(text.begin(), text.end(), match, pattern)) return std::nullopt;
  const std::uint64_t number = std::stoull(match[1].str());
  const int shift = match[2] == "KiB" ? 10 : match[2] == "MiB" ? 20 : 30;
  return number << shift;
}

namespace {

// The config's text. Only a readable regular file will do: a folder opens and reads as empty on Linux,
// which would pass as a valid config that computes nothing, and a FIFO or device could block or never end.
std::string read_config_text(const std::filesystem::path& path) {
  const std::string where = path.string() + ": ";
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found)
    throw ConfigError({where + "cannot read the config file; check the --config path"});
  if (ec) throw ConfigError({where + "cannot read the config file: " + ec.message() + "; check the --config path"});
  if (status.type() == std::filesystem::file_type::directory) {
    const auto inside = path / "p2c.toml";
    const bool has_config = std::filesystem::is_regular_file(inside, ec);
    throw ConfigError({where + "is a folder, not a config file; pass the TOML file itself with --config" +
                       (has_config ? " (this folder has " + inside.string() + ")" : ", e.g. " + inside.string())});
  }
  if (status.type() != std::filesystem::file_type::regular) {
    const char* kind = "special file";
    switch (status.type()) {
      case std::filesystem::file_type::fifo: kind = "named pipe"; break;
      case std::filesystem::file_type::socket: kind = "socket"; break;
      case std::filesystem::file_type::character: kind = "character device"; break;
      case std::filesystem::file_type::block: kind = "block device"; break;
      default: break;
    }
    throw ConfigError(
        {where + "is a " + kind + ", not a regular file; pass the TOML config file itself with --config"});
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ConfigError(
        {where + "cannot read the config file: " + std::generic_category().message(errno) + "; check its permissions"});
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw ConfigError({where + "reading the config file failed; check the file and the disk"});
  return buffer.str();
}

// Moves the tables of one included file into `root`: a list of tables ([[source]], ...) adds up with the same list
// of the files before it; any other key may be set in one file only. Moved, not copied: toml++ keeps source
// positions only in moved nodes, and problems must name the included file.
void merge_included(toml::table& root, const std::filesystem::path& file, Config& config,
                    std::vector<std::string>& problems) {
  std::string text;
  try {
    text = read_config_text(file);
  } catch (const ConfigError& e) {
    problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    return;
  }
  config.files.push_back(file);
  // Hashed into the run history with the including file: a change here is a change of the config.
  config.text += "\n# include " + file.string() + "\n" + text;
  toml::table included;
  try {
    included = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    problems.push_back(position(e.source()) + ": " + std::string(e.description()));
    return;
  }
  for (auto&& [key, value] : included) {
    const std::string name(key.str());
    if (name == "include") {
      problems.push_back(position(key.source()) + ": an included file cannot include others; list every file in " +
                         config.path.string());
      continue;
    }
    toml::node* existing = root.get(name);
    if (existing == nullptr) {
      root.insert(key, std::move(value));
      continue;
    }
    toml::array* into = existing->as_array();
    toml::array* from = value.as_array();
    if (into != nullptr && from != nullptr && into->is_array_of_tables() && from->is_array_of_tables()) {
      for (auto& element : *from) into->push_back(std::move(*element.as_table()));
      continue;
    }
    problems.push_back(position(key.source()) + ": '" + name + "' is already set at " + position(existing->source()) +
                       "; a table may be set in one file only, while lists of tables ([[source]], [[indicator]], "
                       "[[sink]], [[estimation]]) add up across files");
  }
}

// `include = ["conf.d", "extra.toml"]`: files, and folders whose *.toml files are read in name order, relative to
// the including file's folder, merged into `root` in that order. Removes the key.
void include_files(toml::table& root, Config& config, std::vector<std::string>& problems) {
  toml::node* node = root.get("include");
  if (node == nullptr) return;
  std::vector<std::filesystem::path> files;
  if (const toml::array* list = node->as_array(); list == nullptr) {
    problems.push_back(position(node->source()) +
                       ": include: expected a list of files and folders, e.g. include = [\"conf.d\"]");
  } else {
    for (const auto& item : *list) {
      const auto* text = item.as_string();
      if (text == nullptr) {
        problems.push_back(position(item.source()) + ": include: expected a file or folder path in quotes");
        continue;
      }
      std::filesystem::path path = text->get();
      if (path.is_relative()) path = config.folder / path;
      std::error_code ec;
      if (std::filesystem::is_directory(path, ec)) {
        std::vector<std::filesystem::path> inside;
        for (const auto& entry : std::filesystem::directory_iterator(path, ec))
          if (entry.path().extension() == ".toml" && entry.is_regular_file(ec)) inside.push_back(entry.path());
        std::sort(inside.begin(), inside.end());
        files.insert(files.end(), inside.begin(), inside.end());
      } else if (std::filesystem::exists(path, ec)) {
        files.push_back(path);
      } else {
        problems.push_back(position(item.source()) + ": include: '" + path.string() +
                           "' does not exist; give a file, or a folder of .toml files, relative to " +
                           config.folder.string());
      }
    }
  }
  root.erase("include");
  for (const auto& file : files) merge_included(root, file, config, problems);
}

}  // namespace

Config load_config(const std::filesystem::path& path) {
  Config config;
  config.path = path;
  config.folder = std::filesystem::absolute(path).parent_path();
  config.text = read_config_text(path);
  config.files = {path};

  auto document = std::make_shared<toml::table>();
  try {
    *document = toml::parse(config.text, path.string());
  } catch (const toml::parse_error& e) {
    throw ConfigError({position(e.source()) + ": " + std::string(e.description())});
  }
  toml::table& root = *document;
  config.document = document;

  std::vector<std::string> problems;
  include_files(root, config, problems);
  config.state_dir = state_dir_of(root, config.folder, problems);
  const auto lookup = [&config](const std::string& name) -> std::optional<std::string> {
    if (name == "P2C_STATE_DIR") return config.state_dir.string();
    return process_env(name);
  };
  expand_strings(root, problems, lookup);
  Reader reader(config, problems);
  for (auto&& [key, value] : root) {
    const std::string name(key.str());
    if (name == "run") {
      reader.run_table(value);
    } else if (name == "reference") {
      reader.reference_table(value);
    } else if (name == "estimation") {
      reader.estimation_tables(value);
    } else if (name == "publishing") {
      reader.publishing_table(value);
    } else if (name == "progress") {
      reader.progress_table(value);
    } else if (name == "pledges") {
      reader.pledges_table(value);
    } else if (name == "service") {
      reader.service_table(value);
    } else if (name == "languages") {
      reader.languages_table(value);
    } else if (std::find(std::begin(sections), std::end(sections), name) != std::end(sections)) {
      reader.instances(value, name);
    } else {
      problems.push_back(
          position(key.source()) + ": unknown top-level key '" + name +
          "'; expected [run], [reference], [[estimation]], [publishing], [progress], [pledges], [service], "
          "[languages], [[source]], [[indicator]], [[sink]] or include");
    }
  }
  order_and_check_names(config, problems);
  if (!problems.empty()) throw ConfigError(std::move(problems));
  return config;
}

}  // namespace p2c::host
