// Cutting a pledge file's array into runs for parallel parsing, and a large file read in parallel giving the same
// records and rejections, rows included, as the one-thread parse.
#include "pledges/json_chunks.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "pledges/formats.h"
#include "rules_fixture.h"
#include "temp_dir.h"

namespace {

using p2c::pledges::split_array;

std::string joined(const std::vector<p2c::pledges::ElementRun>& runs) {
  std::string out;
  for (const auto& run : runs)
    out += "<" + std::string(run.text) + ">" + std::to_string(run.first_row) + "/" + std::to_string(run.elements);
  return out;
}

}  // namespace

TEST_CASE("split_array cuts between elements, never inside strings or nested values", "[pledges][json]") {
  const std::string text = "\xEF\xBB\xBF [ {\"a\": \"x, ]\\\" }\"}, [1, [2, 3]], \"s,\" , 4 ]\n";
  const auto runs = split_array(text, 2);
  REQUIRE(runs.size() == 2);
  std::string whole;
  for (const auto& run : runs) whole += std::string(run.text) + (&run == &runs.back() ? "" : ",");
  CHECK(whole == " {\"a\": \"x, ]\\\" }\"}, [1, [2, 3]], \"s,\" , 4 ");
  CHECK(runs[0].first_row == 1);
  CHECK(runs[1].first_row == runs[0].elements + 1);
  CHECK(runs[0].elements + runs[1].elements == 4);
  CHECK(joined(split_array("[1,2,3,4]", 4)) == "<1>1/1<2>2/1<3>3/1<4>4/1");
}

TEST_CASE("split_array gives no runs for anything but a plain array of enough elements", "[pledges][json]") {
  CHECK(split_array("{\"a\": 1}", 2).empty());
  CHECK(split_array("[1, 2] x", 2).empty());
  CHECK(split_array("[1, [2, 3]", 2).empty());
  CHECK(split_array("[1]", 2).empty());
  CHECK(split_array("[1, 2, 3]", 1).empty());
  CHECK(split_array("[\"unterminated, 1, 2]", 2).empty());
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
