// The operator's TOML config: run settings and the plugin instances to create.
//
//   [run]            strict, threads, plugin_dirs, state_dir, history and its retention
//   [reference]      economies, groups and memberships files; population series
//   [estimation]     estimates for missing economy-years, per metric
//   [publishing]     how much of a group value must be observed for it to be published
//   [progress]       trend window, minimum points, data age and reference year for status
//   [pledges]        the pledge registry database, currency rates, bootstrap file, plausible amounts and dates
//   [service]        address, port, recompute interval and limits of `p2c serve`
//   [languages]      a folder of catalogue files read over the bundled translations
//   [[source]]       plugin = "csv", name = "...", enabled = true, then the plugin's own options
//   [[indicator]]    same
//   [[sink]]         same
//   include          files, and folders of *.toml files, whose tables join this one (conf.d)
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "p2c/abi.h"
#include "p2c/estimation.h"

namespace p2c::host {

/// The config cannot be used at all (syntax, structure). Holds every problem found, one per line,
/// each starting with file:line:column.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const noexcept { return problems_; }

 private:
  std::vector<std::string> problems_;
};

/// One `[[source]]`, `[[indicator]]` or `[[sink]]` table.
/// Where a plugin instance runs: in the host's process, or in a child process of its own (docs/isolation.md).
enum class IsolationMode { none, process };

/// An instance's `isolation`, `timeout_seconds` and `memory_limit`.
struct IsolationSettings {
  std::optional<IsolationMode> mode;  ///< unset: [run] isolation, else the command's default
  int timeout_seconds = 300;          ///< each call into an isolated instance; then its process is killed
  std::uint64_t memory_limit = 0;     ///< bytes an isolated instance may allocate; 0: no limit

  bool operator==(const IsolationSettings&) const = default;
};

struct InstanceConfig {
  std::string section;  ///< "source", "indicator" or "sink"
  std::string name;     ///< unique in the config; defaults to the plugin name
  std::string plugin;
  IsolationSettings isolation;
  const toml::table* table;  ///< the whole table, env-expanded, owned by Config::document
};

/// Reference data for group aggregates; see docs/reference-data.md.
struct ReferenceSettings {
  std::filesystem::path economies;
  std::filesystem::path groups;
  std::filesystem::path memberships;
  /// Further membership files, in order: each replaces the memberships of the groups it lists (ITU's SIDS list
  /// instead of UN M49's, say).
  std::vector<std::filesystem::path> group_lists;
  std::string population;  ///< series id of total population, the weights
};

/// The estimation rule of one metric, and where the config gave it.
struct MetricEstimation {
  std::string metric;  ///< full metric id
  EstimationRule rule;
  std::string where;  ///< file:line:column, for messages about the metric id
};

/// Estimates for missing economy-years, made before group aggregation; see docs/groups-and-progress.md.
struct EstimationSettings {
  std::vector<MetricEstimation> metrics;  ///< metrics not listed are not estimated
};

/// When a group value is published; see docs/groups-and-progress.md.
struct PublishingThresholds {
  /// Share (0-1) of the group's population (of its members when no population is known) that must hold an
  /// observed value; below it the group value is withheld.
  double min_observed_share = 0.8;
  /// Sums also need this share with a value, observed or estimated: a sum over part of a group undercounts it.
  double min_sum_share = 0.95;
};

/// Other thresholds for some metrics, e.g. an index whose publisher defines its group figures over the economies
/// it scores.
struct PublishingRule {
  std::string metric;  ///< a full metric id, or "<instance>.*" for every metric of an instance
  PublishingThresholds thresholds;
  std::string where;  ///< file:line:column, for messages
};

struct PublishingSettings {
  PublishingThresholds defaults;
  std::vector<PublishingRule> rules;

  /// The thresholds of metric `id`: those of the first rule naming it, else the defaults.
  const PublishingThresholds& for_metric(std::string_view id) const;
};

/// Whether `pattern` (a metric id, or "<instance>.*") names metric `id`.
bool names_metric(std::string_view pattern, std::string_view id) noexcept;

/// How trends, projections and statuses are computed from a metric's history.
struct ProgressSettings {
  int window_years = 10;  ///< years before an entity's latest value that the trend uses
  int min_points = 3;     ///< fewer observations in the window: insufficient data
  /// A latest value older than this at the reference year gives no status (insufficient_data) and no trend.
  int max_age_years = 5;
  /// The year a run assesses progress at; 0 in the config means the year before the run's (UTC).
  int reference_year = 0;
};

/// The P2C pledge registry; see docs/pledges.md.
struct PledgeSettings {
  std::filesystem::path database;   ///< SQLite file, created and migrated on first use
  std::filesystem::path rates;      ///< CSV currency,usd_per_unit,source: converts pledge values to USD
  std::filesystem::path bootstrap;  ///< imported once when the database is created; empty: none
  /// Plausible bounds of amounts and dates (pledges::Bounds): records outside them are refused.
  double max_amount_usd = 1e12;
  std::string earliest_date = "2000-01-01";
  std::string latest_date = "2100-12-31";
  /// Controlled vocabularies of targets, WSIS lines, Roadmap areas and campaigns (pledges::Vocabulary); empty: the
  /// built-in lists, which equal config/data/pledges/vocabulary.csv.
  std::filesystem::path vocabulary;
  std::vector<std::string> measures;   ///< target measures added to the vocabulary's
  std::vector<std::string> campaigns;  ///< campaigns added to the vocabulary's
  /// The reporting calendar (pledges::CalendarSettings): a report is expected every period, `due` from
  /// due_window_days before, `overdue` grace_days after.
  int reporting_period_months = 12;
  int due_window_days = 30;
  int grace_days = 30;
};

