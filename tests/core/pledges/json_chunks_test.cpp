// Cutting a pledge file's array into its elements, a large file read in parallel giving the same records and
// rejections, rows included, as the one-thread parse, and imported batch by batch.
#include "pledges/json_chunks.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "pledges/formats.h"
#include "rules_fixture.h"
#include "temp_dir.h"

namespace {

using p2c::pledges::array_elements;

std::string joined(std::string_view text) {
  const auto elements = array_elements(text);
  if (!elements) return "none";
  std::string out;
  for (const auto element : *elements) out += "<" + std::string(element) + ">";
  return out;
}

// `count` valid pledges P2C-100000, P2C-100001, ... of about 1 kB each: 4,000 or more are a file large enough to
// be read on several threads and in several batches.
nlohmann::ordered_json large_file(int count) {
  const auto sample = p2c::pledges::pledge_object(p2c::test::valid_pledge(), p2c::pledges::Audience::operators);
  nlohmann::ordered_json pledges = nlohmann::ordered_json::array();
  for (int i = 0; i < count; ++i) {
    auto p = sample;
    p["id"] = "P2C-" + std::to_string(100000 + i);
    p["description"] = std::string(800, 'x');
    pledges.push_back(p);
  }
  return pledges;
}

}  // namespace

TEST_CASE("array_elements cuts between elements, never inside strings or nested values", "[pledges][json]") {
  CHECK(joined("\xEF\xBB\xBF [ {\"a\": \"x, ]\\\" }\"}, [1, [2, 3]], \"s,\" , 4 ]\n") ==
        "< {\"a\": \"x, ]\\\" }\"}>< [1, [2, 3]]>< \"s,\" >< 4 >");
  CHECK(joined("[1,2,3,4]") == "<1><2><3><4>");
  // A quote after an even number of backslashes ends its string; after an odd number it is part of it.
  CHECK(joined(R"(["a\\", "b\\\", c", "\\\\"])") == R"(<"a\\">< "b\\\", c">< "\\\\">)");
  CHECK(joined("[1]") == "<1>");
  CHECK(joined("[]") == "");
  CHECK(joined(" [ \n ] ") == "");
  // Blank elements are kept for the strict parse to refuse.
  CHECK(joined("[1,]") == "<1><>");
  CHECK(joined("[,1]") == "<><1>");
}

TEST_CASE("array_elements gives nothing for anything but a plain array", "[pledges][json]") {
  CHECK(joined("{\"a\": 1}") == "none");
  CHECK(joined("[1, 2] x") == "none");
  CHECK(joined("[1, [2, 3]") == "none");
  CHECK(joined("[\"unterminated, 1, 2]") == "none");
  CHECK(joined("") == "none");
}

TEST_CASE("a large pledge file read in parallel gives the records and rejections of the one-thread parse",
          "[pledges][json]") {
  // About 8 MB, above the size from which files are read on several threads, with a bad record late in it.
  p2c::test::TempDir dir;
  nlohmann::ordered_json pledges = large_file(8000);
  pledges[6543]["sector"] = 7;
  const auto file = dir.write("big.json", pledges.dump());
  REQUIRE(std::filesystem::file_size(file) > (4u << 20));
  const auto parsed = p2c::pledges::read_json(file);
  REQUIRE(parsed.records.size() == 8000);
  for (std::size_t i = 0; i < parsed.records.size(); ++i) {
    INFO(i);
    REQUIRE(parsed.records[i].row == i + 1);
    REQUIRE(parsed.records[i].pledge.id == "P2C-" + std::to_string(100000 + i));
  }
  REQUIRE(parsed.rejected.size() == 1);
  CHECK(parsed.rejected[0].row == 6544);
  CHECK(parsed.rejected[0].field == "sector");

  // Malformed JSON late in a large file: the message gives its line in the whole file, as the one-thread parse does.
  std::string text = pledges.dump(1);
  const auto at = text.rfind("\"P2C-107990\"");
  text.insert(at, "{");
  const auto broken = p2c::pledges::read_json(dir.write("broken.json", text));
  REQUIRE(broken.rejected.size() == 1);
  CHECK(broken.records.empty());
  CHECK(broken.rejected[0].row == static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n') + 1));
}

TEST_CASE("a large file is imported batch by batch: all of it, or nothing with every rejection", "[pledges][json]") {
  p2c::test::TempDir dir;
  const nlohmann::ordered_json pledges = large_file(6000);
  const auto rules = p2c::test::repository_rules();
  p2c::pledges::Store store(dir / "registry.sqlite");
  const auto indexes = [&] {
    std::vector<std::string> names;
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(store.handle(),
                       "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name", -1,
                       &statement, nullptr);
    while (sqlite3_step(statement) == SQLITE_ROW)
      names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
    sqlite3_finalize(statement);
    return names;
  };
  const std::vector<std::string> schema_indexes = indexes();
  REQUIRE(schema_indexes.size() == 2);

  // Late problems, after many batches were written: a bad field, a duplicate id and malformed JSON.
  auto bad = pledges;
  bad[5500]["sector"] = 7;
  bad[5900]["id"] = "P2C-100003";
  const auto refused = store.import_file(dir.write("bad.json", bad.dump()), rules);
  for (const auto& r : refused.rejected) UNSCOPED_INFO(p2c::pledges::to_string(r));
  // The ill-typed sector is also a missing one for validation.
  REQUIRE(refused.rejected.size() == 3);
  CHECK(refused.rejected[0].row == 5501);
  CHECK(refused.rejected[0].field == "sector");
  CHECK(refused.rejected[2].row == 5901);
  CHECK_THAT(refused.rejected[2].message, Catch::Contains("also on row 4"));
  CHECK(store.size() == 0);
  CHECK(indexes() == schema_indexes);  // dropped for the bulk load, back with the rollback

  std::string text = pledges.dump(1);
  text.insert(text.rfind("\"P2C-105990\""), "{");
  const auto malformed = store.import_file(dir.write("malformed.json", text), rules);
  REQUIRE(malformed.rejected.size() == 1);
  CHECK(malformed.rejected[0].row > 100000);  // a line of the whole file
  CHECK(store.size() == 0);

  const auto summary = store.import_file(dir.write("good.json", pledges.dump()), rules);
  REQUIRE(summary.committed());
  CHECK(summary.pledges_added == 6000);
  CHECK(store.size() == 6000);
  CHECK(indexes() == schema_indexes);
  // Into a registry that is no longer empty, pledge by pledge: the same file changes nothing.
  const auto again = store.import_file(dir / "good.json", rules);
  REQUIRE(again.committed());
  CHECK(again.pledges_unchanged == 6000);
}
