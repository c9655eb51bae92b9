// The pledges of the registry as the indicator reads them from the pledges series of the pledges_sqlite source (its
// header describes it): each pledge with its versions. Labels shared by many pledges (sectors, lists, dates) are
// decoded once; the targets of a version and the reports of a pledge, one label each, are decoded pledge by pledge
// when the pledge is evaluated (History), so they never all sit in memory at once.
#pragma once

#include <cstdint>
#include <iterator>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "p2c/dates.h"
#include "p2c/huge_pages.h"
#include "p2c/observations.h"
#include "p2c/pledges/vocabulary_words.h"

namespace p2c::plugins::pledges {

namespace words = p2c::pledges::words;

/// The pillars the coalition's annual report counts pledges by (the registry's pillars are free text; others are
/// kept in the registry and counted nowhere).
inline constexpr std::string_view kPillars[] = {
    "infrastructure", "affordability",    "cybersecurity", "digital_skills", "inclusion",       "digital_services",
    "local_content",  "entrepreneurship", "innovation",    "financing",      "enabling_policy", "partnerships"};
inline constexpr int kGoals = 17;  ///< SDGs

template <typename T, std::size_t N>
constexpr int count(const T (&)[N]) {
  return static_cast<int>(N);
}

/// Days since 1970-01-01: dates compared as numbers.
using Day = std::int32_t;
inline constexpr Day kFromStart = std::numeric_limits<Day>::min();
Day day_of(const Date& date) noexcept;

/// A pledge as in force from `from` on.
struct Version {
  Day from = kFromStart;
  double value = 0;                 ///< USD; NaN: not stated
  std::uint32_t entity_name = 0;    ///< dense index of the pledging entity's name
  EntityId origin = 0;              ///< origin economy
  std::int32_t origin_region = -1;  ///< dense index, -1: none
  std::uint32_t economies = 0;      ///< index into Book::economy_lists
  std::uint32_t regions = 0;        ///< index into Book::region_groups
  std::uint32_t sdgs = 0;           ///< bit g - 1 for goal g
  std::uint16_t pillars = 0;        ///< bits of kPillars
  std::uint16_t wsis = 0;           ///< bits of words::kWsisLines
  std::uint8_t sector = 0, type = 0;
  std::uint8_t focus = 0;          ///< bits of words::kFocusAreas
  std::uint8_t campaigns = 0;      ///< bits of words::kCampaigns
  std::uint8_t beneficiaries = 0;  ///< bits of words::kBeneficiaries
  std::uint16_t period = 0;        ///< reporting period in months; 0: the indicator's default
  LabelId history = 0;             ///< the version's targets and the pledge's reports, encoded
};

struct Pledge {
  LabelId id = 0;
  Date pledged{};
  Day pledged_day = 0;
  std::uint8_t status = 0;                             ///< the registry's status, index into words::kStatuses
  std::uint32_t versions_begin = 0, versions_end = 0;  ///< into Book::versions, by `from`
};

/// A date label, decoded.
struct When {
  Date date{};
  Day day = 0;
};

/// Labels of one column decoded once each: a small open-addressing map from label id to a value.
template <typename V>
class LabelMap {
 public:
  const V* find(LabelId label) const {
    if (keys_.empty()) return nullptr;
    for (std::size_t i = index(label);; i = (i + 1) & (keys_.size() - 1)) {
      if (keys_[i] == label) return &values_[i];
      if (keys_[i] == kEmpty) return nullptr;
    }
  }
  /// The value of `label`, decoded with `decode(label)` the first time.
  template <typename Decode>
  const V& get(LabelId label, Decode&& decode) {
    if (const V* found = find(label)) return *found;
    if (2 * (count_ + 1) > keys_.size()) grow();
    std::size_t i = index(label);
    while (keys_[i] != kEmpty) i = (i + 1) & (keys_.size() - 1);
    keys_[i] = label;
    values_[i] = decode(label);
    ++count_;
    return values_[i];
  }

