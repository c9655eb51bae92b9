// Work made on several threads and taken in order: what a large import relies on to write a file's records in
// file order while later ones are read.
#include "pledges/ordered_work.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <stdexcept>
#include <vector>

using p2c::pledges::in_order;

TEST_CASE("in_order takes every item once, in order, whatever the threads finish first", "[pledges][ordered]") {
  for (const std::size_t threads : {1u, 2u, 4u}) {
    std::vector<std::size_t> taken;
    std::atomic<std::size_t> in_flight = 0, most_in_flight = 0;
    in_order(
        200, threads, 3,
        [&](std::size_t i) {
          const std::size_t now = ++in_flight;
          for (std::size_t seen = most_in_flight; now > seen && !most_in_flight.compare_exchange_weak(seen, now);) {
          }
          // Later items finish first now and then: the order must come from in_order, not from the timing.
          volatile std::size_t spin = 0;
          for (std::size_t k = 0; k < (i % 7 == 0 ? 20000u : 10u); ++k) spin = spin + k;
          --in_flight;
          return i * 10;
        },
        [&](std::size_t&& item) {
          taken.push_back(item);
          return true;
        });
    REQUIRE(taken.size() == 200);
    for (std::size_t i = 0; i < taken.size(); ++i) REQUIRE(taken[i] == i * 10);
    CHECK(most_in_flight <= std::max<std::size_t>(threads, 3));
  }
  std::size_t none = 0;
  in_order(
      0, 2, 4, [](std::size_t i) { return i; }, [&](std::size_t&&) { return ++none > 0; });
  CHECK(none == 0);
}

TEST_CASE("in_order stops when take says so, and makes at most a window beyond it", "[pledges][ordered]") {
  std::atomic<std::size_t> made = 0;
  std::vector<int> taken;
  in_order(
      1000, 2, 4,
      [&](std::size_t i) {
        ++made;
        return static_cast<int>(i);
      },
      [&](int&& item) {
        taken.push_back(item);
        return item < 9;
      });
  CHECK(taken == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
  CHECK(made <= 10 + 4);
}

TEST_CASE("in_order rethrows a failure of make in place of its item, after the items before it", "[pledges][ordered]") {
  for (const std::size_t threads : {1u, 3u}) {
    std::vector<int> taken;
    CHECK_THROWS_WITH(in_order(
                          50, threads, 4,
                          [](std::size_t i) {
                            if (i == 20) throw std::runtime_error("item 20 failed");
                            return static_cast<int>(i);
                          },
                          [&](int&& item) {
                            taken.push_back(item);
                            return true;
                          }),
                      "item 20 failed");
    CHECK(taken.size() == 20);
  }
  // A failure of take stops the threads and propagates.
  CHECK_THROWS_WITH(in_order(
                        50, 2, 4, [](std::size_t i) { return i; },
                        [](std::size_t&& item) -> bool {
                          if (item == 5) throw std::runtime_error("cannot write");
                          return true;
                        }),
                    "cannot write");
}
