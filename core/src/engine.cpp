#include "engine.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "aggregate.h"
#include "collectors.h"
#include "dependency_graph.h"
#include "estimate.h"
#include "option_schema.h"
#include "parallel.h"
#include "progress_records.h"

namespace p2c::host {
namespace {

std::string utc_now_iso() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%FT%TZ}", now);
}

std::string new_run_id() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  std::random_device random;
  return fmt::format("{:%Y%m%dT%H%M%SZ}-{:04x}", now, random() & 0xffff);
}

constexpr std::size_t entity_limit = std::size_t{1} << 31;

// A record's place in a sort by metric, entity kind, entity (id or rank) and year, as two integers: comparing them
// is several times cheaper than comparing the four fields one by one. `entity` must be below 2^31.
std::pair<std::uint64_t, std::uint64_t> record_key(const Record& record, std::uint32_t entity) {
  const auto kind = static_cast<std::uint64_t>(record.entity_kind == EntityKind::group);
  // The year's bits with the sign bit flipped order as the signed years do.
  const auto year = static_cast<std::uint64_t>(static_cast<std::uint32_t>(record.year) ^ 0x80000000u);
  return {(std::uint64_t{record.metric} << 32) | (kind << 31) | entity, year};
}

// Positions 0 ... count - 1 with their keys, key(i), sorted by key and then by position (so equal keys keep their
// order).
template <typename KeyOf>
auto sorted_keys(std::size_t count, KeyOf key) {
  std::vector<std::pair<decltype(key(std::size_t{0})), std::uint32_t>> keyed;
  keyed.reserve(count);
  prefer_huge_pages(keyed.data(), keyed.capacity() * sizeof(keyed[0]));
  populate(keyed.data(), keyed.capacity() * sizeof(keyed[0]));
  for (std::size_t i = 0; i < count; ++i) keyed.emplace_back(key(i), static_cast<std::uint32_t>(i));
  if (!std::is_sorted(keyed.begin(), keyed.end())) std::sort(keyed.begin(), keyed.end());
  return keyed;
}

// A record's place within its metric: entity kind, entity rank, year, as one integer. `rank` must be below 2^31.
std::uint64_t key_within_metric(const Record& record, std::uint32_t rank) {
  const auto kind = static_cast<std::uint64_t>(record.entity_kind == EntityKind::group);
  const auto year = static_cast<std::uint64_t>(static_cast<std::uint32_t>(record.year) ^ 0x80000000u);
  return (kind << 63) | (std::uint64_t{rank} << 32) | year;
}

}  // namespace

/// Where a series or an upstream metric comes from, and its data once available.
struct Engine::SeriesSlot {
  std::string provider;              ///< instance name of the source or indicator
  std::size_t source = SIZE_MAX;     ///< index into sources_, for source series
  std::size_t indicator = SIZE_MAX;  ///< index into indicators_, for metrics
  Series data;
  bool available = false;
  std::string unavailable_reason;
};

struct Engine::IndicatorPlan {
  Instance instance;
  std::vector<std::string> inputs;
  std::vector<std::size_t> depends_on;                     ///< indexes into indicators_
  std::unordered_map<std::string, std::uint32_t> metrics;  ///< short name -> catalogue index
  bool ready = true;                                       ///< false once it failed
  std::string failure;                                     ///< why it failed while computing, logged after its level
};

/// What an indicator wrote, in the order it wrote it, and that order sorted.
struct Engine::Produced {
  RecordBlocks records;
  std::vector<std::uint32_t> order;      ///< positions in `records` by metric, entity kind, entity, year
  std::vector<std::string> group_codes;  ///< indexed by the `entity` of group records until interned
};

Engine::Engine(const Config& config, const Registry& registry, IsolationMode default_isolation)
    : config_(config), registry_(registry), default_isolation_(default_isolation) {}
Engine::~Engine() = default;

std::size_t Engine::instance_count() const noexcept { return sources_.size() + indicators_.size() + sinks_.size(); }

void Engine::fail(const std::string& instance, const std::string& message) {
  spdlog::error("{}", message);
  failures_.push_back({instance, message});
}