 private:
  static constexpr LabelId kEmpty = std::numeric_limits<LabelId>::max();
  std::size_t index(LabelId label) const { return (label * 2654435761u) & (keys_.size() - 1); }
  void grow() {
    std::vector<LabelId> keys(keys_.empty() ? 64 : keys_.size() * 2, kEmpty);
    std::vector<V> values(keys.size());
    for (std::size_t j = 0; j < keys_.size(); ++j) {
      if (keys_[j] == kEmpty) continue;
      std::size_t i = (keys_[j] * 2654435761u) & (keys.size() - 1);
      while (keys[i] != kEmpty) i = (i + 1) & (keys.size() - 1);
      keys[i] = keys_[j];
      values[i] = std::move(values_[j]);
    }
    keys_ = std::move(keys);
    values_ = std::move(values);
  }

  std::vector<LabelId> keys_;
  std::vector<V> values_;
  std::size_t count_ = 0;
};

struct Book {
  const InputSet* inputs = nullptr;
  std::string series;  ///< the pledges series' id, for messages
  std::vector<Pledge, HugePageAllocator<Pledge>> pledges;
  std::vector<Version, HugePageAllocator<Version>> versions;

  std::vector<std::string> economy_codes;        ///< dense index -> ISO3
  std::vector<std::uint32_t> economy_list_ends;  ///< end of each list in economy_list_items
  std::vector<std::uint16_t> economy_list_items;
  std::vector<std::uint64_t> region_groups;  ///< per regions list: bits of Book::group_codes it lists
  std::vector<std::string> group_codes;      ///< the groups scopes and shares are computed for, in bit order
  std::size_t entity_names = 0;              ///< distinct pledging entities
  std::size_t origin_regions = 0;
  EntityId max_origin = 0;

  /// The economies of list `list`.
  std::pair<const std::uint16_t*, const std::uint16_t*> economies(std::uint32_t list) const {
    const std::uint32_t begin = list == 0 ? 0 : economy_list_ends[list - 1];
    return {economy_list_items.data() + begin, economy_list_items.data() + economy_list_ends[list]};
  }
  /// A runtime_error naming the series, the pledge and the field.
  [[noreturn]] void fail(LabelId pledge, const std::string& field, const std::string& what) const;
};

/// Reads the pledges series into a book. `group_codes` are the reference groups whose listing as an implementation
/// region is recorded (at most 64). Throws std::runtime_error naming the series, the pledge and the field for a
/// missing dimension, a bad date, a value outside the vocabularies or a pledge version given twice.
Book read_book(const InputSet& inputs, const std::string& series, std::vector<std::string> group_codes);

struct Target {
  Day due = 0;
  std::uint16_t slot = 0;    ///< the target id's place among the target ids of its pledge's versions
  std::uint8_t measure = 0;  ///< index into words::kMeasures; a measure the operator added counts as "other"
  double baseline = 0, value = 0;
};

struct Report {
  When on;
  std::uint8_t status = 0;
  double disbursed = 0;                              ///< cumulative; NaN: not stated
  std::uint32_t actuals_begin = 0, actuals_end = 0;  ///< into History::actuals
};

struct Actual {
  std::uint16_t slot = 0;
  double value = 0;
};

/// The targets of each version and the reports of one pledge, decoded; reused pledge after pledge.
class History {
 public:
  /// Decodes the pledge's labels. Throws like read_book for a label that is not in the source's encoding.
  void read(const Book& book, const Pledge& pledge);

  std::vector<Target> targets;                 ///< of every version, version after version
  std::vector<std::uint32_t> version_targets;  ///< per version of the pledge: the end of its targets
  std::vector<Report> reports;                 ///< by date
  std::vector<Actual> actuals;
  std::size_t slots = 0;  ///< distinct target ids

 private:
  std::vector<std::string> ids_;  ///< the target ids, by slot
};

}  // namespace p2c::plugins::pledges
