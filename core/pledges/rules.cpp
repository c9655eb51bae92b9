// Rules::load: the codes a pledge may name (reference data) and the USD rates its values convert with.
#include <fmt/format.h>

#include <fstream>

#include "p2c/csv.h"
#include "store.h"

namespace p2c::pledges {
namespace {

// Calls `row(fields, column indexes)` for every data row of a CSV that has the named columns.
template <std::size_t N, typename Row>
void read_columns(const std::filesystem::path& file, const char* const (&names)[N], Row row) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw RulesError(fmt::format("{}: cannot read the file; check the path in the config", file.string()));
  try {
    CsvReader reader(in, file.string());
    std::vector<std::string> fields;
    if (!reader.next(fields))
      throw RulesError(fmt::format("{}: the file is empty; expected a header row", file.string()));
    std::size_t index[N];
    for (std::size_t i = 0; i < N; ++i) {
      const auto column = find_column(fields, names[i]);
      if (!column)
        throw RulesError(
            fmt::format("{}:{}: expected a column '{}' in the header", file.string(), reader.line(), names[i]));
      index[i] = *column;
    }
    while (reader.next(fields)) {
      for (const std::size_t i : index)
        if (i >= fields.size())
          throw RulesError(
              fmt::format("{}: expected {} fields or more; found {}", reader.where(), i + 1, fields.size()));
      row(reader, fields, index);
    }
  } catch (const CsvError& e) {
    throw RulesError(e.what());
  }
}

bool is_currency_code(std::string_view code) {
  if (code.size() != 3) return false;
  for (const char c : code)
    if (c < 'A' || c > 'Z') return false;
  return true;
}

}  // namespace

Rules Rules::load(const std::filesystem::path& economies_csv, const std::filesystem::path& groups_csv,
                  const std::filesystem::path& rates_csv) {
  Rules rules;
  read_columns(economies_csv, {"iso3"},
               [&](const CsvReader&, const std::vector<std::string>& fields, const std::size_t* index) {
                 rules.economies.insert(fields[index[0]]);
               });
  read_columns(groups_csv, {"code"},
               [&](const CsvReader&, const std::vector<std::string>& fields, const std::size_t* index) {
                 rules.regions.insert(fields[index[0]]);
               });
  read_columns(rates_csv, {"currency", "usd_per_unit"},
               [&](const CsvReader& reader, const std::vector<std::string>& fields, const std::size_t* index) {
                 const std::string& currency = fields[index[0]];
                 if (!is_currency_code(currency))
                   throw RulesError(fmt::format("{}: currency: expected an ISO 4217 code such as EUR; found '{}'",
                                                reader.where(), currency));
                 const auto rate = parse_number(fields[index[1]]);
                 if (!rate || *rate <= 0)
                   throw RulesError(
                       fmt::format("{}: usd_per_unit: expected a positive number of US dollars per "
                                   "unit of {}; found '{}'",
                                   reader.where(), currency, fields[index[1]]));
                 if (!rules.usd_per_unit.emplace(currency, *rate).second)
                   throw RulesError(fmt::format("{}: currency: {} is listed twice; keep one rate per currency",
                                                reader.where(), currency));
               });
  return rules;
}

}  // namespace p2c::pledges
