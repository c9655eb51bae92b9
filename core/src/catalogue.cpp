#include "catalogue.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>

#include "p2c/csv.h"
#include "p2c/json.h"

namespace p2c::host {
namespace {

constexpr std::string_view english = "en";
constexpr std::string_view names_file = "economy-names.csv";
constexpr std::string_view number_scales = "number.scales";

// "{year} of {total}" -> {"year", "total"}: the values a program puts into the sentence.
std::set<std::string, std::less<>> placeholders(std::string_view text) {
  std::set<std::string, std::less<>> names;
  for (std::size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
    const std::size_t close = text.find('}', open);
    if (close == std::string_view::npos) break;
    names.emplace(text.substr(open + 1, close - open - 1));
  }
  return names;
}

Words read_words(const nlohmann::json& object, const std::string& where) {
  Words words;
  if (!object.is_object()) throw CatalogueError(where + ": expected an object of names and texts");
  for (const auto& [key, value] : object.items()) {
    if (!value.is_string())
      throw CatalogueError(where + "." + key + ": expected a text in quotes, found " + value.dump());
    words.emplace(key, value.get<std::string>());
  }
  return words;
}

// "fr" of "fr.json" or of "/etc/p2c/i18n/fr.json".
std::string_view base_name(std::string_view path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// A BCP 47 language tag as p2c writes it into <html lang>: "fr", "pt-BR", "zh-Hant". Anything else in a file name
// is a mistake, and must not reach the page's markup.
bool is_language_code(std::string_view code) {
  static const std::regex tag("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");
  return std::regex_match(code.begin(), code.end(), tag);
}

// One file of a language; several files of one language are read in order, each adding to and replacing what the
// ones before it said.
struct ParsedLanguage {
  std::string file;                  // as given, for messages
  std::optional<Language> language;  // the file's own `language` block; optional after the first file of a language
  nlohmann::json sections;
};

ParsedLanguage read_language(const CatalogueFile& file, const std::string& code) {
  nlohmann::json document;
  try {
    document = parse_json(file.text);
  } catch (const JsonError& e) {
    throw CatalogueError(file.name + ":" + std::to_string(e.line()) + ":" + std::to_string(e.column()) + ": " +
                         e.problem());
  }
  if (!document.is_object()) throw CatalogueError(file.name + ": expected a JSON object");
  static const std::set<std::string, std::less<>> known{"language",     "messages", "groups",
                                                        "groups_short", "units",    "metrics"};
  for (const auto& [key, value] : document.items())
    if (!known.count(key))
      throw CatalogueError(file.name + ": unknown section '" + key +
                           "': expected language, messages, groups, groups_short, units or metrics");
  ParsedLanguage parsed{file.name, std::nullopt, {}};
  if (document.contains("language")) {
    const Words about = read_words(document["language"], file.name + ": language");
    const auto name = about.find("name");
    const auto direction = about.find("direction");
    if (name == about.end() || name->second.empty())
      throw CatalogueError(file.name + ": language.name: expected the language's name in itself, e.g. \"Français\"");
    if (direction == about.end() || (direction->second != "ltr" && direction->second != "rtl"))
      throw CatalogueError(file.name + ": language.direction: expected \"ltr\" or \"rtl\"");
    parsed.language = Language{code, name->second, direction->second};
  }
  parsed.sections = std::move(document);
  return parsed;
}

// economy-names.csv: iso3, then one column per language code.
void read_economy_names(const CatalogueFile& file, std::map<std::string, Words, std::less<>>& by_code) {
  std::istringstream in{std::string(file.text)};
  CsvReader reader(in, file.name);
  std::vector<std::string> header;
  if (!reader.next(header) || header.empty() || header[0] != "iso3")
    throw CatalogueError(file.name + ":1: expected a header starting with iso3, then language codes");
  std::vector<std::string> fields;
  while (reader.next(fields)) {
    if (fields.size() != header.size())
      throw CatalogueError(reader.where() + ": expected " + std::to_string(header.size()) + " fields, found " +
                           std::to_string(fields.size()));
    for (std::size_t i = 1; i < header.size(); ++i)
      if (header[i] != "source" && !fields[i].empty()) by_code[header[i]].insert_or_assign(fields[0], fields[i]);
  }
}

// "interpolated between {from} and {to}" -> the regular expression of the text it makes, each placeholder a group.
std::pair<std::regex, std::vector<std::string>> pattern_of(std::string_view text) {
  std::string expression;
  std::vector<std::string> names;
  for (std::size_t at = 0; at < text.size(); ++at) {
    const std::size_t close = text[at] == '{' ? text.find('}', at) : std::string_view::npos;
    if (close != std::string_view::npos) {
      names.emplace_back(text.substr(at + 1, close - at - 1));
      expression += "(.+?)";
      at = close;
    } else {
      if (std::string_view("\\^$.|?*+()[]{}").find(text[at]) != std::string_view::npos) expression += '\\';
      expression += text[at];
    }
  }
  return {std::regex(expression), std::move(names)};
}

// The message `text` with each {name} replaced by its value.
std::string filled(std::string text, const std::vector<std::string>& names, const std::smatch& values) {
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string placeholder = "{" + names[i] + "}";
    for (std::size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at))
      text.replace(at, placeholder.size(), values[i + 1].str()), at += values[i + 1].length();
  }
  return text;
}

std::optional<std::string> lookup(const Words& words, std::string_view key) {
  const auto found = words.find(key);
  if (found == words.end()) return std::nullopt;
  return found->second;
}

nlohmann::json as_json(const Words& words) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, value] : words) object[key] = value;
  return object;
}

}  // namespace

