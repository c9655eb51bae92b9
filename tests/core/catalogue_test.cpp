// Language catalogues: English fallback, placeholders checked, files named in errors.
#include "catalogue.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace {

using p2c::host::CatalogueError;
using p2c::host::CatalogueFile;
using p2c::host::Catalogues;

const std::string english = R"({
  "language": {"name": "English", "direction": "ltr"},
  "messages": {"greeting": "Hello", "as_of": "data as of {year}", "only_english": "English only"},
  "groups_short": {"LDC": "LDCs"}
})";

const std::string french = R"({
  "language": {"name": "Français", "direction": "ltr"},
  "messages": {"greeting": "Bonjour", "as_of": "données de {annee}", "unknown": "inconnu"},
  "groups": {"LDC": "Pays les moins avancés"},
  "groups_short": {"LDC": "PMA"},
  "units": {"people": "personnes"},
  "metrics": {"sdg_17_8.internet_users": "Personnes utilisant Internet"}
})";

const std::string arabic =
    R"({"language": {"name": "العربية", "direction": "rtl"}, "messages": {"greeting": "مرحبا"}})";

const std::string names = "iso3,ar,fr,source\nNPL,نيبال,Népal,unterm\nABW,أروبا,,official_name\n";

Catalogues parse(std::vector<CatalogueFile> files) { return Catalogues::parse(files); }

Catalogues sample() {
  return parse({{"en.json", english}, {"fr.json", french}, {"ar.json", arabic}, {"economy-names.csv", names}});
}

}  // namespace

TEST_CASE("a language's messages fall back to English, then to the key", "[catalogue]") {
  const Catalogues catalogues = sample();
  CHECK(catalogues.message("fr", "greeting") == "Bonjour");
  CHECK(catalogues.message("fr", "only_english") == "English only");
  CHECK(catalogues.message("fr", "no.such.key") == "no.such.key");
  CHECK(catalogues.message("xx", "greeting") == "Hello");
  REQUIRE(catalogues.languages().size() == 3);
  CHECK(catalogues.languages()[0].code == "ar");
  CHECK(catalogues.find("ar")->direction == "rtl");
  CHECK(catalogues.find("de") == nullptr);
}

TEST_CASE("a translation whose placeholders differ from English is left out and reported", "[catalogue]") {
  const Catalogues catalogues = sample();
  CHECK(catalogues.message("fr", "as_of") == "data as of {year}");
  const auto& problems = catalogues.problems();
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].code == "fr");
  CHECK(problems[0].text.find("fr.json: messages.as_of: its {placeholders} differ") == 0);
  CHECK(problems[1].text.find("fr.json: messages.unknown: no such English message") == 0);
  CHECK(catalogues.missing_messages("fr") == std::vector<std::string>{"as_of", "only_english"});
  CHECK(catalogues.missing_messages("ar") == std::vector<std::string>{"as_of", "only_english"});
  CHECK(catalogues.message_count() == 3);
}

TEST_CASE("names of groups, units, metrics and economies come from the language only", "[catalogue]") {
  const Catalogues catalogues = sample();
  CHECK(catalogues.group("fr", "LDC") == "Pays les moins avancés");
  CHECK(catalogues.group_short("fr", "LDC") == "PMA");
  CHECK(catalogues.group_short("ar", "LDC") == std::nullopt);
  CHECK(catalogues.unit("fr", "people") == "personnes");
  CHECK(catalogues.metric("fr", "sdg_17_8.internet_users") == "Personnes utilisant Internet");
  CHECK(catalogues.metric("ar", "sdg_17_8.internet_users") == std::nullopt);
  CHECK(catalogues.economy("fr", "NPL") == "Népal");
  CHECK(catalogues.economy("ar", "ABW") == "أروبا");
  CHECK(catalogues.economy("fr", "ABW") == std::nullopt);  // empty in the file: the reference's English shows
}

