#include "reference.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "temp_dir.h"

using p2c::host::Reference;
using p2c::host::ReferenceError;
using p2c::host::ReferenceSettings;

namespace {

const std::filesystem::path bundled = std::filesystem::path(P2C_SOURCE_DIR) / "config" / "reference";

ReferenceSettings settings_in(const std::filesystem::path& folder, std::vector<std::filesystem::path> lists = {}) {
  return {folder / "economies.csv", folder / "groups.csv", folder / "memberships.csv", std::move(lists),
          "wb.population"};
}

std::size_t index_of(const Reference& ref, const std::string& group) {
  for (std::size_t g = 0; g < ref.groups().size(); ++g)
    if (ref.groups()[g].code == group) return g;
  FAIL("no group " << group);
  return 0;
}

bool is_member(const Reference& ref, const std::string& group, const std::string& iso3, int year) {
  for (std::size_t e : ref.members(index_of(ref, group), year))
    if (ref.economies()[e] == iso3) return true;
  return false;
}

/// The ISO3 codes of the members of `group` in `year`, sorted.
std::vector<std::string> members_of(const Reference& ref, const std::string& group, int year) {
  std::vector<std::string> out;
  for (std::size_t e : ref.members(index_of(ref, group), year)) out.push_back(ref.economies()[e]);
  std::sort(out.begin(), out.end());
  return out;
}

struct Files {
  p2c::test::TempDir dir;
  Files(const std::string& memberships) {
    dir.write("economies.csv", "iso3,m49,name\nAAA,001,A\nBBB,002,\"B, the\"\nCCC,003,C\n");
    dir.write("groups.csv", "code,name,family\nG1,Group one,test\nG2,Group two,test\n");
    dir.write("memberships.csv", "group,iso3,from_year,to_year\n" + memberships);
  }
};

}  // namespace

TEST_CASE("membership is per year, with open and closed ends", "[reference]") {
  Files files("G1,AAA,,\nG1,BBB,,2023\nG1,CCC,2010,\nG2,CCC,,\n");
  const Reference ref = Reference::load(settings_in(files.dir.path()));
  CHECK(ref.economies().size() == 3);
  CHECK(ref.is_economy("BBB"));
  CHECK_FALSE(ref.is_economy("G1"));
  CHECK(ref.members(0, 2009).size() == 2);
  CHECK(ref.members(0, 2023).size() == 3);
  CHECK(ref.members(0, 2024).size() == 2);
  CHECK(ref.members(1, 1990).size() == 1);
}

TEST_CASE("a group list replaces the memberships of the groups it lists, and only those", "[reference]") {
  Files files("G1,AAA,,\nG1,BBB,,2023\nG2,CCC,,\n");
  using V = std::vector<std::string>;
  SECTION("one list") {
    const auto list = files.dir.write("list.csv", "group,iso3,from_year,to_year\nG1,CCC,,2020\n");
    const Reference ref = Reference::load(settings_in(files.dir.path(), {list}));
    CHECK(members_of(ref, "G1", 2020) == V{"CCC"});
    CHECK(members_of(ref, "G1", 2021).empty());  // AAA and BBB are gone in every year
    CHECK(members_of(ref, "G2", 2020) == V{"CCC"});
  }
  SECTION("a later list replaces what an earlier one said about the same group") {
    const auto first = files.dir.write("first.csv", "group,iso3,from_year,to_year\nG1,CCC,,\nG2,AAA,,\n");
    const auto second = files.dir.write("second.csv", "group,iso3,from_year,to_year\nG1,BBB,2021,\n");
    const Reference ref = Reference::load(settings_in(files.dir.path(), {first, second}));
    CHECK(members_of(ref, "G1", 2020).empty());
    CHECK(members_of(ref, "G1", 2021) == V{"BBB"});
    CHECK(members_of(ref, "G2", 2020) == V{"AAA"});  // from the first list; the second does not list G2
  }
  SECTION("a list with only a header changes nothing") {
    const auto list = files.dir.write("list.csv", "group,iso3,from_year,to_year\n");
    const Reference ref = Reference::load(settings_in(files.dir.path(), {list}));
    CHECK(members_of(ref, "G1", 2023) == (V{"AAA", "BBB"}));
    CHECK(members_of(ref, "G1", 2024) == V{"AAA"});
    CHECK(members_of(ref, "G2", 2024) == V{"CCC"});
  }
  SECTION("errors name the list and the line") {
    const auto list = files.dir.write("list.csv", "group,iso3,from_year,to_year\nG1,AAA,,\nG9,AAA,,\n");
    CHECK_THROWS_WITH(Reference::load(settings_in(files.dir.path(), {list})),
                      Catch::Contains("list.csv:3: group 'G9' is not in"));
    CHECK_THROWS_WITH(Reference::load(settings_in(files.dir.path(), {files.dir / "absent.csv"})),
                      Catch::Contains("absent.csv: cannot open the reference file"));
  }
}

TEST_CASE("malformed reference files name the file and line", "[reference]") {
  SECTION("unknown economy") {
    Files files("G1,AAA,,\nG1,ZZZ,,\n");
    CHECK_THROWS_WITH(Reference::load(settings_in(files.dir.path())),
                      Catch::Contains("memberships.csv:3: economy 'ZZZ' is not in"));
  }
  SECTION("unknown group") {
    Files files("G9,AAA,,\n");
    CHECK_THROWS_WITH(Reference::load(settings_in(files.dir.path())),
                      Catch::Contains("memberships.csv:2: group 'G9' is not in"));
  }
  SECTION("a bad year") {
    Files files("G1,AAA,20x0,\n");
    CHECK_THROWS_WITH(Reference::load(settings_in(files.dir.path())),
                      Catch::Contains("memberships.csv:2: expected a year or nothing in column 'from_year', found "
                                      "'20x0'"));
  }
  SECTION("reversed years") {
    Files files("G1,AAA,2020,2019\n");
    CHECK_THROWS_WITH(Reference::load(settings_in(files.dir.path())), Catch::Contains("from_year is after to_year"));
  }
  SECTION("a missing file") {
    Files files("");
    std::filesystem::remove(files.dir / "groups.csv");
    CHECK_THROWS_WITH(Reference::load(settings_in(files.dir.path())),
                      Catch::Contains("groups.csv: cannot open the reference file"));
  }
}

