// Rules::load: the codes a pledge may name (reference data) and the USD rates its values convert with.
#include <fmt/format.h>

#include <algorithm>
#include <fstream>

#include "p2c/csv.h"
#include "p2c/pledges/vocabulary_words.h"
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

bool is_code(std::string_view code) {
  if (code.empty()) return false;
  for (const char c : code)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::vector<std::string>* list_named(Vocabulary& vocabulary, std::string_view name) {
  if (name == "measure") return &vocabulary.measures;
  if (name == "wsis_line") return &vocabulary.wsis_lines;
  if (name == "roadmap_area") return &vocabulary.roadmap_areas;
  if (name == "campaign") return &vocabulary.campaigns;
  return nullptr;
}

template <std::size_t N>
std::vector<std::string> strings(const std::string_view (&words)[N]) {
  return std::vector<std::string>(std::begin(words), std::end(words));
}

}  // namespace

Vocabulary Vocabulary::builtin() {
  Vocabulary out;
  out.measures = strings(words::kMeasures);
  out.wsis_lines = strings(words::kWsisLines);
  out.roadmap_areas = strings(words::kRoadmapAreas);
  out.campaigns = strings(words::kCampaigns);
  return out;
}

Vocabulary Vocabulary::load(const std::filesystem::path& csv) {
  Vocabulary out;
  read_columns(
      csv, {"vocabulary", "code", "label"},
      [&](const CsvReader& reader, const std::vector<std::string>& fields, const std::size_t* index) {
        const std::string& name = fields[index[0]];
        const std::string& code = fields[index[1]];
        std::vector<std::string>* list = list_named(out, name);
        if (list == nullptr)
          throw RulesError(
              fmt::format("{}: vocabulary: expected measure, wsis_line, roadmap_area or "
                          "campaign; found '{}'",
                          reader.where(), name));
        const bool wsis = name == "wsis_line";
        if (wsis ? !(code.size() >= 2 && code[0] == 'C') : !is_code(code))
          throw RulesError(fmt::format("{}: code: expected {}; found '{}'", reader.where(),
                                       wsis ? "C and a number" : "lower-case letters, digits and _", code));
        if (std::find(list->begin(), list->end(), code) != list->end())
          throw RulesError(fmt::format("{}: code: {} '{}' is listed twice; keep one row", reader.where(), name, code));
        list->push_back(code);
        out.labels[name + ":" + code] = fields[index[2]];
      });
  return out;
}

void Vocabulary::extend(const std::string& vocabulary, const std::vector<std::string>& codes) {
  std::vector<std::string>* list = vocabulary == "measures"    ? &measures
                                   : vocabulary == "campaigns" ? &campaigns
                                                               : nullptr;
  if (list == nullptr) throw RulesError("only measures and campaigns can be extended, not " + vocabulary);
  for (const auto& code : codes) {
    if (!is_code(code))
      throw RulesError(fmt::format("[pledges] {}: expected codes of lower-case letters, digits and _; found '{}'",
                                   vocabulary, code));
    if (std::find(list->begin(), list->end(), code) != list->end())
      throw RulesError(
          fmt::format("[pledges] {}: '{}' is in the vocabulary already; remove it from the config", vocabulary, code));
    list->push_back(code);
  }
}

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