TEST_CASE("the dashboard's page of a language holds every English message, translated where it can be", "[catalogue]") {
  const auto page = nlohmann::json::parse(sample().page_json("fr"));
  CHECK(page["code"] == "fr");
  CHECK(page["direction"] == "ltr");
  CHECK(page["languages"].size() == 3);
  CHECK(page["messages"]["greeting"] == "Bonjour");
  CHECK(page["messages"]["only_english"] == "English only");
  CHECK(page["messages"]["as_of"] == "data as of {year}");
  CHECK_FALSE(page["messages"].contains("unknown"));
  CHECK(page["economies"]["NPL"] == "Népal");
  CHECK(page["groups_short"]["LDC"] == "PMA");
  CHECK_THROWS_AS(sample().page_json("de"), CatalogueError);
}

TEST_CASE("a broken catalogue file is named with what is wrong", "[catalogue]") {
  auto message = [](std::vector<CatalogueFile> files) {
    try {
      Catalogues::parse(files);
    } catch (const CatalogueError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message({{"fr.json", french}}) == "en.json: missing; every language falls back to English");
  CHECK_THAT(message({{"en.json", "{\n  \"language\": {\"name\": \"English\",\n}"}}),
             Catch::StartsWith("en.json:3:1: "));
  CHECK(message({{"en.json", R"({"language": {"name": "English", "direction": "ltr"}, "words": {}})"}}) ==
        "en.json: unknown section 'words': expected language, messages, groups, groups_short, units or metrics");
  CHECK(message({{"en.json", R"({"language": {"name": "English", "direction": "up"}})"}}) ==
        "en.json: language.direction: expected \"ltr\" or \"rtl\"");
  CHECK(message({{"en.json", R"({"language": {"name": "English", "direction": "ltr"}, "messages": {"a": 1}})"}}) ==
        "en.json: messages.a: expected a text in quotes, found 1");
  CHECK(message({{"en.json", english}, {"economy-names.csv", "iso3,fr\nNPL\n"}}) ==
        "economy-names.csv:2: expected 2 fields, found 1");
  // The code goes into the page's <html lang>: a file name that is not one is refused.
  CHECK(message({{"en.json", english}, {"i18n/fr\">.json", french}}) ==
        "i18n/fr\">.json: 'fr\">' is not a language code: name the file after one, e.g. fr.json or pt-BR.json");
  CHECK(message({{"en.json", english}, {"/etc/p2c/i18n/pt-BR.json", R"({"messages": {"greeting": "Olá"}})"}}) ==
        "/etc/p2c/i18n/pt-BR.json: language: expected {\"name\": ..., \"direction\": \"ltr\" or \"rtl\"}, which a "
        "language p2c does not ship must give");
}

TEST_CASE("the words of large numbers are read largest first, and a broken list is left out", "[catalogue]") {
  const auto scales = p2c::host::parse_number_scales(" 1e4 万;1e8 亿 ");
  REQUIRE(scales.size() == 2);
  CHECK(scales[0].divisor == 1e8);
  CHECK(scales[0].word == "亿");
  CHECK(scales[1].word == "万");
  for (const char* broken : {"", "1e9", "bn 1e9", "1 one", "1e9 bn; ", "-1e6 m", "inf big"})
    CHECK(p2c::host::parse_number_scales(broken).empty());
  const std::string en = R"({"language": {"name": "English", "direction": "ltr"},
    "messages": {"number.scales": "1e9 bn; 1e6 m"}})";
  const std::string fr = R"({"language": {"name": "Français", "direction": "ltr"},
    "messages": {"number.scales": "Md 1e9"}})";
  const Catalogues catalogues = parse({{"en.json", en}, {"fr.json", fr}});
  CHECK(catalogues.message("fr", "number.scales") == "1e9 bn; 1e6 m");
  REQUIRE(catalogues.problems().size() == 1);
  CHECK_THAT(catalogues.problems()[0].text, Catch::StartsWith("fr.json: messages.number.scales: expected divisors"));
  CHECK_THROWS_WITH(parse({{"en.json", fr}}),
                    "en.json: messages.number.scales: expected divisors and words such as \"1e9 bn; 1e6 m\"");
}

