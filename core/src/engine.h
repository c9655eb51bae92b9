// The run pipeline: create plugin instances from the config, read the series the indicators need,
// compute indicators in dependency order (independent ones in parallel), hand the results to sinks.
//
// A failing plugin fails its own results, loudly, with a reason, and never the rest of the run.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "instance.h"
#include "interner.h"
#include "p2c/results.h"
#include "reference.h"
#include "registry.h"

namespace p2c::host {

/// How many rejected rows and non-economy codes a series keeps for the summary.
inline constexpr std::size_t kept_per_series = 10;

struct SeriesStats {
  std::string id;
  std::string source;
  std::size_t rows = 0;
  std::size_t rejected = 0;
  std::size_t not_economies = 0;               ///< rows dropped: their code is not an economy
  std::vector<std::string> not_economy_codes;  ///< the first few such codes
  bool failed = false;
};

struct RunOutcome {
  RunReport report;
  std::vector<SeriesStats> series;
  std::vector<std::string> rejections;  ///< the first rejected rows of each series, "file:line: what"
  std::size_t rejected_rows = 0;
  std::size_t group_records = 0;                 ///< aggregated by the host or written by indicators
  std::size_t withheld = 0;                      ///< group values not published (too little observed)
  std::map<std::string, std::size_t> estimates;  ///< estimated economy-years appended, by metric id
  std::int32_t reference_year = 0;               ///< the year progress was assessed at
  std::vector<Failure> sink_failures;
  std::vector<std::string> sinks_written;
  std::size_t instances = 0;           ///< plugin instances set up
  std::size_t isolated_instances = 0;  ///< of which in a process of their own (isolation = "process")
  /// Wall seconds of each stage, in order: "read", "compute", "estimate", "aggregate", "progress", then
  /// "sink NAME" per sink. The sinks write at once (and beside the caller's work given to run()): their stages
  /// overlap, and `outputs_seconds` is their wall time together.
  std::vector<std::pair<std::string, double>> timings;
  /// How many of the last `timings` are the sinks' (which overlap).
  std::size_t sink_stages = 0;
  /// Wall seconds from the start of the sinks (and of the work beside them) to the end of the last of them; 0 when
  /// there were none. With set-up and the stages before the sinks, it adds up to the command's time.
  double outputs_seconds = 0;

  /// Anything an operator must look at: the condition under which `--strict` exits non-zero.
  bool has_problems() const { return !report.failures.empty() || !sink_failures.empty() || rejected_rows > 0; }
};

class Engine {
 public:
  /// `default_isolation`: where instances run when neither they nor [run] say (`p2c serve`: in child processes).
  Engine(const Config& config, const Registry& registry, IsolationMode default_isolation = IsolationMode::none);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// Validates every instance's options, creates the instances and resolves inputs. Problems become
  /// failures of the instance concerned; nothing is thrown.
  void prepare();

  /// Limits the next run to the instances named and what they need: the indicators whose metrics a named
  /// indicator reads, and the sources of the series those read. A named source reads all its series; only
  /// named sinks write. Returns the names that are no instance of the config. Call after prepare().
  std::vector<std::string> restrict_to(const std::vector<std::string>& names);

  /// Work to do beside the sinks once the report is complete (storing the run history): it gets the report, which
  /// it must only read, and runs on a thread of its own while the sinks write. It must not throw.
  using BesideSinks = std::function<void(const RunReport&)>;

  /// Reads, computes and, unless `write_outputs` is false (a dry run), writes: the sinks write at once, each on a
  /// thread of its own (one after the other with `threads = 1`), and `beside`, if given, runs with them. A failing
  /// sink fails alone. Call after prepare().
  RunOutcome run(bool write_outputs = true, const BesideSinks& beside = {});

  /// Failures so far: plugin files that did not load, and instances that could not be set up.
  const std::vector<Failure>& failures() const noexcept { return failures_; }
  std::size_t instance_count() const noexcept;
  const std::vector<CatalogueEntry>& catalogue() const noexcept { return catalogue_; }

 private:
  struct IndicatorPlan;
  struct Produced;
  struct SeriesSlot;

  std::optional<Instance> start(const InstanceConfig& instance);
  void add(Instance created, const InstanceConfig& instance);
  void resolve_inputs();
  void read_sources(RunOutcome& outcome);
  void compute_indicators(RunOutcome& outcome);
  void compute_one(IndicatorPlan& plan, const std::vector<bool>& economies, Produced& out);
  void check_metric_rules();
  void aggregate_groups(RunOutcome& outcome);
  void sort_records(std::vector<Record>& records) const;
  void write_outputs_and(RunOutcome& outcome, bool write_outputs, const BesideSinks& beside);
  void fail(const std::string& instance, const std::string& message);

  const Config& config_;
  const Registry& registry_;
  IsolationMode default_isolation_;
  Interner entities_;
  Interner labels_;
  std::optional<Reference> reference_;
  std::vector<Instance> sources_;
  std::vector<Instance> sinks_;
  std::vector<IndicatorPlan> indicators_;
  std::vector<bool> sources_read_whole_;          ///< named by restrict_to(): every series read
  std::vector<bool> sinks_skipped_;               ///< left out by restrict_to()
  std::vector<std::vector<std::size_t>> levels_;  ///< indicator indexes, dependencies first
  std::vector<CatalogueEntry> catalogue_;
  std::map<std::string, std::unique_ptr<SeriesSlot>> series_;  ///< by series or metric id
  std::vector<Failure> failures_;
};

}  // namespace p2c::host
