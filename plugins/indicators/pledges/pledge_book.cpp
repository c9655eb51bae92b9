#include "pledge_book.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

namespace p2c::plugins::pledges {

Day day_of(const Date& date) noexcept {
  using namespace std::chrono;
  const sys_days day = year_month_day{year{date.year}, month{date.month}, std::chrono::day{date.day}};
  return static_cast<Day>(day.time_since_epoch().count());
}

namespace {

// A period longer than a century is a typo, and months_after() must stay far from overflowing.
constexpr int kLongestPeriodMonths = 1200;

/// The column of a dimension by name; throws when the series lacks it.
const std::vector<LabelId>& column(const Series& series, const char* name) {
  const auto it = std::find(series.dimension_names.begin(), series.dimension_names.end(), name);
  if (it == series.dimension_names.end())
    throw std::runtime_error("series '" + series.id + "' has no dimension '" + name +
                             "'; it must come from the pledges_sqlite source or one with the same dimensions");
  return series.dimensions[static_cast<std::size_t>(it - series.dimension_names.begin())];
}

template <std::size_t N>
std::string listed(const std::string_view (&words)[N]) {
  std::string out;
  for (const auto word : words) out += (out.empty() ? "" : ", ") + std::string(word);
  return out;
}

template <std::size_t N>
int index_in(const std::string_view (&words)[N], std::string_view word) {
  for (std::size_t i = 0; i < N; ++i)
    if (words[i] == word) return static_cast<int>(i);
  return -1;
}

/// Calls `item` for each item of a list joined with '|'.
template <typename Item>
void each_item(std::string_view list, Item&& item) {
  for (std::size_t start = 0; start < list.size();) {
    const std::size_t bar = std::min(list.find('|', start), list.size());
    item(list.substr(start, bar - start));
    start = bar + 1;
  }
}

/// Decodes the labels of the four series, naming the series, the pledge and the field in every error.
class Parser {
 public:
  Parser(const InputSet& inputs, Book& book) : inputs_(inputs), book_(book) {}

  [[noreturn]] void fail(const Series& series, LabelId pledge, const std::string& field,
                         const std::string& what) const {
    throw std::runtime_error("series '" + series.id + "', pledge '" + std::string(inputs_.label(pledge)) + "', " +
                             field + ": " + what + "; correct the record in the registry");
  }

  std::string_view text(LabelId label) const { return inputs_.label(label); }

  const When& date(const Series& series, LabelId pledge, const char* field, LabelId label) {
    return dates_.get(label, [&](LabelId) {
      const auto date = parse_date(text(label));
      if (!date) fail(series, pledge, field, "expected a date YYYY-MM-DD, found '" + std::string(text(label)) + "'");
      return When{*date, day_of(*date)};
    });
  }

  /// The first day of a version: "" is the first version, in force from the start.
  Day from(const Series& series, LabelId pledge, LabelId label) {
    if (text(label).empty()) return kFromStart;
    return date(series, pledge, "valid_from", label).day;
  }

  template <std::size_t N>
  std::uint8_t one_of(LabelMap<std::uint8_t>& map, const std::string_view (&words)[N], const Series& series,
                      LabelId pledge, const char* field, LabelId label) {
    return map.get(label, [&](LabelId) {
      const int index = index_in(words, text(label));
      if (index < 0) fail(series, pledge, field, "'" + std::string(text(label)) + "' is not one of " + listed(words));
      return static_cast<std::uint8_t>(index);
    });
  }

  /// Bits of the items of a list among `words`; other items count nowhere, or fail when `strict`.
  template <typename Bits, std::size_t N>
  Bits bits(LabelMap<Bits>& map, const std::string_view (&words)[N], const Series& series, LabelId pledge,
            const char* field, LabelId label, bool strict = false) {
    return map.get(label, [&](LabelId) {
      Bits out = 0;
      each_item(text(label), [&](std::string_view item) {
        const int index = index_in(words, item);
        if (index >= 0)
          out = static_cast<Bits>(out | (1u << index));
        else if (strict)
          fail(series, pledge, field, "'" + std::string(item) + "' is not one of " + listed(words));
      });
      return out;
    });
  }