void Engine::prepare() {
  for (const auto& error : registry_.errors()) fail(error.path.filename().string(), error.message);
  if (config_.reference) {
    try {
      reference_ = Reference::load(*config_.reference);
    } catch (const ReferenceError& e) {
      fail("reference", std::string(e.what()) + "; group aggregates are not computed");
    }
  }
  // Isolated instances' processes start side by side: each is started here and waited for in add().
  std::vector<std::pair<Instance, const InstanceConfig*>> started;
  for (const auto& instance : config_.instances)
    if (auto created = start(instance)) started.emplace_back(std::move(*created), &instance);
  for (auto& [created, instance] : started) add(std::move(created), *instance);
  started.clear();
  resolve_inputs();
  check_metric_rules();
}

// A rule of the config naming no metric of the run is a typo, or names a plugin that failed: say so.
void Engine::check_metric_rules() {
  const auto check = [&](const std::string& pattern, const std::string& where, const std::string& section,
                         const std::string& consequence) {
    if (std::any_of(catalogue_.begin(), catalogue_.end(),
                    [&](const CatalogueEntry& entry) { return names_metric(pattern, entry.id); }))
      return;
    std::string near;
    for (const auto& entry : catalogue_)
      if (entry.id.rfind(pattern.substr(0, pattern.find('.') + 1), 0) == 0)
        near += (near.empty() ? "" : ", ") + entry.id;
    fail(section.substr(2, section.size() - 4),
         where + ": " + section + ": no metric '" + pattern + "' in this run" +
             (near.empty() ? "; `p2c plugins --usage NAME` lists a plugin's metrics"
                           : " (metrics of that instance: " + near + ")") +
             "; " + consequence);
  };
  for (const auto& rule : config_.estimation.metrics)
    check(rule.metric, rule.where, "[[estimation]]", "its values are not estimated");
  for (const auto& rule : config_.publishing.rules)
    check(rule.metric, rule.where, "[[publishing.rules]]", "the rule applies to nothing");
}

std::optional<Instance> Engine::start(const InstanceConfig& instance) {
  const std::string who = instance.section + " '" + instance.name + "'";
  const PluginLibrary* library = registry_.find(instance.plugin);
  if (library == nullptr) {
    fail(instance.name, position(instance.table->source()) + ": " + who + ": no plugin named '" + instance.plugin +
                            "' was loaded (loaded: " + registry_.names() + "); check the name or the plugin folders");
    return std::nullopt;
  }
  if (kind_name(library->info().kind) != instance.section) {
    fail(instance.name, position(instance.table->source()) + ": " + who + ": plugin '" + instance.plugin + "' is a " +
                            kind_name(library->info().kind) + " plugin; configure it under [[" +
                            kind_name(library->info().kind) + "]]");
    return std::nullopt;
  }

  std::vector<std::string> problems;
  const auto options = validate_options(library->info(), *instance.table, who + " (plugin " + instance.plugin + ")",
                                        config_.folder, problems);
  if (!options) {
    for (auto& problem : problems) fail(instance.name, problem);
    return std::nullopt;
  }
  const IsolationSettings& isolation = instance.isolation;
  std::optional<ProcessLimits> limits;
  if (isolation.mode.value_or(config_.isolation.value_or(default_isolation_)) == IsolationMode::process)
    limits = ProcessLimits{std::chrono::seconds(isolation.timeout_seconds), isolation.memory_limit};
  try {
    return std::optional<Instance>(std::in_place, *library, instance.name, *options, limits);
  } catch (const PluginError& e) {
    fail(instance.name, e.what());
    return std::nullopt;
  }
}

void Engine::add(Instance created, const InstanceConfig& instance) {
  try {
    created.created();
  } catch (const PluginError& e) {
    return fail(instance.name, e.what());
  }
  const PluginLibrary& library = created.library();
  const auto kind = library.info().kind;
  if (kind == P2C_KIND_SOURCE) {
    sources_.push_back(std::move(created));
  } else if (kind == P2C_KIND_SINK) {
    sinks_.push_back(std::move(created));
  } else {
    IndicatorPlan plan{std::move(created), {}, {}, {}, true, {}};
    for (const auto& metric : library.metrics()) {
      plan.metrics.emplace(metric.name, static_cast<std::uint32_t>(catalogue_.size()));
      catalogue_.push_back({instance.name + "." + metric.name, instance.plugin, metric});
    }
    indicators_.push_back(std::move(plan));
  }
}