/// [service.metrics]: which results GET /metrics exports, at their latest published year; see docs/service.md.
struct MetricsExport {
  /// Full metric ids. The defaults are the report's headline figures (core/src/report/summary_section.cpp).
  std::vector<std::string> metrics = {"sdg_17_8.internet_users", "sdg_17_8.offline_population", "pledges.count_gross",
                                      "pledges.value_usd_gross"};
  std::vector<std::string> entities = {"WLD", "LDC", "LLDC", "SIDS"};  ///< economy or group codes
  /// Whether the config lists `export` itself: only then is a metric the run lacks worth a warning, since the
  /// defaults name metrics that a config without pledges or SDG 17.8 simply does not compute.
  bool metrics_given = false;

  bool operator==(const MetricsExport&) const = default;
};

/// `p2c serve`; see docs/service.md.
struct ServiceSettings {
  std::string address = "127.0.0.1";
  int port = 8080;
  int recompute_seconds = 3600;  ///< 0: compute once at start and on SIGHUP only
  std::size_t max_body_bytes = 65536;
  int reports_per_minute = 30;                  ///< per token; beyond it: 429
  int threads = 2;                              ///< HTTP worker threads
  std::size_t max_connections = 1024;           ///< open at once; at the limit idle or slow ones make room
  std::size_t max_connections_per_client = 32;  ///< open at once from one client address
  int header_timeout_seconds = 10;              ///< a request's head must arrive within this
  int idle_timeout_seconds = 60;                ///< a keep-alive connection's wait for its next request
  int send_timeout_seconds = 30;                ///< sending one response; a client that does not read is closed
  std::size_t max_response_bytes = 64u << 20;   ///< one response body; larger: 503
  std::size_t max_buffered_response_bytes = 256u << 20;  ///< response bytes held for all clients; beyond: 503
  std::size_t max_queued_reports = 32;                   ///< progress reports waiting to be written; beyond: 503
  MetricsExport metrics;

  bool operator==(const ServiceSettings&) const = default;
};

/// How much run history is kept; see docs/outputs.md. 0: no limit.
struct HistoryRetention {
  int keep_runs = 8784;  ///< a year of hourly runs
  int keep_days = 366;
};

struct Config {
  std::filesystem::path path;
  std::filesystem::path folder;  ///< relative paths in the config are resolved against this
  std::string text;              ///< the file as read, then each included file, for hashing into run history
  /// The file, then the files it includes, in the order read (`include`: files, and folders' *.toml by name).
  std::vector<std::filesystem::path> files;
  bool strict = false;
  unsigned threads = 0;  ///< 0: one per core
  std::vector<std::filesystem::path> plugin_dirs;
  std::optional<IsolationMode> isolation;  ///< [run] isolation: instances' default; unset: the command's
  /// Where p2c keeps its state (run history, pledge registry): ${P2C_STATE_DIR} in the config's strings; from the
  /// environment's P2C_STATE_DIR, else [run] state_dir, else the config's folder.
  std::filesystem::path state_dir;
  std::filesystem::path history;  ///< SQLite run history; empty: none
  HistoryRetention retention;
  std::optional<ReferenceSettings> reference;
  EstimationSettings estimation;
  PublishingSettings publishing;
  ProgressSettings progress;
  std::optional<PledgeSettings> pledges;
  ServiceSettings service;
  /// [languages] dir: catalogue files read over the bundled ones (docs/languages.md); empty: none.
  std::filesystem::path languages_dir;
  std::vector<InstanceConfig> instances;  ///< enabled instances, in file order
  /// The parsed file. Shared, not copied: toml++ keeps source positions only in the parsed tree.
  std::shared_ptr<const toml::table> document;
};

/// Reads, env-expands and structurally checks a config file. Plugin options are checked later, against
/// each plugin's schema, so that one bad instance does not stop the others.
Config load_config(const std::filesystem::path& path);

/// The schemas of the host's own sections, [run], [reference], [estimation], [publishing], [progress], [pledges]
/// [service] and [languages]: validated like plugin options, and printed by `p2c config`.
std::span<const p2c_option_spec> run_schema() noexcept;
std::span<const p2c_option_spec> reference_schema() noexcept;
std::span<const p2c_option_spec> estimation_schema() noexcept;
std::span<const p2c_option_spec> publishing_schema() noexcept;
std::span<const p2c_option_spec> publishing_rule_schema() noexcept;
std::span<const p2c_option_spec> progress_schema() noexcept;
std::span<const p2c_option_spec> pledges_schema() noexcept;
std::span<const p2c_option_spec> service_schema() noexcept;
std::span<const p2c_option_spec> service_metrics_schema() noexcept;
std::span<const p2c_option_spec> languages_schema() noexcept;

/// "file:line:column" of a node, for messages.
std::string position(const toml::source_region& where);

/// Reserved keys of an instance table, which are not plugin options.
bool is_instance_key(std::string_view key) noexcept;

/// "none" or "process"; nothing for anything else.
std::optional<IsolationMode> isolation_mode(std::string_view text) noexcept;

/// Bytes of a size written with its binary unit, "512 MiB", "2 GiB", "64 KiB"; nothing when it is not one.
std::optional<std::uint64_t> memory_size(std::string_view text);

/// The smallest memory_limit: below it, the child cannot even load a plugin library.
inline constexpr std::uint64_t minimum_memory_limit = std::uint64_t{16} << 20;

}  // namespace p2c::host
