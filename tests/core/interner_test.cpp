// The run's interner (a TextTable, tests/sdk/text_table_test.cpp, behind a mutex): source threads interning the
// same texts get the same ids.
#include "interner.h"

#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

using p2c::host::Interner;

TEST_CASE("interner: threads interning the same texts get the same ids", "[interner]") {
  Interner interner;
  std::vector<std::vector<std::uint32_t>> ids(4);
  {
    std::vector<std::jthread> threads;
    for (std::size_t t = 0; t < ids.size(); ++t)
      threads.emplace_back([&, t] {
        for (int i = 0; i < 20000; ++i) ids[t].push_back(interner.intern("label " + std::to_string(i % 5000)));
      });
  }
  CHECK(interner.size() == 5000);
  for (std::size_t t = 1; t < ids.size(); ++t) CHECK(ids[t] == ids[0]);
  for (std::size_t i = 0; i < 5000; ++i) CHECK(interner.text(ids[0][i]) == "label " + std::to_string(i));
  CHECK(interner.all().size() == 5000);
  CHECK_THROWS_AS(interner.text(5000), std::out_of_range);
}