Catalogues Catalogues::parse(std::span<const CatalogueFile> files) {
  Catalogues catalogues;
  std::map<std::string, std::vector<ParsedLanguage>, std::less<>> by_code;  // each language's files, in order
  std::map<std::string, Words, std::less<>> economy_names;
  for (const CatalogueFile& file : files) {
    const std::string_view base = base_name(file.name);
    if (base == names_file) {
      read_economy_names(file, economy_names);
    } else if (base.size() > 5 && base.ends_with(".json")) {
      const std::string code(base.substr(0, base.size() - 5));
      if (!is_language_code(code))
        throw CatalogueError(file.name + ": '" + code +
                             "' is not a language code: name the file after one, e.g. fr.json or pt-BR.json");
      by_code[code].push_back(read_language(file, code));
    }
  }
  const auto english_files = by_code.find(english);
  if (english_files == by_code.end()) throw CatalogueError("en.json: missing; every language falls back to English");
  Words english_messages;
  for (const ParsedLanguage& p : english_files->second)
    for (auto& [key, text] : read_words(p.sections.value("messages", nlohmann::json::object()), p.file + ": messages"))
      english_messages.insert_or_assign(key, std::move(text));

  if (const auto scales = english_messages.find(number_scales);
      scales != english_messages.end() && parse_number_scales(scales->second).empty())
    throw CatalogueError("en.json: messages." + std::string(number_scales) +
                         ": expected divisors and words such as \"1e9 bn; 1e6 m\"");
  for (const auto& [key, text] : english_messages)
    if (key.starts_with("reason.")) {
      auto [expression, names] = pattern_of(text);
      catalogues.reason_patterns_.push_back({key, std::move(expression), std::move(names)});
    }

  for (auto& [code, parts] : by_code) {
    std::optional<Language> language;
    Entries entries;
    for (ParsedLanguage& p : parts) {
      if (p.language) language = std::move(p.language);
      auto section = [&](std::string_view name) {
        const std::string key(name);
        return read_words(p.sections.value(key, nlohmann::json::object()), p.file + ": " + key);
      };
      for (auto& [key, text] : section("messages")) {
        const auto source = english_messages.find(key);
        if (source == english_messages.end()) {
          catalogues.problems_.push_back({code, p.file + ": messages." + key + ": no such English message; left out"});
        } else if (placeholders(source->second) != placeholders(text)) {
          catalogues.problems_.push_back(
              {code, p.file + ": messages." + key +
                         ": its {placeholders} differ from the English text's; the one before it or English is shown"});
        } else if (key == number_scales && parse_number_scales(text).empty()) {
          catalogues.problems_.push_back({code, p.file + ": messages." + key +
                                                    ": expected divisors and words such as \"1e9 bn; 1e6 m\"; the "
                                                    "one before it or English is shown"});
        } else {
          entries.messages.insert_or_assign(key, std::move(text));
        }
      }
      for (auto [name, words] :
           {std::pair{"groups", &Entries::groups}, std::pair{"groups_short", &Entries::groups_short},
            std::pair{"units", &Entries::units}, std::pair{"metrics", &Entries::metrics}})
        for (auto& [key, text] : section(name)) (entries.*words).insert_or_assign(key, std::move(text));
    }
    if (!language)
      throw CatalogueError(parts.front().file +
                           ": language: expected {\"name\": ..., \"direction\": \"ltr\" or \"rtl\"}, which a language "
                           "p2c does not ship must give");
    if (auto names = economy_names.find(code); names != economy_names.end())
      entries.economies = std::move(names->second);
    catalogues.by_code_.emplace(code, std::move(entries));
    catalogues.languages_.push_back(std::move(*language));
  }
  return catalogues;
}

