#include "pledges_source.h"

#include <algorithm>
#include <stdexcept>

#include "registry_reader.h"

namespace {

constexpr p2c_option_spec kPledgesOptions[] = {
    {"database", P2C_OPTION_PATH, nullptr, 1,
     "The pledge registry's SQLite file (the [pledges] database); opened read-only, never created"},
    {"batch_size", P2C_OPTION_INTEGER, "4096", 0, "Rows per batch handed to the host"},
    {"measures", P2C_OPTION_STRING_LIST, "[]", 0,
     "Target measures the operator added to the vocabulary ([pledges] measures); a pledge with a target of a measure "
     "neither shipped nor listed here is rejected"},
};

}  // namespace

namespace p2c::plugins {
namespace {

constexpr const char* kSeries[] = {"pledges.pledges", "pledges.reports", "pledges.implementation"};

std::size_t batch_size_option(const Options& options) {
  const std::int64_t value = options.integer("batch_size");
  if (value <= 0)
    throw std::invalid_argument("option 'batch_size' must be greater than 0, found " + std::to_string(value));
  return static_cast<std::size_t>(value);
}

std::vector<std::string> measures_option(const Options& options) {
  const std::vector<std::string>& out = options.strings("measures");
  for (const auto& measure : out)
    if (measure.empty() || !std::all_of(measure.begin(), measure.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
        }))
      throw std::invalid_argument("option 'measures' lists '" + measure +
                                  "'; a measure is a code of lower-case letters, digits and '_'");
  return out;
}

}  // namespace

PledgesSource::PledgesSource(const Options& options)
    : database_(options.string("database")),
      reader_(
          std::make_unique<pledge_registry::Reader>(database_, measures_option(options), batch_size_option(options))) {
  if (database_.empty()) throw std::invalid_argument("option 'database' must not be empty");
}

PledgesSource::~PledgesSource() = default;

std::vector<SeriesInfo> PledgesSource::describe() const {
  return {
      {kSeries[0], "USD",
       "P2C pledges, one row per version of a published pledge, with its targets and reports, value in USD (NaN: "
       "not stated); " +
           database_},
      {kSeries[1], "USD", "P2C pledge progress reports, cumulative disbursed USD (NaN: not stated); " + database_},
      {kSeries[2], "pledges", "P2C implementation economies and their number of pledges; " + database_},
  };
}

void PledgesSource::read(const std::string& series_id, BatchSink& sink) {
  if (series_id == kSeries[0]) return reader_->pledges(sink);
  if (series_id == kSeries[1]) return reader_->reports(sink);
  if (series_id == kSeries[2]) return reader_->implementation(sink);
  std::string names;
  for (const char* name : kSeries) names += std::string(names.empty() ? "'" : ", '") + name + "'";
  throw std::invalid_argument("this source delivers " + names + ", not '" + series_id + "'");
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::PledgesSource, "pledges_sqlite", "2.0.0",
           "P2C pledge registry (SQLite): published pledges with their versions, targets, progress reports, actuals "
           "and implementation economies as series",
           kPledgesOptions)
