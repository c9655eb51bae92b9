#include "report/report_locale.h"

#include <fmt/format.h>

namespace p2c::report {
Locale::Locale(const host::Catalogues& catalogues, std::string_view code) : catalogues_(&catalogues) {
  const host::Language* language = catalogues.find(code);
  if (!language)
    throw UnknownLanguage(fmt::format("no report language '{}': expected one of {}", code, catalogues.codes()));
  language_ = *language;
  // Marks are the catalogue's, not C++'s: a translator sets them with the words.
  decimal_mark_ = text("report.number.decimal_mark");
  thousands_separator_ = text("report.number.thousands_separator");
  scales_ = host::parse_number_scales(text("number.scales"));
}

std::string Locale::text(std::string_view key, Args args) const {
  std::string out = catalogues_->message(language_.code, key);
  for (const auto& [name, value] : args) {
    const std::string placeholder = fmt::format("{{{}}}", name);
    // Filled left to right past each value, so that a value holding "{x}" is never filled in itself.
    for (std::size_t at = out.find(placeholder); at != std::string::npos; at = out.find(placeholder, at)) {
      out.replace(at, placeholder.size(), value);
      at += value.size();
    }
  }
  return out;
}

std::string Locale::word(std::string_view prefix, std::string_view word) const {
  const std::string key = fmt::format("{}{}", prefix, word);
  std::string out = catalogues_->message(language_.code, key);
  if (out != key) return out;
  out = std::string(word);
  for (char& c : out)
    if (c == '_') c = ' ';
  return out;
}

std::string Locale::list(const std::vector<std::string>& items) const {
  return fmt::format("{}", fmt::join(items, text("list.separator")));
}

std::string Locale::number(std::string_view ascii) const {
  std::string out;
  for (const char c : ascii) {
    if (c == '.')
      out += decimal_mark_;
    else if (c == ',')
      out += thousands_separator_;
    else
      out += c;
  }
  return out;
}

std::string Locale::unit(std::string_view english) const {
  return catalogues_->unit(language_.code, english).value_or(std::string(english));
}

std::string Locale::metric(std::string_view id, std::string_view english) const {
  return catalogues_->metric(language_.code, id).value_or(std::string(english));
}

std::string Locale::entity(std::string_view code, std::string_view english) const {
  if (auto name = catalogues_->economy(language_.code, code)) return *name;
  if (auto name = catalogues_->group_short(language_.code, code)) return *name;
  if (auto name = catalogues_->group(language_.code, code)) return *name;
  return std::string(english);
}

std::string Locale::reason(const std::string& english) const { return catalogues_->reason(language_.code, english); }

}  // namespace p2c::report
