// Small configs for tests that run `p2c serve`: SDG 17.8.1 over the bundled data (quick to compute), or
// over tiny CSV files a test writes and changes.
#pragma once

#include <filesystem>
#include <string>

namespace p2c::test {

/// `[service]` settings for a test server; `extra` is appended inside the section.
inline std::string service_section(int recompute_seconds, const std::string& extra = "") {
  return "[service]\nrecompute_seconds = " + std::to_string(recompute_seconds) + "\nthreads = 4\n" + extra + "\n";
}

inline std::string reference_section() {
  const std::filesystem::path reference = std::filesystem::path(P2C_SOURCE_DIR) / "config" / "reference";
  return "[reference]\neconomies = \"" + (reference / "economies.csv").string() + "\"\ngroups = \"" +
         (reference / "groups.csv").string() + "\"\nmemberships = \"" + (reference / "memberships.csv").string() +
         "\"\npopulation = \"wb.population\"\n\n";
}

/// A pledge registry in `dir`, bootstrapped from the registry's test fixture: P2C-2022-0001 by "Ministry of
/// ICT, Kenya", P2C-2022-0002 by "Example Telecom Group", P2C-2023-0003 by "Digital Skills Alliance".
inline std::string pledges_section(const std::filesystem::path& dir) {
  const std::filesystem::path source = P2C_SOURCE_DIR;
  return "[pledges]\ndatabase = \"" + (dir / "pledges.sqlite").string() + "\"\nrates = \"" +
         (source / "config/data/pledges/usd_rates.csv").string() + "\"\nbootstrap = \"" +
         (source / "tests/core/pledges/fixtures/pledges.json").string() + "\"\n\n";
}

/// A `[[source]]` of the csv plugin; `options` are its further option lines.
inline std::string csv_source(const std::string& name, const std::string& series, const std::filesystem::path& path,
                              const std::string& options) {
  return "\n[[source]]\nplugin = \"csv\"\nname = \"" + name + "\"\nseries = \"" + series + "\"\npath = \"" +
         path.string() + "\"\n" + options;
}

/// SDG 17.8.1 (internet users, offline population) for every economy and group, from the bundled data;
/// `instance` names the indicator instance, so the metric ids are `<instance>.internet_users`.
inline std::string bundled_config(const std::filesystem::path& dir, const std::string& service,
                                  const std::string& instance = "sdg_17_8") {
  const std::filesystem::path data = std::filesystem::path(P2C_SOURCE_DIR) / "config" / "data" / "worldbank-wdi";
  return "[run]\nhistory = \"" + (dir / "history.sqlite").string() + "\"\n\n" + reference_section() + service +
         csv_source("internet_users", "itu.internet_users", data / "internet_users_gapminder.csv",
                    "economy_column = \"geo\"\nyear_column = \"time\"\nvalue_column = \"internet_users\"\n"
                    "code_case = \"upper\"\nunit = \"%\"\n") +
         csv_source("population", "wb.population", data / "sp.pop.totl.csv", "") +
         "\n[[indicator]]\nplugin = \"sdg_17_8\"\nname = \"" + instance + "\"\n";
}

/// The same indicator over `internet.csv` and `population.csv` in `dir` (columns economy,year,value).
inline std::string tiny_config(const std::filesystem::path& dir, const std::string& service) {
  const std::string columns = "economy_column = \"economy\"\nyear_column = \"year\"\nvalue_column = \"value\"\n";
  return reference_section() + service +
         csv_source("internet_users", "itu.internet_users", dir / "internet.csv", columns + "unit = \"%\"\n") +
         csv_source("population", "wb.population", dir / "population.csv", columns) +
         "\n[[indicator]]\nplugin = \"sdg_17_8\"\n";
}

}  // namespace p2c::test
