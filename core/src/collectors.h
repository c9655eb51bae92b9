// The host's side of the SDK's three callback interfaces during a run: a source writes into a SeriesCollector
// (BatchSink), an indicator reads its inputs through Inputs (InputSet) and writes into a RecordCollector
// (ResultWriter). The engine (engine.cpp) orchestrates; these check what plugins hand over.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "interner.h"
#include "p2c/observations.h"
#include "p2c/results.h"
#include "record_blocks.h"
#include "reference.h"

namespace p2c::host {

/// Collects one source's series; rejected rows are counted and the first few kept for the summary. With
/// reference data, rows of codes that are not economies (aggregates such as WLD, LDC or M49 "1") are dropped
/// here, once for every source, and counted.
class SeriesCollector final : public BatchSink {
 public:
  SeriesCollector(Series& series, Interner& entities, Interner& labels, const Reference* reference)
      : series_(series), entities_(entities), labels_(labels), reference_(reference) {}
  EntityId intern_entity(std::string_view code) override { return entities_.intern(code); }
  LabelId intern_label(std::string_view label) override { return labels_.intern(label); }
  void reject(std::string_view where, std::string_view what) override;
  void consume(const Batch& batch) override;

  std::size_t rejected = 0;
  std::vector<std::string> kept;
  std::size_t not_economies = 0;
  std::vector<std::string> not_economy_codes;  ///< the first few, for the summary

 private:
  bool is_economy(EntityId id);

  Series& series_;
  Interner& entities_;
  Interner& labels_;
  const Reference* reference_;
  Batch filtered_;
  std::unordered_map<EntityId, bool> economy_;
};

/// Keeps an indicator's values; a plugin that writes a metric it did not declare fails as a whole (`error`).
/// Group values name their group by code; the codes are interned by the engine after the level computed, in a
/// fixed order, so a group record's `entity` here is an index into `group_codes` until then.
class RecordCollector final : public ResultWriter {
 public:
  /// `metrics`: the indicator's short metric names -> catalogue index. `economies[id]`: whether entity `id` is
  /// an economy of `reference`, for every id issued so far.
  RecordCollector(const std::unordered_map<std::string, std::uint32_t>& metrics,
                  const std::vector<CatalogueEntry>& catalogue, const Interner& entities, const Reference* reference,
                  const std::vector<bool>& economies)
      : metrics_(metrics),
        catalogue_(catalogue),
        entities_(entities),
        entity_count_(economies.size()),
        reference_(reference),
        economies_(economies) {}

  void value(std::string_view metric, EntityId entity, std::int32_t year, double v, std::uint32_t flags) override;
  void missing(std::string_view metric, EntityId entity, std::int32_t year, std::string_view reason) override;
  void group_value(std::string_view metric, std::string_view group, std::int32_t year, double v,
                   std::uint32_t flags) override;
  void group_missing(std::string_view metric, std::string_view group, std::int32_t year,
                     std::string_view reason) override;

  RecordBlocks records;
  std::vector<std::string> group_codes;  ///< indexed by the `entity` of group records
  std::string error;

 private:
  void set_value(Record* record, double v, std::uint32_t flags);
  static void set_reason(Record* record, std::string_view reason);
  const std::uint32_t* metric_index(std::string_view metric);
  Record* add(std::string_view metric, EntityId entity, std::int32_t year);
  Record* add_group(std::string_view metric, std::string_view group, std::int32_t year);

  const std::unordered_map<std::string, std::uint32_t>& metrics_;
  const std::vector<CatalogueEntry>& catalogue_;
  const Interner& entities_;
  std::size_t entity_count_;
  const Reference* reference_;
  const std::vector<bool>& economies_;
  const std::pair<const std::string, std::uint32_t>* last_ = nullptr;
};

/// The series an indicator asked for, by id, with the run's interned codes and the reference's groups.
class Inputs final : public InputSet {
 public:
  Inputs(std::map<std::string, const Series*, std::less<>> series, const Interner& entities, const Interner& labels,
         const Reference* reference)
      : series_(std::move(series)), entities_(entities), labels_(labels), reference_(reference) {}
  const Series* find(std::string_view id) const override;
  std::string_view entity_code(EntityId id) const override { return entities_.text(id); }
  std::string_view label(LabelId id) const override { return labels_.text(id); }
  std::vector<std::string> group_members(std::string_view group, std::int32_t year) const override;

 private:
  std::map<std::string, const Series*, std::less<>> series_;
  const Interner& entities_;
  const Interner& labels_;
  const Reference* reference_;
};

}  // namespace p2c::host
