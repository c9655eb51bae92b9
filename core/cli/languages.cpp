#include "languages.h"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "reference.h"
#include "report/section_helpers.h"

namespace p2c::cli {
namespace {

// A derived metric's title is its base's with a fixed ending: translating the base translates it.
bool is_derived(const std::string& id) {
  return std::any_of(report::derived_suffixes.begin(), report::derived_suffixes.end(),
                     [&](const char* suffix) { return id.ends_with(suffix); });
}

struct Missing {
  std::string kind;
  std::vector<std::pair<std::string, std::string>> entries;  // key, English
  std::size_t total = 0;
};

void print(std::ostream& out, const Missing& missing) {
  out << fmt::format("{}: {} of {} in English\n", missing.kind, missing.entries.size(), missing.total);
  for (const auto& [key, english] : missing.entries) out << fmt::format("  {}: {}\n", key, english);
}

}  // namespace

bool print_missing_translations(std::ostream& out, const host::Catalogues& catalogues, const std::string& lang,
                                const host::Config& config, const std::vector<CatalogueEntry>& metrics) {
  const host::Language* language = catalogues.find(lang);
  if (!language) {
    out << fmt::format("no catalogue for language '{}': expected one of {}\n", lang, catalogues.codes());
    return false;
  }
  out << fmt::format("language {} ({}, {})\n", language->code, language->name, language->direction);
  if (lang == "en") {
    out << "English is the language of the plugins and the reference data: nothing falls back.\n";
    return true;
  }
  Missing messages{"messages", {}, 0};
  const auto keys = catalogues.missing_messages(lang);
  for (const auto& key : keys) messages.entries.emplace_back(key, catalogues.message("en", key));
  messages.total = catalogues.message_count();
  Missing titles{"metric titles", {}, 0};
  for (const auto& metric : metrics) {
    if (is_derived(metric.id)) continue;
    ++titles.total;
    if (!catalogues.metric(lang, metric.id)) titles.entries.emplace_back(metric.id, metric.info.title);
  }
  Missing groups{"group names", {}, 0};
  Missing economies{"economy names", {}, 0};
  if (config.reference) {
    const host::Reference reference = host::Reference::load(*config.reference);
    for (const auto& group : reference.groups()) {
      ++groups.total;
      if (!catalogues.group(lang, group.code)) groups.entries.emplace_back(group.code, group.name);
    }
    for (std::size_t i = 0; i < reference.economies().size(); ++i) {
      ++economies.total;
      if (!catalogues.economy(lang, reference.economies()[i]))
        economies.entries.emplace_back(reference.economies()[i], reference.economy_names()[i]);
    }
  }
  for (const Missing* missing : {&messages, &titles, &groups, &economies}) print(out, *missing);
  for (const auto& problem : catalogues.problems())
    if (problem.code == lang) out << "left out: " << problem.text << "\n";
  return true;
}

}  // namespace p2c::cli