void Engine::resolve_inputs() {
  // Metrics first: an indicator may consume another indicator's metric by its full id.
  for (std::size_t i = 0; i < indicators_.size(); ++i)
    for (const auto& [name, index] : indicators_[i].metrics) {
      auto slot = std::make_unique<SeriesSlot>();
      slot->provider = indicators_[i].instance.name();
      slot->indicator = i;
      slot->data.id = catalogue_[index].id;
      slot->data.unit = catalogue_[index].info.unit;
      series_.emplace(catalogue_[index].id, std::move(slot));
    }
  for (std::size_t s = 0; s < sources_.size(); ++s) {
    std::vector<SeriesInfo> provided;
    try {
      provided = sources_[s].describe();
    } catch (const PluginError& e) {
      fail(sources_[s].name(), e.what());
      continue;
    }
    for (const auto& info : provided) {
      auto [it, inserted] = series_.try_emplace(info.id);
      if (!inserted) {
        fail(sources_[s].name(), sources_[s].label() + ": series '" + info.id + "' is already provided by '" +
                                     it->second->provider + "'; give each series one provider");
        continue;
      }
      it->second = std::make_unique<SeriesSlot>();
      it->second->provider = sources_[s].name();
      it->second->source = s;
      it->second->data.id = info.id;
      it->second->data.unit = info.unit;
    }
  }

  std::vector<std::vector<std::size_t>> dependencies(indicators_.size());
  for (std::size_t i = 0; i < indicators_.size(); ++i) {
    auto& plan = indicators_[i];
    try {
      plan.inputs = plan.instance.inputs();
    } catch (const PluginError& e) {
      plan.ready = false;
      fail(plan.instance.name(), e.what());
      continue;
    }
    for (const auto& input : plan.inputs) {
      auto it = series_.find(input);
      if (it == series_.end()) {
        plan.ready = false;
        fail(plan.instance.name(), plan.instance.label() + ": needs input '" + input +
                                       "', which no configured source or indicator provides; add a [[source]] "
                                       "with series = \"" +
                                       input + "\" or fix the indicator's input option");
      } else if (it->second->indicator != SIZE_MAX) {
        dependencies[i].push_back(it->second->indicator);
      }
    }
    plan.depends_on = dependencies[i];
  }
  const Levels levels = order_levels(dependencies);
  for (std::size_t blocked : levels.blocked) {
    indicators_[blocked].ready = false;
    std::string cycle;
    for (std::size_t other : levels.blocked) cycle += (cycle.empty() ? "" : ", ") + indicators_[other].instance.name();
    fail(indicators_[blocked].instance.name(), indicators_[blocked].instance.label() +
                                                   ": is on or behind a dependency cycle among: " + cycle +
                                                   "; an indicator cannot consume its own results");
  }
  levels_ = levels.levels;
}

}  // namespace p2c::host

