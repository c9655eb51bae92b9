#include <catch2/catch.hpp>

#include "reference.h"
#include "temp_dir.h"

using p2c::host::Reference;
using p2c::host::ReferenceError;
using p2c::host::ReferenceSettings;

namespace {

const std::filesystem::path bundled = std::filesystem::path(P2C_SOURCE_DIR) / "config" / "reference";

ReferenceSettings settings_in(const std::filesystem::path& folder) {
  return {folder / "economies.csv", folder / "groups.csv", folder / "memberships.csv", "wb.population", 0.5};
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
