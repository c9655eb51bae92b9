// The report's first section, "At a glance": the few figures a reader comes for (Internet use in the world and in
// the LDCs, LLDCs and SIDS, people offline, the coalition's pledges), each with its year and how much of it is
// observed, before the series and methods. Metrics are found by plugin and name, whatever the instance is called.
#include <utility>

#include "report/figure_card.h"
#include "report/section_helpers.h"

namespace p2c::report {
namespace {

// The id of the first metric of `plugin` called `name` in the run; empty when there is none.
std::string metric_id(const Index& index, std::string_view plugin, std::string_view name) {
  for (const auto& metric : index.metrics())
    if (metric.plugin == plugin && metric.name == name) return metric.id;
  return "";
}

}  // namespace

Section summary_section(const Index& index, const Locale& locale) {
  Section section{"summary", locale.text("report.summary.title"), {}, {}, {}};
  section.notes.push_back(locale.text("report.summary.note"));
  // A label per group, not "Internet use, {group}": the language decides how "in the LDCs" reads.
  if (const std::string internet = metric_id(index, "sdg_17_8", "internet_users"); !internet.empty())
    for (const auto& [code, label] :
         {std::pair{"WLD", "report.summary.internet_world"}, std::pair{"LDC", "report.summary.internet_ldc"},
          std::pair{"LLDC", "report.summary.internet_lldc"}, std::pair{"SIDS", "report.summary.internet_sids"}})
      section.cards.push_back(figure_card(index, locale, internet, code, locale.text(label)));
  if (const std::string offline = metric_id(index, "sdg_17_8", "offline_population"); !offline.empty())
    section.cards.push_back(figure_card(index, locale, offline, "WLD", locale.text("report.summary.offline_world")));
  for (const auto& [name, label] :
       {std::pair{"count_gross", "report.summary.pledges"}, std::pair{"value_usd_gross", "report.summary.value"}})
    if (const std::string pledges = metric_id(index, "pledges", name); !pledges.empty())
      section.cards.push_back(figure_card(index, locale, pledges, "WLD", locale.text(label)));
  section.empty_message = locale.text("report.summary.none");
  return section;
}

}  // namespace p2c::report
