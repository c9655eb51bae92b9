// TextTable: one id per distinct text in first-seen order, views that stay valid while the table grows or moves,
// and texts longer than a storage block.
#include "p2c/text_table.h"

#include <catch2/catch.hpp>
#include <string>
#include <utility>

using p2c::TextTable;

TEST_CASE("text table: one id per text, in first-seen order, kept through the index's growth", "[sdk][text_table]") {
  TextTable table;
  CHECK_FALSE(table.find("KEN"));
  CHECK(table.add("KEN") == 0);
  CHECK(table.add("") == 1);
  CHECK(table.add("KEN") == 0);
  CHECK_FALSE(table.find("UGA"));
  const std::string_view first = table[0];

  // Far beyond the first index, with texts that share long prefixes (so most of their bytes and hash words).
  const std::string prefix(300, 'h');
  for (std::uint32_t i = 0; i < 200000; ++i) REQUIRE(table.add(prefix + std::to_string(i)) == i + 2);
  CHECK(table.size() == 200002);
  for (std::uint32_t i = 0; i < 200000; i += 997) {
    CHECK(table.add(prefix + std::to_string(i)) == i + 2);
    CHECK(table.find(prefix + std::to_string(i)) == i + 2);
    CHECK(table[i + 2] == prefix + std::to_string(i));
  }
  CHECK(table[0].data() == first.data());  // texts never move
  CHECK(table.find("") == 1);

  // A text longer than a storage block gets a block of its own; the texts after it go on.
  const std::string huge(5u << 20, 'x');
  const auto id = table.add(huge);
  CHECK(table[id] == huge);
  CHECK(table.add(huge) == id);
  CHECK(table.add("after") == id + 1);
  CHECK(table[id + 1] == "after");
}

TEST_CASE("text table: a moved table keeps its texts where they were", "[sdk][text_table]") {
  TextTable table;
  for (int i = 0; i < 1000; ++i) table.add("code " + std::to_string(i));
  const std::string_view view = table[500];
  TextTable moved = std::move(table);
  CHECK(moved[500].data() == view.data());
  CHECK(moved.find("code 999") == 999u);
  CHECK(moved.add("new") == 1000);
}