namespace p2c::host {

std::vector<std::string> Engine::restrict_to(const std::vector<std::string>& names) {
  const auto named = [&](const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  std::vector<std::string> unknown;
  for (const auto& name : names) {
    const auto is = [&](const auto& list) {
      return std::any_of(list.begin(), list.end(), [&](const auto& x) { return x.name() == name; });
    };
    const bool indicator = std::any_of(indicators_.begin(), indicators_.end(),
                                       [&](const IndicatorPlan& plan) { return plan.instance.name() == name; });
    if (!is(sources_) && !is(sinks_) && !indicator) unknown.push_back(name);
  }
  // The named indicators and, transitively, those whose metrics they read.
  std::vector<bool> kept(indicators_.size(), false);
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < indicators_.size(); ++i)
    if (named(indicators_[i].instance.name())) pending.push_back(i);
  while (!pending.empty()) {
    const std::size_t i = pending.back();
    pending.pop_back();
    if (kept[i]) continue;
    kept[i] = true;
    pending.insert(pending.end(), indicators_[i].depends_on.begin(), indicators_[i].depends_on.end());
  }
  // Left out, not failed: what was not asked for has no failure to report.
  for (std::size_t i = 0; i < indicators_.size(); ++i)
    if (!kept[i]) indicators_[i].ready = false;
  sources_read_whole_.assign(sources_.size(), false);
  for (std::size_t s = 0; s < sources_.size(); ++s) sources_read_whole_[s] = named(sources_[s].name());
  sinks_skipped_.assign(sinks_.size(), false);
  for (std::size_t k = 0; k < sinks_.size(); ++k) sinks_skipped_[k] = !named(sinks_[k].name());
  return unknown;
}

RunOutcome Engine::run(bool write_outputs, const BesideSinks& beside) {
  const auto started = std::chrono::steady_clock::now();
  RunOutcome outcome;
  auto stage_started = started;
  const auto stage = [&](std::string name) {
    const auto now = std::chrono::steady_clock::now();
    outcome.timings.emplace_back(std::move(name), std::chrono::duration<double>(now - stage_started).count());
    stage_started = now;
  };
  outcome.report.run_id = new_run_id();
  outcome.instances = instance_count();
  for (const auto& source : sources_) outcome.isolated_instances += source.isolated();
  for (const auto& plan : indicators_) outcome.isolated_instances += plan.instance.isolated();
  for (const auto& sink : sinks_) outcome.isolated_instances += sink.isolated();
  outcome.report.started_at = utc_now_iso();
  read_sources(outcome);
  stage("read");
  compute_indicators(outcome);
  stage("compute");
  outcome.report.catalogue = catalogue_;
  outcome.estimates = add_estimates(outcome.report.catalogue, config_.estimation.metrics, outcome.report.records);
  stage("estimate");
  aggregate_groups(outcome);
  stage("aggregate");
  ProgressSettings progress = config_.progress;
  if (progress.reference_year == 0) {
    // Data for a year are published in the next: a run in 2026 assesses where things stood in 2025.
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    progress.reference_year = static_cast<int>(std::chrono::year_month_day(today).year()) - 1;
  }
  outcome.reference_year = progress.reference_year;
  add_progress_records(outcome.report.catalogue, outcome.report.records, progress);
  sort_records(outcome.report.records);
  outcome.report.failures = failures_;
  outcome.report.entity_codes = entities_.all();
  stage("progress");
  outcome.report.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  write_outputs_and(outcome, write_outputs, beside);
  return outcome;
}

void Engine::write_outputs_and(RunOutcome& outcome, bool write_outputs, const BesideSinks& beside) {
  std::vector<const Instance*> sinks;
  for (std::size_t k = 0; k < sinks_.size() && write_outputs; ++k)
    if (sinks_skipped_.empty() || !sinks_skipped_[k]) sinks.push_back(&sinks_[k]);
  if (sinks.empty() && !beside) return;
  // Each sink only reads the report and writes its own file, and the work beside them (the history) only reads it
  // too: they run at once, each on a thread of its own whatever the cores, since they also wait for the disk (a sink
  // flushes its file before renaming it). That work, the longest, starts first; with `threads = 1` everything runs
  // one after the other, that work last, as before the outputs ran at once.
  struct Written {
    std::optional<std::string> error;  ///< the sink failed, and why
    double seconds = 0;
  };
  std::vector<Written> written(sinks.size());
  std::exception_ptr beside_error;
  const std::size_t jobs = sinks.size() + (beside ? 1 : 0);
  const bool at_once = worker_threads(config_.threads) > 1;
  const bool beside_first = beside && at_once;
  const std::size_t first_sink = beside_first ? 1 : 0;
  const std::size_t beside_job = !beside ? SIZE_MAX : beside_first ? 0 : sinks.size();
  const auto started = std::chrono::steady_clock::now();
  parallel_for(jobs, at_once ? static_cast<unsigned>(jobs) : 1u, [&](std::size_t job) {
    if (job == beside_job) {
      try {
        beside(outcome.report);
      } catch (...) {
        beside_error = std::current_exception();
      }
      return;
    }
    Written& out = written[job - first_sink];
    const auto sink_started = std::chrono::steady_clock::now();
    try {
      sinks[job - first_sink]->write(outcome.report);
    } catch (const std::exception& e) {
      out.error = e.what();
    } catch (...) {
      out.error = "unknown error";
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - sink_started).count();
  });
  outcome.outputs_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Reported in config order, whichever finished first.
  for (std::size_t k = 0; k < sinks.size(); ++k) {
    const std::string& name = sinks[k]->name();
    if (written[k].error) {
      spdlog::error("{}", *written[k].error);
      outcome.sink_failures.push_back({name, *written[k].error});
    } else {
      outcome.sinks_written.push_back(name);
    }
    outcome.timings.emplace_back("sink " + name, written[k].seconds);
  }
  outcome.sink_stages = sinks.size();
  if (beside_error) std::rethrow_exception(beside_error);
}

void Engine::read_sources(RunOutcome& outcome) {
  // Only series that some ready indicator reads are read at all.
  std::vector<std::vector<SeriesSlot*>> wanted(sources_.size());
  for (const auto& plan : indicators_) {
    if (!plan.ready) continue;
    for (const auto& input : plan.inputs) {
      SeriesSlot& slot = *series_.at(input);
      if (slot.source == SIZE_MAX) continue;
      auto& list = wanted[slot.source];
      if (std::find(list.begin(), list.end(), &slot) == list.end()) list.push_back(&slot);
    }
  }
  for (const auto& [id, slot] : series_)
    if (slot->source != SIZE_MAX && !sources_read_whole_.empty() && sources_read_whole_[slot->source]) {
      auto& list = wanted[slot->source];
      if (std::find(list.begin(), list.end(), slot.get()) == list.end()) list.push_back(slot.get());
    }
  // The population weights of group aggregates are read even when no indicator asks for them.
  if (reference_) {
    auto it = series_.find(config_.reference->population);
    if (it != series_.end() && it->second->source != SIZE_MAX) {
      auto& list = wanted[it->second->source];
      if (std::find(list.begin(), list.end(), it->second.get()) == list.end()) list.push_back(it->second.get());
    }
  }
  std::vector<std::vector<SeriesStats>> stats(sources_.size());
  std::vector<std::vector<std::string>> kept(sources_.size());
  std::vector<std::vector<Failure>> failed(sources_.size());
  parallel_for(sources_.size(), config_.threads, [&](std::size_t s) {
    for (SeriesSlot* slot : wanted[s]) {
      SeriesStats& stat = stats[s].emplace_back();
      stat.id = slot->data.id;
      stat.source = sources_[s].name();
      SeriesCollector collector(slot->data, entities_, labels_, reference_ ? &*reference_ : nullptr);
      try {
        sources_[s].read(slot->data.id, collector);
        slot->available = true;
      } catch (const std::exception& e) {
        // Never half a file: a series whose read failed is dropped whole.
        slot->data = Series{slot->data.id, slot->data.unit, {}, {}, {}, {}, {}};
        slot->unavailable_reason = "source '" + sources_[s].name() + "' failed";
        failed[s].push_back({sources_[s].name(), e.what()});
        stat.failed = true;
      }
      stat.rows = slot->data.size();
      stat.rejected = collector.rejected;
      stat.not_economies = collector.not_economies;
      stat.not_economy_codes = std::move(collector.not_economy_codes);
      kept[s].insert(kept[s].end(), collector.kept.begin(), collector.kept.end());
    }
  });
  for (std::size_t s = 0; s < sources_.size(); ++s) {
    for (auto& failure : failed[s]) fail(failure.instance, failure.message);
    for (auto& stat : stats[s]) {
      if (stat.rejected > 0)
        spdlog::warn("series '{}' from source '{}': {} rows rejected", stat.id, stat.source, stat.rejected);
      outcome.rejected_rows += stat.rejected;
      outcome.series.push_back(std::move(stat));
    }
    for (auto& line : kept[s]) {
      spdlog::warn("rejected row {}", line);
      outcome.rejections.push_back(std::move(line));
    }
  }
}

void Engine::compute_indicators(RunOutcome& outcome) {
  // The series each metric is published as, looked up once instead of by id for every record.
  std::vector<Series*> metric_series(catalogue_.size());
  for (std::size_t m = 0; m < catalogue_.size(); ++m) metric_series[m] = &series_.at(catalogue_[m].id)->data;
  std::vector<Produced> done;  // in level order, then indicator order
  for (const auto& level : levels_) {
    // Which entity ids are economies, decided once per level (no id is issued while a level computes) rather than
    // for every value an indicator writes.
    std::vector<bool> economies(entities_.size(), false);
    if (reference_)
      for (EntityId id = 0; id < economies.size(); ++id) economies[id] = reference_->is_economy(entities_.text(id));
    std::vector<Produced> produced(level.size());
    parallel_for(level.size(), config_.threads,
                 [&](std::size_t k) { compute_one(indicators_[level[k]], economies, produced[k]); });
    // Publish this level's metrics for the next levels, and log failures in a stable order.
    for (std::size_t k = 0; k < level.size(); ++k) {
      auto& plan = indicators_[level[k]];
      if (!plan.ready) continue;
      Produced& out = produced[k];
      // Interned here, one indicator after the other and each code at its first record, so entity ids do not
      // depend on thread timing.
      std::vector<std::optional<EntityId>> group_ids(out.group_codes.size());
      for (const std::uint32_t i : out.order) {
        Record& record = out.records[i];
        if (record.entity_kind != EntityKind::group) continue;
        ++outcome.group_records;
        auto& id = group_ids[record.entity];
        if (!id) id = entities_.intern(out.group_codes[record.entity]);
        record.entity = *id;
      }
      // Series hold economies: a downstream indicator sees a metric's economy values, as it sees a source's. Sized
      // first, so that a series of tens of thousands of values is not copied at each doubling.
      const auto published = [](const Record& record) {
        return record.value && record.entity_kind == EntityKind::economy;
      };
      std::vector<std::size_t> sizes(catalogue_.size(), 0);
      for (std::size_t i = 0; i < out.records.size(); ++i)
        if (published(out.records[i])) ++sizes[out.records[i].metric];
      for (std::size_t m = 0; m < sizes.size(); ++m) {
        if (sizes[m] == 0) continue;
        Series& metric = *metric_series[m];
        metric.entity.reserve(metric.size() + sizes[m]);
        metric.year.reserve(metric.size() + sizes[m]);
        metric.value.reserve(metric.size() + sizes[m]);
      }
      for (const std::uint32_t i : out.order) {
        const Record& record = out.records[i];
        if (!published(record)) continue;
        Series& metric = *metric_series[record.metric];
        metric.entity.push_back(record.entity);
        metric.year.push_back(record.year);
        metric.value.push_back(*record.value);
      }
      for (const auto& [name, index] : plan.metrics) series_.at(catalogue_[index].id)->available = true;
      done.push_back(std::move(out));
    }
  }
  // Moved into the report in the order written, reading each block straight through: sort_records() puts every
  // record in its place once all are there. The stages after this one append estimates, group values and progress
  // records: room is reserved for them too, which costs address space, not memory, until used.
  std::size_t total = 0;
  for (const auto& out : done) total += out.records.size();
  auto& records = outcome.report.records;
  records.reserve(records.size() + 2 * total);
  prefer_huge_pages(records.data(), records.capacity() * sizeof(Record));
  populate(records.data() + records.size(), total * sizeof(Record));
  for (auto& out : done) {
    for (std::size_t i = 0; i < out.records.size(); ++i) records.push_back(std::move(out.records[i]));
    out = Produced{};
  }
  for (const auto& plan : indicators_)
    if (!plan.ready && !plan.failure.empty()) fail(plan.instance.name(), plan.failure);
}

void Engine::aggregate_groups(RunOutcome& outcome) {
  if (!reference_) return;
  const auto population = series_.find(config_.reference->population);
  const Series* weights = nullptr;
  if (population != series_.end() && population->second->available) {
    weights = &population->second->data;
  } else {
    fail("reference", "population series '" + config_.reference->population +
                          "' is not available: population-weighted group values are not computed and coverage "
                          "counts members; configure a source with that series or set [reference] population");
  }
  const std::size_t before = outcome.report.records.size();
  add_group_records(*reference_, weights, outcome.report.catalogue, config_.publishing, entities_,
                    outcome.report.records);
  outcome.group_records += outcome.report.records.size() - before;
  outcome.withheld = static_cast<std::size_t>(
      std::count_if(outcome.report.records.begin() + static_cast<std::ptrdiff_t>(before), outcome.report.records.end(),
                    [](const Record& r) { return (r.flags & flag_withheld) != 0; }));
}

void Engine::sort_records(std::vector<Record>& records) const {
  // A stable order makes outputs diffable between runs: by metric, entity kind, entity code and year. Entities are
  // ranked by code once, so that the sort compares integers.
  const std::size_t count = entities_.size();
  if (count > entity_limit) throw std::length_error("too many entities to sort the records");
  std::vector<std::string_view> codes(count);
  for (EntityId id = 0; id < count; ++id) codes[id] = entities_.text(id);
  std::vector<EntityId> by_code(count);
  for (EntityId id = 0; id < count; ++id) by_code[id] = id;
  std::sort(by_code.begin(), by_code.end(), [&](EntityId a, EntityId b) { return codes[a] < codes[b]; });
  std::vector<std::uint32_t> rank(count);
  for (std::size_t position = 0; position < count; ++position)
    rank[by_code[position]] = static_cast<std::uint32_t>(position);

  // Records are put in buckets by metric (a counting pass), then each bucket is sorted alone, on the run's threads:
  // a few hundred sorts of a few hundred 64-bit keys, which fit in the cache, instead of one of 128-bit keys.
  std::uint32_t metrics = 0;
  for (const Record& record : records) metrics = std::max(metrics, record.metric + 1);
  std::vector<std::size_t> start(std::size_t{metrics} + 1, 0);
  for (const Record& record : records) ++start[record.metric + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed;
  keyed.reserve(records.size());
  prefer_huge_pages(keyed.data(), keyed.capacity() * sizeof(keyed[0]));
  populate(keyed.data(), keyed.capacity() * sizeof(keyed[0]));
  keyed.resize(records.size());
  std::vector<std::size_t> next(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < records.size(); ++i)
    keyed[next[records[i].metric]++] = {key_within_metric(records[i], rank.at(records[i].entity)),
                                        static_cast<std::uint32_t>(i)};
  parallel_for(metrics, config_.threads, [&](std::size_t metric) {
    const auto first = keyed.begin() + static_cast<std::ptrdiff_t>(start[metric]);
    const auto last = keyed.begin() + static_cast<std::ptrdiff_t>(start[metric + 1]);
    if (!std::is_sorted(first, last)) std::sort(first, last);
  });
  bool in_order = true;
  for (std::size_t i = 0; i < keyed.size() && in_order; ++i) in_order = keyed[i].second == i;
  if (in_order) return;

  // Gathered into fresh memory rather than permuted in place: the reads are independent of each other, so the
  // processor overlaps their cache misses, where following the permutation's cycles waits for each in turn.
  std::vector<Record> sorted;
  sorted.reserve(records.size());
  prefer_huge_pages(sorted.data(), sorted.capacity() * sizeof(Record));
  populate(sorted.data(), sorted.capacity() * sizeof(Record));
  for (const auto& [key, from] : keyed) sorted.push_back(std::move(records[from]));
  records.swap(sorted);
}

void Engine::compute_one(IndicatorPlan& plan, const std::vector<bool>& economies, Produced& out) {
  if (!plan.ready) return;
  std::map<std::string, const Series*, std::less<>> inputs;
  for (const auto& input : plan.inputs) {
    const SeriesSlot& slot = *series_.at(input);
    if (!slot.available) {
      plan.ready = false;
      plan.failure = plan.instance.label() + ": not computed: its input '" + input + "' is unavailable (" +
                     (slot.unavailable_reason.empty() ? "'" + slot.provider + "' failed" : slot.unavailable_reason) +
                     ")";
      return;
    }
    inputs.emplace(input, &slot.data);
  }
  const Reference* reference = reference_ ? &*reference_ : nullptr;
  RecordCollector collector(plan.metrics, catalogue_, entities_, reference, economies);
  try {
    plan.instance.compute(Inputs(std::move(inputs), entities_, labels_, reference), collector);
  } catch (const PluginError& e) {
    plan.ready = false;
    plan.failure = e.what();
    return;
  }
  std::vector<std::uint32_t> order;
  if (collector.error.empty() && std::max(entities_.size(), collector.group_codes.size()) > entity_limit)
    collector.error = "wrote values for more entities than the host can sort";
  if (collector.error.empty()) {
    const auto keyed = sorted_keys(collector.records.size(), [&](std::size_t i) {
      return record_key(collector.records[i], collector.records[i].entity);
    });
    auto duplicate =
        std::adjacent_find(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first == b.first; });
    if (duplicate != keyed.end()) {
      const Record& twice = collector.records[duplicate->second];
      collector.error = "wrote two results for metric '" + catalogue_[twice.metric].id + "', " +
                        (twice.entity_kind == EntityKind::group ? collector.group_codes.at(twice.entity)
                                                                : std::string(entities_.text(twice.entity))) +
                        ", " + std::to_string(twice.year);
    }
    order.reserve(keyed.size());
    for (const auto& [key, i] : keyed) order.push_back(i);
  }
  if (!collector.error.empty()) {
    plan.ready = false;
    plan.failure = plan.instance.label() + ": " + collector.error + "; its results are discarded";
    return;
  }
  out.records = std::move(collector.records);
  out.order = std::move(order);
  out.group_codes = std::move(collector.group_codes);
}

}  // namespace p2c::host
