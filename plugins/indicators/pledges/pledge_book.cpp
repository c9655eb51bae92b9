#include "pledge_book.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

namespace p2c::plugins::pledges {
namespace {

/// The column of a dimension by name; throws when the series lacks it.
const std::vector<LabelId>& column(const Series& series, const std::string& name) {
  const auto it = std::find(series.dimension_names.begin(), series.dimension_names.end(), name);
  if (it == series.dimension_names.end())
    throw std::runtime_error("series '" + series.id + "' has no dimension '" + name +
                             "'; it must come from the pledges_sqlite source or one with the same dimensions");
  return series.dimensions[static_cast<std::size_t>(it - series.dimension_names.begin())];
}

std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (std::size_t start = 0;;) {
    const std::size_t bar = text.find('|', start);
    out.emplace_back(text.substr(start, bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return out;
}

std::string listed(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

/// Reads the labels of one row, naming the series, the pledge and the field in every error.
class Row {
 public:
  Row(const Series& series, const InputSet& inputs, std::size_t index)
      : series_(series), inputs_(inputs), index_(index), id_(label("pledge")) {}

  const std::string& id() const { return id_; }

  std::string label(const std::string& dimension) const {
    return std::string(inputs_.label(column(series_, dimension).at(index_)));
  }

  Date date(const std::string& dimension) const {
    const std::string text = label(dimension);
    const auto date = parse_date(text);
    if (!date) fail(dimension, "expected a date YYYY-MM-DD, found '" + text + "'");
    return *date;
  }

  std::string one_of(const std::string& dimension, const std::vector<std::string>& allowed) const {
    std::string value = label(dimension);
    check(dimension, value, allowed);
    return value;
  }

  std::vector<std::string> list_of(const std::string& dimension, const std::vector<std::string>& allowed) const {
    auto values = split(label(dimension));
    for (const auto& value : values) check(dimension, value, allowed);
    return values;
  }

  std::optional<double> amount() const {
    const double value = series_.value.at(index_);
    if (std::isnan(value)) return std::nullopt;
    if (!std::isfinite(value) || value < 0)
      fail("value", "expected an amount in USD >= 0, found " + std::to_string(value));
    return value;
  }

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw std::runtime_error("series '" + series_.id + "', pledge '" + id_ + "', " + field + ": " + what +
                             "; correct the record in the registry");
  }

 private:
  void check(const std::string& dimension, const std::string& value, const std::vector<std::string>& allowed) const {
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
      fail(dimension, "'" + value + "' is not one of " + listed(allowed));
  }

  const Series& series_;
  const InputSet& inputs_;
  std::size_t index_;
  std::string id_;
};

}  // namespace

std::string Pledge::status_at(const Date& day) const {
  if (reports.empty()) return status;
  const Report* latest = nullptr;
  for (const auto& report : reports)
    if (report.on <= day) latest = &report;
  return latest != nullptr ? latest->status : "announced";
}

double Pledge::disbursed_at(const Date& day) const {
  double disbursed = 0;
  for (const auto& report : reports)
    if (report.on <= day && report.disbursed_usd) disbursed = *report.disbursed_usd;
  return disbursed;
}

bool Pledge::reported_between(const Date& after, const Date& until) const {
  return std::any_of(reports.begin(), reports.end(),
                     [&](const Report& report) { return after < report.on && report.on <= until; });
}

std::vector<Pledge> read_pledges(const Series& pledges, const Series& reports, const InputSet& inputs) {
  std::vector<Pledge> out;
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < pledges.size(); ++i) {
    const Row row(pledges, inputs, i);
    if (!index.emplace(row.id(), out.size()).second) row.fail("pledge", "the pledge appears twice");
    Pledge& pledge = out.emplace_back();
    pledge.id = row.id();
    pledge.pledged_on = row.date("pledged_on");
    pledge.value_usd = row.amount();
    pledge.sector = row.one_of("sector", kSectors);
    pledge.type = row.one_of("type", kTypes);
    pledge.focus_areas = row.list_of("focus_areas", kFocusAreas);
    pledge.economies = split(row.label("implementation"));
    pledge.regions = split(row.label("regions"));
    pledge.status = row.one_of("status", kStatuses);
  }
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Row row(reports, inputs, i);
    const auto it = index.find(row.id());
    if (it == index.end()) continue;
    Report report{row.date("reported_on"), row.one_of("status", kStatuses), row.amount()};
    out[it->second].reports.push_back(std::move(report));
  }
  for (auto& pledge : out) {
    std::sort(pledge.reports.begin(), pledge.reports.end(),
              [](const Report& a, const Report& b) { return a.on < b.on; });
    const auto twice = std::adjacent_find(pledge.reports.begin(), pledge.reports.end(),
                                          [](const Report& a, const Report& b) { return a.on == b.on; });
    if (twice != pledge.reports.end())
      throw std::runtime_error("series '" + reports.id + "', pledge '" + pledge.id + "': two reports dated " +
                               to_string(twice->on) + "; keep one report per date in the registry");
  }
  return out;
}

}  // namespace p2c::plugins::pledges