std::vector<NumberScale> parse_number_scales(std::string_view text) {
  std::vector<NumberScale> scales;
  while (!text.empty()) {
    const std::size_t end = std::min(text.find(';'), text.size());
    std::string part(text.substr(0, end));
    text.remove_prefix(std::min(end + 1, text.size()));
    part.erase(0, part.find_first_not_of(' '));
    const std::size_t space = part.find(' ');
    if (space == std::string::npos) return {};
    char* rest = nullptr;
    const double divisor = std::strtod(part.c_str(), &rest);
    if (rest != part.c_str() + space || !(divisor > 1) || !std::isfinite(divisor)) return {};
    std::string word = part.substr(part.find_first_not_of(' ', space));
    word.erase(word.find_last_not_of(' ') + 1);
    if (word.empty()) return {};
    scales.push_back({divisor, std::move(word)});
  }
  std::sort(scales.begin(), scales.end(), [](const auto& a, const auto& b) { return a.divisor > b.divisor; });
  return scales;
}

const Language* Catalogues::find(std::string_view code) const {
  for (const Language& language : languages_)
    if (language.code == code) return &language;
  return nullptr;
}

std::string Catalogues::codes() const {
  std::string out;
  for (const Language& language : languages_) out += (out.empty() ? "" : ", ") + language.code;
  return out;
}

const Catalogues::Entries* Catalogues::entries(std::string_view code) const {
  const auto found = by_code_.find(code);
  return found == by_code_.end() ? nullptr : &found->second;
}

std::string Catalogues::message(std::string_view code, std::string_view key) const {
  for (const std::string_view language : {code, english})
    if (const Entries* e = entries(language))
      if (auto text = lookup(e->messages, key)) return *text;
  return std::string(key);
}

std::optional<std::string> Catalogues::name(std::string_view code, Words Entries::*section,
                                            std::string_view key) const {
  const Entries* e = entries(code);
  return e ? lookup(e->*section, key) : std::nullopt;
}

std::optional<std::string> Catalogues::group(std::string_view code, std::string_view group_code) const {
  return name(code, &Entries::groups, group_code);
}

std::optional<std::string> Catalogues::group_short(std::string_view code, std::string_view group_code) const {
  return name(code, &Entries::groups_short, group_code);
}

std::optional<std::string> Catalogues::unit(std::string_view code, std::string_view unit) const {
  return name(code, &Entries::units, unit);
}

std::optional<std::string> Catalogues::metric(std::string_view code, std::string_view metric_id) const {
  return name(code, &Entries::metrics, metric_id);
}

std::optional<std::string> Catalogues::economy(std::string_view code, std::string_view iso3) const {
  return name(code, &Entries::economies, iso3);
}

std::string Catalogues::reason(std::string_view code, const std::string& english) const {
  if (code == english || english.empty()) return english;  // the patterns are the English: nothing to match
  std::smatch values;
  for (const ReasonPattern& pattern : reason_patterns_)
    if (std::regex_match(english, values, pattern.english))
      return filled(message(code, pattern.key), pattern.names, values);
  return english;
}

std::string Catalogues::page_json(std::string_view code) const {
  const Entries* e = entries(code);
  const Language* language = find(code);
  if (!e || !language) throw CatalogueError("no catalogue for language '" + std::string(code) + "'");
  nlohmann::json languages = nlohmann::json::array();
  for (const Language& l : languages_)
    languages.push_back({{"code", l.code}, {"name", l.name}, {"direction", l.direction}});
  Words messages = entries(english)->messages;
  for (const auto& [key, text] : e->messages) messages[key] = text;
  nlohmann::json page{{"code", language->code},
                      {"name", language->name},
                      {"direction", language->direction},
                      {"languages", std::move(languages)},
                      {"messages", as_json(messages)},
                      {"groups", as_json(e->groups)},
                      {"groups_short", as_json(e->groups_short)},
                      {"units", as_json(e->units)},
                      {"metrics", as_json(e->metrics)},
                      {"economies", as_json(e->economies)}};
  // The English of the host's reasons, so that the dashboard finds their numbers as reason() does.
  nlohmann::json reasons = nlohmann::json::object();
  for (const ReasonPattern& pattern : reason_patterns_)
    reasons[pattern.key] = entries(english)->messages.at(pattern.key);
  page["reasons"] = std::move(reasons);
  return page.dump();
}

std::size_t Catalogues::message_count() const { return entries(english)->messages.size(); }

std::vector<std::string> Catalogues::missing_messages(std::string_view code) const {
  std::vector<std::string> missing;
  const Entries* e = entries(code);
  for (const auto& [key, text] : entries(english)->messages)
    if (!e || !e->messages.count(key)) missing.push_back(key);
  return missing;
}

}  // namespace p2c::host