TEST_CASE("the bundled reference has the M49 lists and time-aware LDC membership", "[reference][real-data]") {
  const Reference ref = Reference::load(settings_in(bundled));
  // The M49 file lists 45 LDCs (Sao Tome and Principe still among them), 32 LLDCs and 53 SIDS.
  CHECK(ref.members(index_of(ref, "LDC"), 2024).size() == 45);
  CHECK(ref.members(index_of(ref, "LLDC"), 2024).size() == 32);
  CHECK(ref.members(index_of(ref, "SIDS"), 2024).size() == 53);
  // Bhutan graduated in December 2023, Sao Tome and Principe in December 2024.
  CHECK(ref.members(index_of(ref, "LDC"), 2022).size() == 46);
  CHECK(ref.members(index_of(ref, "LDC"), 2025).size() == 44);
  CHECK(is_member(ref, "LDC", "BTN", 2023));
  CHECK_FALSE(is_member(ref, "LDC", "BTN", 2024));
  CHECK(is_member(ref, "LDC", "STP", 2024));
  CHECK_FALSE(is_member(ref, "LDC", "STP", 2025));
  CHECK(is_member(ref, "LDC", "KEN", 2024) == false);
  CHECK(is_member(ref, "LDC", "UGA", 2024));
  CHECK(ref.members(index_of(ref, "WLD"), 2024).size() == ref.economies().size());
  std::size_t itu_regions = 0, income_groups = 0;
  for (const auto& group : ref.groups()) {
    itu_regions += group.family == "itu_region";
    income_groups += group.family == "wb_income";
  }
  CHECK(itu_regions == 6);
  CHECK(income_groups == 4);
  CHECK(is_member(ref, "ITU.AFR", "KEN", 2024));
  CHECK(is_member(ref, "UN.002", "KEN", 2024));
}

TEST_CASE("the bundled ITU lists: UN-OHRLLS SIDS with Bahrain to 2022, ITU's IDI income groups to 2022",
          "[reference][real-data]") {
  const Reference m49 = Reference::load(settings_in(bundled));
  const Reference itu = Reference::load(settings_in(bundled, {bundled / "itu-lists.csv"}));

  // SIDS: the 57 entries of the UN-OHRLLS list, and Bahrain while it was listed (until April 2023).
  CHECK(is_member(itu, "SIDS", "BHR", 2022));
  CHECK_FALSE(is_member(itu, "SIDS", "BHR", 2023));
  CHECK_FALSE(is_member(itu, "SIDS", "BHR", 2024));
  CHECK_FALSE(is_member(m49, "SIDS", "BHR", 2022));
  CHECK(itu.members(index_of(itu, "SIDS"), 2022).size() == 58);
  CHECK(itu.members(index_of(itu, "SIDS"), 2024).size() == 57);
  CHECK(is_member(itu, "SIDS", "BMU", 2024));  // UN-OHRLLS, not flagged in M49
  CHECK_FALSE(is_member(m49, "SIDS", "BMU", 2024));
  CHECK(is_member(m49, "SIDS", "BES", 2024));  // flagged in M49, not UN-OHRLLS
  CHECK_FALSE(is_member(itu, "SIDS", "BES", 2024));

  // Income groups: ITU's classification up to the IDI's reference year 2022, the 2025 one after.
  CHECK(is_member(itu, "WB.UMC", "BGR", 2022));
  CHECK_FALSE(is_member(itu, "WB.HIC", "BGR", 2022));
  CHECK(is_member(itu, "WB.HIC", "BGR", 2023));
  CHECK(is_member(m49, "WB.HIC", "BGR", 2022));
  CHECK(is_member(itu, "WB.LMC", "DZA", 2022));
  CHECK(is_member(itu, "WB.UMC", "DZA", 2023));
  CHECK(is_member(itu, "WB.UMC", "NAM", 2022));
  CHECK(is_member(itu, "WB.LMC", "NAM", 2025));
  // Economies the IDI does not cover keep their 2025 group in every year, so other metrics' aggregates keep them.
  CHECK(is_member(itu, "WB.LMC", "IND", 2010));
  CHECK(is_member(itu, "WB.LMC", "IND", 2022));
  for (const char* group : {"WB.HIC", "WB.UMC", "WB.LMC", "WB.LIC"}) {
    INFO(group);
    CHECK(members_of(itu, group, 2024) == members_of(m49, group, 2024));
  }
  std::size_t classified_2022 = 0, classified_m49 = 0;
  for (const char* group : {"WB.HIC", "WB.UMC", "WB.LMC", "WB.LIC"}) {
    classified_2022 += itu.members(index_of(itu, group), 2022).size();
    classified_m49 += m49.members(index_of(m49, group), 2022).size();
  }
  CHECK(classified_2022 == classified_m49);  // every economy is in exactly one group, in both

  // Groups the list does not name are untouched.
  for (const char* group : {"WLD", "LDC", "LLDC", "ITU.ASP", "UN.002"}) {
    INFO(group);
    CHECK(members_of(itu, group, 2022) == members_of(m49, group, 2022));
  }
}
