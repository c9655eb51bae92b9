// The allocator of large buffers: small requests from the heap, large ones mapped on a 2 MiB boundary; both usable
// as ordinary memory by standard containers.
#include "p2c/huge_pages.h"

#include <catch2/catch.hpp>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

TEST_CASE("HugePageAllocator serves small and large containers", "[sdk][memory]") {
  std::vector<std::uint64_t, p2c::HugePageAllocator<std::uint64_t>> small(100);
  std::iota(small.begin(), small.end(), 0);
  CHECK(small[99] == 99);

  constexpr std::size_t large = (5u << 20) / sizeof(std::uint64_t);  // 5 MiB: mapped
  std::vector<std::uint64_t, p2c::HugePageAllocator<std::uint64_t>> big(large);
  CHECK(reinterpret_cast<std::uintptr_t>(big.data()) % (2u << 20) == 0);
  std::iota(big.begin(), big.end(), 0);
  CHECK(std::accumulate(big.begin(), big.end(), std::uint64_t{0}) == large * (large - 1) / 2);
  big.resize(large * 2);  // moved to a new mapping, the old one returned
  CHECK(big[large - 1] == large - 1);
  CHECK(big[2 * large - 1] == 0);

  std::basic_string<char, std::char_traits<char>, p2c::HugePageAllocator<char>> text(3u << 20, 'x');
  text += "end";
  CHECK(text.size() == (3u << 20) + 3);
  CHECK(text.substr(text.size() - 4) == "xend");
}