  std::uint32_t goals(LabelId label) {
    return goals_.get(label, [&](LabelId) {
      std::uint32_t out = 0;
      // A goal ("9") or a target of it ("9.c"); anything else names no goal.
      each_item(text(label), [&](std::string_view item) {
        int goal = 0;
        const auto end = item.data() + item.size();
        const auto [rest, error] = std::from_chars(item.data(), end, goal);
        if (error == std::errc() && rest != item.data() && (rest == end || *rest == '.') && goal >= 1 && goal <= kGoals)
          out |= 1u << (goal - 1);
      });
      return out;
    });
  }

  std::uint16_t period(const Series& series, LabelId pledge, LabelId label) {
    return periods_.get(label, [&](LabelId) -> std::uint16_t {
      const std::string_view months = text(label);
      if (months.empty()) return 0;
      int value = 0;
      const auto [rest, error] = std::from_chars(months.data(), months.data() + months.size(), value);
      if (error != std::errc() || rest != months.data() + months.size() || value < 1 || value > kLongestPeriodMonths)
        fail(series, pledge, "reporting_period_months",
             "expected a number of months from 1 to 1200 or empty, found '" + std::string(months) + "'");
      return static_cast<std::uint16_t>(value);
    });
  }

  std::uint32_t dense(LabelMap<std::uint32_t>& map, std::size_t& next, LabelId label) {
    return map.get(label, [&](LabelId) { return static_cast<std::uint32_t>(next++); });
  }

  std::int32_t region(LabelId label) {
    return origin_regions_.get(label, [&](LabelId) -> std::int32_t {
      if (text(label).empty()) return -1;
      return static_cast<std::int32_t>(book_.origin_regions++);
    });
  }

  std::uint32_t economies(LabelId label) {
    return economy_lists_.get(label, [&](LabelId) {
      each_item(text(label), [&](std::string_view code) {
        auto [it, fresh] = economy_index_.try_emplace(std::string(code), book_.economy_codes.size());
        if (fresh) book_.economy_codes.emplace_back(code);
        const auto index = static_cast<std::uint16_t>(it->second);
        const std::uint32_t begin = book_.economy_list_ends.empty() ? 0 : book_.economy_list_ends.back();
        const auto* first = book_.economy_list_items.data() + begin;
        if (std::find(first, first + (book_.economy_list_items.size() - begin), index) ==
            first + (book_.economy_list_items.size() - begin))
          book_.economy_list_items.push_back(index);
      });
      if (book_.economy_codes.size() > std::numeric_limits<std::uint16_t>::max())
        throw std::runtime_error("the pledges name more than 65535 implementation economies");
      book_.economy_list_ends.push_back(static_cast<std::uint32_t>(book_.economy_list_items.size()));
      return static_cast<std::uint32_t>(book_.economy_list_ends.size() - 1);
    });
  }

  std::uint32_t regions(LabelId label) {
    return region_lists_.get(label, [&](LabelId) {
      std::uint64_t groups = 0;
      each_item(text(label), [&](std::string_view code) {
        for (std::size_t g = 0; g < book_.group_codes.size(); ++g)
          if (book_.group_codes[g] == code) groups |= std::uint64_t{1} << g;
      });
      book_.region_groups.push_back(groups);
      return static_cast<std::uint32_t>(book_.region_groups.size() - 1);
    });
  }

  LabelMap<std::uint8_t> sectors, types, statuses, focus, campaigns, beneficiaries;
  LabelMap<std::uint16_t> pillars, wsis;
  LabelMap<std::uint32_t> entity_names;

