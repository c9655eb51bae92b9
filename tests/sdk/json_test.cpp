// parse_json: the strict JSON parser of every JSON input (depth, duplicate keys, UTF-8, number range, positions);
// json_escape and json_string_array, which write what it reads back.
#include "p2c/json.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace {

// The JsonError parse_json throws for `text`, or a test failure.
p2c::JsonError refusal(const std::string& text, std::size_t max_depth = p2c::json_max_depth) {
  try {
    p2c::parse_json(text, max_depth);
  } catch (const p2c::JsonError& e) {
    return e;
  }
  FAIL("no JsonError for " << text.substr(0, 100));
  throw std::logic_error("unreachable");
}

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("json: a document parses into the tree nlohmann would build") {
  const auto value =
      p2c::parse_json("\xEF\xBB\xBF{\"a\": [1, -2.5, \"x\", null, true], \"b\": {\"c\": 18446744073709551615}}");
  CHECK(value == nlohmann::json::parse(R"({"a": [1, -2.5, "x", null, true], "b": {"c": 18446744073709551615}})"));
  CHECK(p2c::parse_json("42") == 42);
}

TEST_CASE("json: nesting is limited, without recursing on a deep input") {
  CHECK_NOTHROW(p2c::parse_json(nested_arrays(p2c::json_max_depth)));
  const auto deep = refusal(nested_arrays(p2c::json_max_depth + 1));
  CHECK(deep.line() == 1);
  CHECK(deep.column() == p2c::json_max_depth + 1);  // the bracket that opens level 65
  CHECK_THAT(deep.what(), Catch::Contains("nested deeper than 64 levels"));

  // 200,000 levels crashed the process (stack overflow) before the limit; now they are one ordinary refusal.
  const auto attack = refusal("{\"percent_complete\": " + nested_arrays(200000) + "}");
  CHECK_THAT(attack.what(), Catch::Contains("nested deeper than 64"));
  CHECK(std::string(attack.what()).size() < 300);

  CHECK_THROWS_AS(p2c::parse_json(nested_arrays(3), 2), p2c::JsonError);
}

TEST_CASE("json: a key twice in one object is refused with its position") {
  const auto twice = refusal("{\n  \"id\": \"a\",\n  \"id\": \"b\"\n}");
  CHECK(twice.line() == 3);
  CHECK(twice.column() == 6);  // just after the second "id"
  CHECK(twice.problem() == "the key \"id\" appears twice in one object; keep one");
  // The same key in different objects is fine.
  CHECK_NOTHROW(p2c::parse_json(R"([{"id": 1}, {"id": 2, "x": {"id": 3}}])"));
}

TEST_CASE("json: ill-formed UTF-8 and numbers beyond a double are refusals, not other exceptions") {
  CHECK_THAT(refusal("[\"Caf\xE9\"]").what(), Catch::Contains("UTF-8"));
  CHECK_THAT(refusal("[\"\xFF\xFE\"]").what(), Catch::Contains("not valid JSON at line 1"));
  const auto overflow = refusal("{\"disbursed_usd\": 1e309}");
  CHECK(overflow.problem() == "a number beyond the range of a double: '1e309'");
  CHECK_THROWS_AS(p2c::parse_json("-" + std::string(400, '9')), p2c::JsonError);
}

TEST_CASE("json: syntax errors carry line and column, and quote at most a bounded part of the input") {
  const auto error = refusal("[1,\n 2,\n tru]");
  CHECK(error.line() == 3);
  CHECK_THAT(error.what(), Catch::StartsWith("not valid JSON at line 3, column"));
  CHECK_THROWS_AS(p2c::parse_json("[1] 2"), p2c::JsonError);
  CHECK_THROWS_AS(p2c::parse_json(""), p2c::JsonError);

  // An unterminated string of 1 MB with a control character: nlohmann's message would quote all of it.
  const auto huge = refusal("[\"" + std::string(1 << 20, 'x') + "\x01");
  CHECK(std::string(huge.what()).size() < 400);
  CHECK_THAT(huge.what(), Catch::Contains("bytes in all"));
}

