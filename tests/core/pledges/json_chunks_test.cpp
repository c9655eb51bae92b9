// Cutting a pledge file's array into its elements, and a large file read in parallel giving the same records and
// rejections, rows included, as the one-thread parse.
#include "pledges/json_chunks.h"

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

}  // namespace

TEST_CASE("array_elements cuts between elements, never inside strings or nested values", "[pledges][json]") {
  CHECK(joined("\xEF\xBB\xBF [ {\"a\": \"x, ]\\\" }\"}, [1, [2, 3]], \"s,\" , 4 ]\n") ==
        "< {\"a\": \"x, ]\\\" }\"}>< [1, [2, 3]]>< \"s,\" >< 4 >");
  CHECK(joined("[1,2,3,4]") == "<1><2><3><4>");
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
  const auto sample = p2c::pledges::pledge_object(p2c::test::valid_pledge(), p2c::pledges::Audience::operators);
  nlohmann::ordered_json pledges = nlohmann::ordered_json::array();
  for (int i = 0; i < 8000; ++i) {
    auto p = sample;
    p["id"] = "P2C-" + std::to_string(100000 + i);
    p["description"] = std::string(800, 'x');
    if (i == 6543) p["sector"] = 7;
    pledges.push_back(p);
  }
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
