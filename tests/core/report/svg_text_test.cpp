// Text cut to fit the report's static charts: estimated widths, cuts at letter boundaries, the whole in a <title>.
#include "report/svg_text.h"

#include <catch2/catch.hpp>

using p2c::report::fitted_text;
using p2c::report::text_width;

TEST_CASE("text widths are estimated per letter, ideographs an em", "[svg_text]") {
  CHECK(text_width("abcd", 10) == Approx(24));
  CHECK(text_width("a b", 10) == Approx(15));
  CHECK(text_width("尼泊尔", 10) == Approx(30));
  CHECK(text_width("نيبال", 10) == Approx(30));  // five Arabic letters, two bytes each
  CHECK(text_width("abcd", 10, true) > text_width("abcd", 10));
}

TEST_CASE("text that fits is only escaped, text that does not is cut with an ellipsis and its whole in a title",
          "[svg_text]") {
  CHECK(fitted_text("A & B", 100, 10) == "A &amp; B");
  CHECK(fitted_text("Least Developed Countries", 60, 10) == "Least Dev…<title>Least Developed Countries</title>");
  // Never inside a multi-byte letter: the cut keeps whole code points.
  const std::string cut = fitted_text("البلدان النامية غير الساحلية", 40, 10);
  CHECK(cut.rfind("البلد…<title>", 0) == 0);
  CHECK(fitted_text("小岛屿发展中国家", 35, 10).rfind("小岛…<title>", 0) == 0);
  // A space before the cut is dropped, not left before the ellipsis.
  CHECK(fitted_text("World and UN lists", 42, 10).rfind("World…", 0) == 0);
}
