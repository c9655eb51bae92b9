// The words p2c shows readers, in the six UN languages: the dashboard's and the report's own text, and the names of
// groups, units, metrics and economies. A catalogue per language (core/web/i18n/<code>.json, formats in
// docs/languages.md) that a translator edits without touching C++; economies' names come from the UN Terminology
// Database (economy-names.csv). Anything a language lacks falls back to English, and `p2c check --lang` lists it.
#pragma once

#include <map>
#include <optional>
#include <regex>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace p2c::host {

/// A catalogue file that cannot be read; the message starts with the file (and line and column where known).
class CatalogueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// One catalogue file: "fr.json", "economy-names.csv"; the name may be a path ("/etc/p2c/i18n/fr.json"), which
/// messages then give.
struct CatalogueFile {
  std::string name;
  std::string_view text;
};

/// An entry left out while reading, and the language it was for.
struct CatalogueProblem {
  std::string code;  ///< "fr"
  std::string text;  ///< "fr.json: messages.key: ..."
};

struct Language {
  std::string code;       ///< "ar", "en", ...
  std::string name;       ///< in the language itself: "العربية"
  std::string direction;  ///< "ltr" or "rtl"
};

/// A word large numbers are counted in: {1e9, "bn"}, {1e8, "亿"}.
struct NumberScale {
  double divisor;
  std::string word;
};

/// The message `number.scales` ("1e9 bn; 1e6 m": divisors above 1, each with its word) read, largest first; empty
/// when the text is not of that form (the catalogue leaves such a translation out).
std::vector<NumberScale> parse_number_scales(std::string_view text);

/// What readers call a metric, a unit or a group, keyed by its id, code or English text.
using Words = std::map<std::string, std::string, std::less<>>;

class Catalogues {
 public:
  /// Reads every `<code>.json` and `economy-names.csv` among `files`; `en.json` is required, as the fallback of
  /// all others. Several files of one language (the bundled one, then an operator's) are read in order, each
  /// adding entries and replacing those before it; only the first needs the `language` block. Throws
  /// CatalogueError for a file that is not a catalogue or is not named after a language code. A translated message
  /// whose placeholders ({year}) differ from the English one is left out, so that English shows, and reported by
  /// problems(): a sentence with a missing number would be worse than one in another language.
  static Catalogues parse(std::span<const CatalogueFile> files);

  /// Sorted by code.
  const std::vector<Language>& languages() const noexcept { return languages_; }
  const Language* find(std::string_view code) const;
  /// The language codes, comma-separated ("ar, en, es, fr, ru, zh"), for messages that name them.
  std::string codes() const;

  /// The message `key` in `code`; English where the language lacks it; the key itself where English does too.
  std::string message(std::string_view code, std::string_view key) const;
  /// A group's name ("Pays les moins avancés") or short form ("PMA"), a unit, a metric's title, an economy's
  /// name: nothing where the language has none (the caller shows the English from the run or the reference).
  std::optional<std::string> group(std::string_view code, std::string_view group_code) const;
  std::optional<std::string> group_short(std::string_view code, std::string_view group_code) const;
  std::optional<std::string> unit(std::string_view code, std::string_view unit) const;
  std::optional<std::string> metric(std::string_view code, std::string_view metric_id) const;
  std::optional<std::string> economy(std::string_view code, std::string_view iso3) const;

  /// A reason the host wrote in English in a result ("interpolated between 2019 and 2021") in language `code`, when
  /// it follows one of the English messages `reason.*` (the host's own reasons, whose numbers are carried over);
  /// any other text, such as a plugin's own reason, as it is.
  std::string reason(std::string_view code, const std::string& english) const;

  /// The language as the dashboard reads it (GET /api/v1/i18n/{code}): one JSON object with the language, the
  /// list of languages, every English message with its translation where there is one, and the names.
  std::string page_json(std::string_view code) const;

  /// Entries left out while reading.
  const std::vector<CatalogueProblem>& problems() const noexcept { return problems_; }
  /// How many messages English has: every message the dashboard and the report show.
  std::size_t message_count() const;
  /// English message keys `code` has no translation of, sorted.
  std::vector<std::string> missing_messages(std::string_view code) const;

 private:
  struct Entries {
    Words messages, groups, groups_short, units, metrics, economies;
  };
  const Entries* entries(std::string_view code) const;
  std::optional<std::string> name(std::string_view code, Words Entries::*section, std::string_view key) const;

  struct ReasonPattern {
    std::string key;                 ///< "reason.interpolated"
    std::regex english;              ///< the English message, its {placeholders} captured
    std::vector<std::string> names;  ///< the placeholders, in the order captured
  };

  std::vector<ReasonPattern> reason_patterns_;
  std::vector<Language> languages_;
  std::map<std::string, Entries, std::less<>> by_code_;
  std::vector<CatalogueProblem> problems_;
};

}  // namespace p2c::host