TEST_CASE("json: the elements of a top-level array can be taken one at a time") {
  std::vector<std::pair<nlohmann::json, std::size_t>> seen;
  const auto rest = p2c::parse_json(R"([{"a": [1]}, 2, "three"])", [&](nlohmann::json&& element, std::size_t position) {
    seen.emplace_back(std::move(element), position);
  });
  CHECK(rest == nlohmann::json::array());
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].first == nlohmann::json::parse(R"({"a": [1]})"));
  CHECK(seen[1] == std::pair<nlohmann::json, std::size_t>{2, 2});
  CHECK(seen[2].second == 3);

  const auto object = p2c::parse_json(R"({"a": 1})", [&](nlohmann::json&&, std::size_t) { FAIL("not an array"); });
  CHECK(object == nlohmann::json{{"a", 1}});
  CHECK_THROWS_AS(p2c::parse_json(R"([{"a": 1, "a": 2}])", [](nlohmann::json&&, std::size_t) {}), p2c::JsonError);
}

TEST_CASE("json: json_excerpt quotes scalars, bounds strings and never dumps containers") {
  CHECK(p2c::json_excerpt(nlohmann::json(-3.5)) == "-3.5");
  CHECK(p2c::json_excerpt(nlohmann::json(nullptr)) == "null");
  CHECK(p2c::json_excerpt(nlohmann::json("a\nb")) == "\"a\\nb\"");
  CHECK(p2c::json_excerpt(nlohmann::json(std::string(100000, 'x'))).size() < 150);
  CHECK(p2c::json_excerpt(nlohmann::json::array({1, 2, 3})) == "an array of 3 element(s)");
  CHECK(p2c::json_excerpt(nlohmann::json::object({{"a", 1}})) == "an object of 1 key(s)");
}

TEST_CASE("json_string_array writes what the strict parser reads back", "[sdk][json]") {
  CHECK(p2c::json_string_array({}) == "[]");
  CHECK(p2c::json_string_array({"KEN", "UGA"}) == "[\"KEN\",\"UGA\"]");
  CHECK(p2c::json_escape("a\"b\\c\n\r\t\x01\x1f\x7f é") == "a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f\x7f é");
  const std::vector<std::string> awkward = {"", "quote \" and \\ backslash", "line\nbreak\b\f", "\xe2\x82\xac 10",
                                            std::string("nul\0inside", 10)};
  CHECK(p2c::parse_json(p2c::json_string_array(awkward)).get<std::vector<std::string>>() == awkward);
}

TEST_CASE("json_number_object reads an object of numbers in its order, as the strict parser would accept it",
          "[sdk][json]") {
  using Pairs = std::vector<std::pair<std::string, double>>;
  CHECK(p2c::json_number_object("{}") == Pairs{});
  CHECK(p2c::json_number_object(R"({"T2":1200,"T1":80.25,"x":-0.5e2,"y":0,"z":1E+3})") ==
        Pairs{{"T2", 1200}, {"T1", 80.25}, {"x", -50}, {"y", 0}, {"z", 1000}});
  // Escaped keys and spacing go through the strict parser; the order is still the object's.
  CHECK(p2c::json_number_object(" { \"b\\\"q\" : 2 , \"a\\u00e9\": 1 }\n") == Pairs{{"b\"q", 2}, {"a\xc3\xa9", 1}});
  CHECK(p2c::json_number_object("{\"T 1|a=b#%\":-2}") == Pairs{{"T 1|a=b#%", -2}});

  // Not such an object: nothing, whichever path reads it.
  for (const std::string bad : {"",
                                "[]",
                                "{",
                                "null",
                                "{\"a\":\"1\"}",
                                "{\"a\":[1]}",
                                "{\"a\":1,}",
                                "{\"a\":1} x",
                                "{\"a\":1,\"a\":2}",
                                "{\"a\" : 1, \"a\" : 2}",
                                "{\"a\":1e999}",
                                "{\"a\":01}",
                                "{\"a\":1.}",
                                "{\"a\":.5}",
                                "{\"a\":+1}",
                                "{\"a\":NaN}",
                                "{\"a\":inf}",
                                "{a:1}",
                                "{\"\xff\":1}",
                                "{\"a\x01\":1}",
                                "{\"a\":1}}"}) {
    INFO(bad);
    CHECK_FALSE(p2c::json_number_object(bad));
  }
}
