// Response compression: which clients get gzip, which bodies are worth it, and a body that decompresses to itself.
#include "gzip.h"

#include <catch2/catch.hpp>
#include <string>

#include "gunzip.h"

using p2c::service::accepts_gzip;
using p2c::service::worth_compressing;

TEST_CASE("gzip is sent only to clients that accept it", "[service][gzip]") {
  CHECK(accepts_gzip("gzip"));
  CHECK(accepts_gzip("gzip, deflate, br"));
  CHECK(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  CHECK(accepts_gzip(" x-gzip "));
  CHECK(accepts_gzip("*"));
  CHECK_FALSE(accepts_gzip(""));
  CHECK_FALSE(accepts_gzip("identity"));
  CHECK_FALSE(accepts_gzip("br, deflate"));
  CHECK_FALSE(accepts_gzip("gzip;q=0"));
  CHECK_FALSE(accepts_gzip("gzip;q=0.000"));
  CHECK_FALSE(accepts_gzip("gzip;q=nope"));
  CHECK_FALSE(accepts_gzip("gzipped"));
}

TEST_CASE("text of 1 KiB or more is worth compressing, other bodies are not", "[service][gzip]") {
  CHECK(worth_compressing("application/json", 1024));
  CHECK(worth_compressing("text/javascript; charset=utf-8", 50000));
  CHECK(worth_compressing("text/csv; charset=utf-8", 2000));
  CHECK(worth_compressing("image/svg+xml", 4096));
  CHECK_FALSE(worth_compressing("application/json", 1023));
  CHECK_FALSE(worth_compressing("image/png", 50000));
}

TEST_CASE("a gzip body decompresses to the body", "[service][gzip]") {
  std::string json = "[";
  for (int i = 0; i < 2000; ++i) json += R"({"metric":"sdg_17_8.internet_users","entity":"KEN","year":2023},)";
  json += "{}]";
  const std::string compressed = p2c::service::gzip(json);
  CHECK(compressed.size() < json.size() / 10);
  CHECK(compressed.substr(0, 2) == "\x1f\x8b");  // the gzip magic number
  CHECK(p2c::test::gunzip(compressed) == json);
  CHECK(p2c::test::gunzip(p2c::service::gzip("")).empty());
}
