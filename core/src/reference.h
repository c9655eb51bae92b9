// Reference data: which codes are economies, the groups they form, and membership over time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config.h"

namespace p2c::host {

/// A reference file is missing or malformed; the message starts with file:line.
class ReferenceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Group {
  std::string code;  ///< "LDC", "UN.002", "ITU.AFR", "WB.LIC", "WLD"
  std::string name;
  std::string family;  ///< "world", "un_list", "un_region", "itu_region", "wb_income", ...
};

class Reference {
 public:
  /// Reads economies, groups and memberships (formats in docs/reference-data.md).
  static Reference load(const ReferenceSettings& settings);

  bool is_economy(std::string_view iso3) const { return economy_index_.count(std::string(iso3)) != 0; }
  const std::vector<std::string>& economies() const noexcept { return economies_; }
  /// Names of economies(), same order, as the economies file spells them.
  const std::vector<std::string>& economy_names() const noexcept { return economy_names_; }
  const std::vector<Group>& groups() const noexcept { return groups_; }
  /// Index into groups() of the group with this code, if there is one.
  std::optional<std::size_t> find_group(std::string_view code) const;

  /// Indexes into economies() of the members of groups()[group] in `year`: an economy counts for a
  /// year when it held the status for most of that year (see docs/reference-data.md).
  std::vector<std::size_t> members(std::size_t group, std::int32_t year) const;

 private:
  struct Membership {
    std::size_t economy;
    std::int32_t from_year;  ///< inclusive; INT32_MIN when open
    std::int32_t to_year;    ///< inclusive; INT32_MAX when open
  };

  /// Memberships by group index, from one file.
  std::vector<std::vector<Membership>> read_memberships(const std::filesystem::path& file,
                                                        const ReferenceSettings& settings) const;

  std::vector<std::string> economies_;
  std::vector<std::string> economy_names_;
  std::unordered_map<std::string, std::size_t> economy_index_;
  std::unordered_map<std::string, std::size_t> group_index_;
  std::vector<Group> groups_;
  std::vector<std::vector<Membership>> memberships_;  ///< by group
};

}  // namespace p2c::host
