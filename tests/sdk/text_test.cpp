#include "p2c/text.h"

#include <catch2/catch.hpp>
#include <string>

TEST_CASE("valid_utf8 accepts well-formed UTF-8 and refuses the rest", "[sdk][text]") {
  CHECK(p2c::valid_utf8(""));
  CHECK(p2c::valid_utf8("Côte d’Ivoire, 中国, \xF0\x9F\x8C\x8D"));
  CHECK_FALSE(p2c::valid_utf8("\xff\xfe"));
  CHECK_FALSE(p2c::valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(p2c::valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate
  CHECK_FALSE(p2c::valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(p2c::valid_utf8("ab\xE2\x82"));        // cut short
  CHECK(p2c::invalid_utf8_at("abc\xffz") == 3);
  CHECK(p2c::invalid_utf8_at("abc") == std::string::npos);
}

TEST_CASE("printable escapes control bytes and invalid UTF-8 and truncates", "[sdk][text]") {
  CHECK(p2c::printable("Niño") == "Niño");
  CHECK(p2c::printable(std::string("a\0b\x1b[2Jc\n", 9)) == "a\\x00b\\x1b[2Jc\\n");
  CHECK(p2c::printable("\xff\xfe") == "\\xff\\xfe");
  CHECK(p2c::printable("\xC2\x9B"
                       "31m") == "\\xc2\\x9b31m");
  const std::string huge(50'000'000, 'x');
  const std::string shown = p2c::printable(huge);
  CHECK(shown.size() < 120);
  CHECK(shown.ends_with("... (50000000 bytes in all)"));
  CHECK(p2c::printable("abcdef", 3) == "abc... (6 bytes in all)");
}