 private:
  const InputSet& inputs_;
  Book& book_;
  LabelMap<std::uint32_t> goals_, economy_lists_, region_lists_;
  LabelMap<std::uint16_t> periods_;
  LabelMap<When> dates_;
  LabelMap<std::int32_t> origin_regions_;
  std::unordered_map<std::string, std::size_t> economy_index_;
};

/// An amount of a row: NaN (not stated) or a finite number >= 0.
double amount(const Parser& parser, const Series& series, LabelId pledge, std::size_t row) {
  const double value = series.value[row];
  if (!std::isnan(value) && (!std::isfinite(value) || value < 0))
    parser.fail(series, pledge, "value", "expected an amount in USD >= 0, found " + std::to_string(value));
  return value;
}

/// A finite number written by the source (std::to_chars), or nothing.
std::optional<double> number_in(std::string_view text) {
  double value = 0;
  const auto [rest, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || rest != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

/// Free text of an encoded list: %XX back to its byte.
std::string_view decoded(std::string_view text, std::string& buffer) {
  if (text.find('%') == std::string_view::npos) return text;
  buffer.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '%' && i + 2 < text.size()) {
      const auto [rest, error] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (error == std::errc() && rest == text.data() + i + 3) {
        buffer += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    buffer += text[i];
  }
  return buffer;
}

/// Splits `text` at `separator` into `parts`.
void split(std::string_view text, char separator, std::vector<std::string_view>& parts) {
  parts.clear();
  if (text.empty()) return;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return;
    start = end + 1;
  }
}

}  // namespace

void Book::fail(LabelId pledge, const std::string& field, const std::string& what) const {
  throw std::runtime_error("series '" + series + "', pledge '" + std::string(inputs->label(pledge)) + "', " + field +
                           ": " + what + "; correct the record in the registry");
}

Book read_book(const InputSet& inputs, const std::string& series, std::vector<std::string> group_codes) {
  if (group_codes.size() > 64) throw std::invalid_argument("at most 64 groups can be computed");
  Book book;
  book.inputs = &inputs;
  book.series = series;
  book.group_codes = std::move(group_codes);
  Parser parser(inputs, book);

  // One row per version of a pledge.
  const Series& ps = inputs.get(series);
  const auto& id_column = column(ps, "pledge");
  const auto& from_column = column(ps, "valid_from");
  const auto& entity_column = column(ps, "entity_name");
  const auto& sector_column = column(ps, "sector");
  const auto& type_column = column(ps, "type");
  const auto& origin_region_column = column(ps, "origin_region");
  const auto& focus_column = column(ps, "focus_areas");
  const auto& economies_column = column(ps, "implementation");
  const auto& regions_column = column(ps, "regions");
  const auto& pillars_column = column(ps, "pillars");
  const auto& beneficiaries_column = column(ps, "beneficiaries");
  const auto& sdgs_column = column(ps, "sdgs");
  const auto& wsis_column = column(ps, "wsis_lines");
  const auto& campaigns_column = column(ps, "campaigns");
  const auto& period_column = column(ps, "reporting_period_months");
  const auto& history_column = column(ps, "history");
  const auto& pledged_column = column(ps, "pledged_on");
  const auto& status_column = column(ps, "status");

  LabelId most = 0;
  for (const LabelId id : id_column) most = std::max(most, id);
  std::vector<std::int32_t> pledge_of(ps.size() == 0 ? 0 : std::size_t{most} + 1, -1);
  struct Row {
    std::uint32_t pledge, row;
    Day from;
  };
  std::vector<Row> rows;
  rows.reserve(ps.size());
  book.pledges.reserve(ps.size());
  for (std::uint32_t i = 0; i < ps.size(); ++i) {
    const LabelId id = id_column[i];
    std::int32_t& p = pledge_of[id];
    if (p < 0) {
      p = static_cast<std::int32_t>(book.pledges.size());
      Pledge& pledge = book.pledges.emplace_back();
      pledge.id = id;
      const When& pledged = parser.date(ps, id, "pledged_on", pledged_column[i]);
      pledge.pledged = pledged.date;
      pledge.pledged_day = pledged.day;
      pledge.status = parser.one_of(parser.statuses, words::kStatuses, ps, id, "status", status_column[i]);
    }
    rows.push_back({static_cast<std::uint32_t>(p), i, parser.from(ps, id, from_column[i])});
  }
  const auto version_order = [](const Row& a, const Row& b) {
    return a.pledge != b.pledge ? a.pledge < b.pledge : a.from < b.from;
  };
  if (!std::is_sorted(rows.begin(), rows.end(), version_order))
    std::stable_sort(rows.begin(), rows.end(), version_order);
  book.versions.reserve(rows.size());
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Row& row = rows[k];
    const std::uint32_t i = row.row;
    const LabelId id = id_column[i];
    Pledge& pledge = book.pledges[row.pledge];
    if (k == 0 || rows[k - 1].pledge != row.pledge) pledge.versions_begin = static_cast<std::uint32_t>(k);
    pledge.versions_end = static_cast<std::uint32_t>(k + 1);
    if (k > 0 && rows[k - 1].pledge == row.pledge && rows[k - 1].from == row.from)
      parser.fail(ps, id, "pledge",
                  "the pledge appears twice" + (row.from == kFromStart
                                                    ? std::string()
                                                    : " with valid_from " + std::string(parser.text(from_column[i]))));
    Version& v = book.versions.emplace_back();
    v.from = row.from;
    v.value = amount(parser, ps, id, i);
    v.entity_name = parser.dense(parser.entity_names, book.entity_names, entity_column[i]);
    v.origin = ps.entity[i];
    book.max_origin = std::max(book.max_origin, v.origin);
    v.origin_region = parser.region(origin_region_column[i]);
    v.economies = parser.economies(economies_column[i]);
    v.regions = parser.regions(regions_column[i]);
    v.sdgs = parser.goals(sdgs_column[i]);
    v.pillars = parser.bits(parser.pillars, kPillars, ps, id, "pillars", pillars_column[i]);
    v.wsis = parser.bits(parser.wsis, words::kWsisLines, ps, id, "wsis_lines", wsis_column[i]);
    v.sector = parser.one_of(parser.sectors, words::kSectors, ps, id, "sector", sector_column[i]);
    v.type = parser.one_of(parser.types, words::kPledgeTypes, ps, id, "type", type_column[i]);
    v.focus = parser.bits(parser.focus, words::kFocusAreas, ps, id, "focus_areas", focus_column[i], true);
    v.campaigns = parser.bits(parser.campaigns, words::kCampaigns, ps, id, "campaigns", campaigns_column[i]);
    v.beneficiaries =
        parser.bits(parser.beneficiaries, words::kBeneficiaries, ps, id, "beneficiaries", beneficiaries_column[i]);
    v.period = parser.period(ps, id, period_column[i]);
    v.history = history_column[i];
  }
  return book;
}

void History::read(const Book& book, const Pledge& pledge) {
  static thread_local std::vector<std::string_view> items, fields;
  static thread_local std::string buffer;
  const auto slot_of = [&](std::string_view id) {
    for (std::size_t s = 0; s < ids_.size(); ++s)
      if (ids_[s] == id) return s;
    ids_.emplace_back(id);
    return ids_.size() - 1;
  };
  const auto date = [&](std::string_view text, const char* field) {
    const auto parsed = parse_date(text);
    if (!parsed) book.fail(pledge.id, field, "expected a date YYYY-MM-DD, found '" + std::string(text) + "'");
    return When{*parsed, day_of(*parsed)};
  };

  targets.clear();
  version_targets.clear();
  ids_.clear();
  LabelId previous = 0;
  std::string_view reports_text;
  for (std::uint32_t v = pledge.versions_begin; v < pledge.versions_end; ++v) {
    const LabelId label = book.versions[v].history;
    const std::size_t begin = targets.size();
    if (v > pledge.versions_begin && label == previous) {
      // The same targets as the version before.
      const std::size_t from = v - 1 == pledge.versions_begin ? 0 : version_targets[version_targets.size() - 2];
      for (std::size_t t = from; t < begin; ++t) targets.push_back(targets[t]);
    } else {
      const std::string_view text = book.inputs->label(label);
      const std::size_t hash = text.find('#');
      if (hash == std::string_view::npos)
        book.fail(pledge.id, "history", "expected 'targets#reports', found '" + std::string(text.substr(0, 80)) + "'");
      reports_text = text.substr(hash + 1);
      split(text.substr(0, hash), '|', items);
      for (const auto item : items) {
        split(item, ' ', fields);
        const auto baseline = fields.size() == 5 ? number_in(fields[2]) : std::nullopt;
        const auto value = fields.size() == 5 ? number_in(fields[3]) : std::nullopt;
        if (!baseline || !value)
          book.fail(pledge.id, "history",
                    "expected 'id measure baseline target date' per target, found '" + std::string(item) + "'");
        Target& target = targets.emplace_back();
        target.slot = static_cast<std::uint16_t>(slot_of(decoded(fields[0], buffer)));
        const int measure = index_in(words::kMeasures, fields[1]);
        // A measure the operator added to the vocabulary counts as "other".
        target.measure = static_cast<std::uint8_t>(measure >= 0 ? measure : index_in(words::kMeasures, "other"));
        target.baseline = *baseline;
        target.value = *value;
        target.due = date(fields[4], "history").day;
      }
    }
    previous = label;
    version_targets.push_back(static_cast<std::uint32_t>(targets.size()));
  }

  reports.clear();
  actuals.clear();
  split(reports_text, '|', items);
  for (const auto item : items) {
    split(item, ' ', fields);
    if (fields.size() < 3)
      book.fail(pledge.id, "history",
                "expected 'date status disbursed target=actual...' per report, found '" + std::string(item) + "'");
    Report& report = reports.emplace_back();
    report.on = date(fields[0], "history");
    const int status = index_in(words::kStatuses, decoded(fields[1], buffer));
    if (status < 0)
      book.fail(pledge.id, "history", "'" + std::string(fields[1]) + "' is not one of " + listed(words::kStatuses));
    report.status = static_cast<std::uint8_t>(status);
    const auto disbursed = fields[2] == "-" ? std::optional<double>(std::nan("")) : number_in(fields[2]);
    if (!disbursed || (!std::isnan(*disbursed) && *disbursed < 0))
      book.fail(pledge.id, "history",
                "expected a disbursed amount >= 0 or '-', found '" + std::string(fields[2]) + "'");
    report.disbursed = *disbursed;
    if (reports.size() > 1 && report.on.day <= reports[reports.size() - 2].on.day)
      book.fail(pledge.id, "history",
                report.on.day == reports[reports.size() - 2].on.day
                    ? "two reports dated " + std::string(fields[0]) + "; keep one report per date in the registry"
                    : "the reports are not in date order");
    report.actuals_begin = static_cast<std::uint32_t>(actuals.size());
    for (std::size_t f = 3; f < fields.size(); ++f) {
      const std::size_t equals = fields[f].find('=');
      const auto value = equals == std::string_view::npos ? std::nullopt : number_in(fields[f].substr(equals + 1));
      if (!value) book.fail(pledge.id, "history", "expected 'target=actual', found '" + std::string(fields[f]) + "'");
      const std::string_view id = decoded(fields[f].substr(0, equals), buffer);
      const auto known = std::find(ids_.begin(), ids_.end(), id);
      if (known != ids_.end()) actuals.push_back({static_cast<std::uint16_t>(known - ids_.begin()), *value});
    }
    report.actuals_end = static_cast<std::uint32_t>(actuals.size());
  }
  slots = ids_.size();
}

}  // namespace p2c::plugins::pledges
