// The six catalogues compiled into p2c: all readable, none with a broken translation, every economy of the bundled
// reference data named in every language.
#include "bundled_catalogues.h"

#include <catch2/catch.hpp>
#include <fstream>

#include "p2c/csv.h"

TEST_CASE("the bundled catalogues are the six UN languages, none with a broken entry", "[catalogue][service]") {
  const auto& catalogues = p2c::service::bundled_catalogues();
  std::vector<std::string> codes;
  for (const auto& language : catalogues.languages()) codes.push_back(language.code);
  CHECK(codes == std::vector<std::string>{"ar", "en", "es", "fr", "ru", "zh"});
  CHECK(catalogues.find("ar")->direction == "rtl");
  CHECK(catalogues.find("fr")->direction == "ltr");
  CHECK(catalogues.problems().empty());
  CHECK(catalogues.message_count() > 100);
}

TEST_CASE("every economy of the bundled reference data has a name in each UN language", "[catalogue][service]") {
  const auto& catalogues = p2c::service::bundled_catalogues();
  std::ifstream in(std::string(P2C_SOURCE_DIR) + "/config/reference/economies.csv");
  p2c::CsvReader reader(in, "economies.csv");
  std::vector<std::string> fields;
  REQUIRE(reader.next(fields));
  std::size_t economies = 0;
  while (reader.next(fields)) {
    ++economies;
    for (const char* lang : {"ar", "es", "fr", "ru", "zh"}) {
      INFO(fields[0] << " in " << lang);
      CHECK(catalogues.economy(lang, fields[0]).has_value());
    }
  }
  CHECK(economies == 248);
  CHECK(catalogues.economy("fr", "NPL") == "Népal");
  CHECK(catalogues.economy("ar", "NPL") == "نيبال");
  CHECK(catalogues.economy("zh", "NPL") == "尼泊尔");
}
