// The language a report is written in: its words from the language catalogue (catalogue.h), English where the
// language lacks one, and its numbers with the language's decimal mark and thousands separator. The report's code
// holds no reader-facing English: it asks this for messages by key ("report.*", and the dashboard's where they say
// the same thing), so that a translator changes the report by editing core/web/i18n/<code>.json.
#pragma once

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalogue.h"

namespace p2c::report {

/// A language without a catalogue; the message lists the languages there are.
class UnknownLanguage : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class Locale {
 public:
  /// Values put into a message's {placeholders}, by name.
  using Args = std::initializer_list<std::pair<std::string_view, std::string>>;

  /// Throws UnknownLanguage when `catalogues` has no language `code`. The catalogues must outlive the locale.
  Locale(const host::Catalogues& catalogues, std::string_view code);

  const std::string& code() const noexcept { return language_.code; }
  const std::string& direction() const noexcept { return language_.direction; }

  /// The message `key` with each {name} of `args` filled in.
  std::string text(std::string_view key, Args args = {}) const;
  /// The message `prefix` + `word` ("status." "on_track"), or, when no catalogue has it, the word with its
  /// underscores as spaces: vocabularies grow in plugins and registries before their catalogues do.
  std::string word(std::string_view prefix, std::string_view word) const;
  /// Items joined with the language's list separator.
  std::string list(const std::vector<std::string>& items) const;

  /// A number written in the "1,234.5" form, in the language's marks ("1 234,5" in French).
  std::string number(std::string_view ascii) const;

  /// The words large numbers are counted in, largest first: "bn" for 1e9 and "m" for 1e6 in English, "亿" for 1e8
  /// and "万" for 1e4 in Chinese (the message `number.scales`).
  const std::vector<host::NumberScale>& scales() const noexcept { return scales_; }

  /// What readers of this language call a unit, a metric, an entity (economy, group: the short form of the UN lists
  /// first); `english`, from the run or the reference data, where the catalogue has nothing.
  std::string unit(std::string_view english) const;
  std::string metric(std::string_view id, std::string_view english) const;
  std::string entity(std::string_view code, std::string_view english) const;
  /// A reason the run stored in English (withheld, estimated, too old), in this language where it is one of the
  /// host's own (host::Catalogues::reason).
  std::string reason(const std::string& english) const;

 private:
  const host::Catalogues* catalogues_;
  host::Language language_;
  std::string decimal_mark_;
  std::string thousands_separator_;
  std::vector<host::NumberScale> scales_;
};

}  // namespace p2c::report
