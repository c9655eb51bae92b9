#include "reference.h"

#include <charconv>
#include <climits>
#include <fstream>

#include "p2c/csv.h"

namespace p2c::host {
namespace {

// Reads a CSV with a required header; calls row(fields, where) for each record.
template <typename Row>
void read_table(const std::filesystem::path& path, const std::vector<std::string>& columns, Row&& row) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ReferenceError(path.string() + ": cannot open the reference file; check the [reference] paths");
  try {
    CsvReader reader(in, path.string());
    std::vector<std::string> fields;
    if (!reader.next(fields)) throw ReferenceError(path.string() + ":1: the file is empty; expected a header");
    std::vector<std::size_t> index;
    for (const auto& column : columns) {
      auto found = find_column(fields, column);
      if (!found) throw ReferenceError(reader.where() + ": no column '" + column + "' in the header");
      index.push_back(*found);
    }
    std::vector<std::string> picked(columns.size());
    while (reader.next(fields)) {
      for (std::size_t i = 0; i < index.size(); ++i) {
        if (index[i] >= fields.size())
          throw ReferenceError(reader.where() + ": expected " + std::to_string(index[i] + 1) + " fields, found " +
                               std::to_string(fields.size()));
        picked[i] = fields[index[i]];
      }
      row(picked, reader.where());
    }
  } catch (const CsvError& e) {
    throw ReferenceError(e.what());
  }
}

std::int32_t year_or(const std::string& text, std::int32_t open, const std::string& where, const char* column) {
  if (text.empty()) return open;
  std::int32_t year = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (error != std::errc{} || end != text.data() + text.size() || year < 1900 || year > 2200)
    throw ReferenceError(where + ": expected a year or nothing in column '" + column + "', found '" + text + "'");
  return year;
}

}  // namespace

Reference Reference::load(const ReferenceSettings& settings) {
  Reference ref;
  read_table(settings.economies, {"iso3", "m49", "name"}, [&](const auto& f, const std::string& where) {
    if (f[0].empty()) throw ReferenceError(where + ": empty iso3 code");
    if (!ref.economy_index_.emplace(f[0], ref.economies_.size()).second)
      throw ReferenceError(where + ": economy '" + f[0] + "' is listed twice");
    ref.economies_.push_back(f[0]);
    ref.economy_names_.push_back(f[2]);
  });

  auto& group_index = ref.group_index_;
  read_table(settings.groups, {"code", "name", "family"}, [&](const auto& f, const std::string& where) {
    if (f[0].empty()) throw ReferenceError(where + ": empty group code");
    if (ref.economy_index_.count(f[0]) != 0)
      throw ReferenceError(where + ": group code '" + f[0] + "' is also an economy code");
    if (!group_index.emplace(f[0], ref.groups_.size()).second)
      throw ReferenceError(where + ": group '" + f[0] + "' is listed twice");
    ref.groups_.push_back({f[0], f[1], f[2]});
  });

  ref.memberships_ = ref.read_memberships(settings.memberships, settings);
  // A group list replaces, group by group, what the files before it said.
  for (const auto& list : settings.group_lists) {
    auto replacing = ref.read_memberships(list, settings);
    for (std::size_t g = 0; g < replacing.size(); ++g)
      if (!replacing[g].empty()) ref.memberships_[g] = std::move(replacing[g]);
  }
  return ref;
}

std::vector<std::vector<Reference::Membership>> Reference::read_memberships(const std::filesystem::path& file,
                                                                            const ReferenceSettings& settings) const {
  std::vector<std::vector<Membership>> out(groups_.size());
  read_table(file, {"group", "iso3", "from_year", "to_year"}, [&](const auto& f, const std::string& where) {
    auto group = group_index_.find(f[0]);
    if (group == group_index_.end())
      throw ReferenceError(where + ": group '" + f[0] + "' is not in " + settings.groups.string());
    auto economy = economy_index_.find(f[1]);
    if (economy == economy_index_.end())
      throw ReferenceError(where + ": economy '" + f[1] + "' is not in " + settings.economies.string());
    const std::int32_t from = year_or(f[2], INT32_MIN, where, "from_year");
    const std::int32_t to = year_or(f[3], INT32_MAX, where, "to_year");
    if (from > to) throw ReferenceError(where + ": from_year is after to_year");
    out[group->second].push_back({economy->second, from, to});
  });
  return out;
}

std::optional<std::size_t> Reference::find_group(std::string_view code) const {
  auto it = group_index_.find(std::string(code));
  if (it == group_index_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::size_t> Reference::members(std::size_t group, std::int32_t year) const {
  std::vector<std::size_t> out;
  for (const auto& m : memberships_.at(group))
    if (year >= m.from_year && year <= m.to_year) out.push_back(m.economy);
  return out;
}

}  // namespace p2c::host