TEST_CASE("an operator's files add to and replace the bundled ones, entry by entry", "[catalogue]") {
  const std::string french_fixes = R"json({
    "messages": {"greeting": "Salut", "only_english": "Seulement en anglais", "as_of": "du {mois}"},
    "metrics": {"ops.local_metric": "Indicateur local"},
    "groups_short": {"LDC": "PMA (ONU)"}
  })json";
  const std::string portuguese = R"({"language": {"name": "Português", "direction": "ltr"},
    "messages": {"greeting": "Olá"}})";
  const std::string more_names = "iso3,fr,pt-BR\nNPL,Népal (République fédérale),Nepal\n";
  const Catalogues catalogues = parse({{"en.json", english},
                                       {"fr.json", french},
                                       {"economy-names.csv", names},
                                       {"/etc/p2c/i18n/fr.json", french_fixes},
                                       {"/etc/p2c/i18n/pt-BR.json", portuguese},
                                       {"/etc/p2c/i18n/economy-names.csv", more_names}});
  CHECK(catalogues.codes() == "en, fr, pt-BR");
  CHECK(catalogues.find("fr")->name == "Français");  // the overlay needs no language block
  CHECK(catalogues.message("fr", "greeting") == "Salut");
  CHECK(catalogues.message("fr", "only_english") == "Seulement en anglais");
  CHECK(catalogues.metric("fr", "ops.local_metric") == "Indicateur local");
  CHECK(catalogues.metric("fr", "sdg_17_8.internet_users") == "Personnes utilisant Internet");  // kept
  CHECK(catalogues.group_short("fr", "LDC") == "PMA (ONU)");
  CHECK(catalogues.economy("fr", "NPL") == "Népal (République fédérale)");
  CHECK(catalogues.economy("pt-BR", "NPL") == "Nepal");
  CHECK(catalogues.message("pt-BR", "greeting") == "Olá");
  CHECK(catalogues.message("pt-BR", "only_english") == "English only");
  // A broken overlay entry is left out, named by its file: what was there before stays.
  CHECK(catalogues.message("fr", "as_of") == "data as of {year}");
  bool named = false;
  for (const auto& problem : catalogues.problems())
    named |= problem.text.starts_with("/etc/p2c/i18n/fr.json: messages.as_of: its {placeholders} differ");
  CHECK(named);
  CHECK(catalogues.missing_messages("fr") == std::vector<std::string>{"as_of"});
}

TEST_CASE("the host's English reasons are said in the language, their numbers carried over", "[catalogue]") {
  const std::string en = R"json({"language": {"name": "English", "direction": "ltr"}, "messages": {
    "reason.interpolated": "interpolated between {from} and {to}",
    "reason.withheld": "{observed} of {members} members reported in {year} ({share} % of the group's population)"}})json";
  const std::string fr = R"json({"language": {"name": "Français", "direction": "ltr"}, "messages": {
    "reason.interpolated": "interpolée entre {from} et {to}",
    "reason.withheld": "en {year}, {observed} membres sur {members} ({share} % de la population du groupe)"}})json";
  const Catalogues catalogues = parse({{"en.json", en}, {"fr.json", fr}, {"ar.json", arabic}});
  CHECK(catalogues.reason("fr", "interpolated between 2019 and 2021") == "interpolée entre 2019 et 2021");
  CHECK(catalogues.reason("fr", "181 of 248 members reported in 2023 (77 % of the group's population)") ==
        "en 2023, 181 membres sur 248 (77 % de la population du groupe)");
  CHECK(catalogues.reason("en", "interpolated between 2019 and 2021") == "interpolated between 2019 and 2021");
  // Not one of the host's: as it is. A language without the message: English.
  CHECK(catalogues.reason("fr", "input value -3 is negative") == "input value -3 is negative");
  CHECK(catalogues.reason("fr", "interpolation between 2019 and 2021") == "interpolation between 2019 and 2021");
  CHECK(catalogues.reason("ar", "interpolated between 2019 and 2021") == "interpolated between 2019 and 2021");
  CHECK(nlohmann::json::parse(catalogues.page_json("fr"))["reasons"]["reason.interpolated"] ==
        "interpolated between {from} and {to}");
}
