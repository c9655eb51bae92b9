// The report's first section, "At a glance": the few figures a reader comes for (Internet use in the world and in
// the LDCs, LLDCs and SIDS, people offline, the coalition's pledges), each with its year and how much of it is
// observed, before the series and methods. Metrics are found by plugin and name, whatever the instance is called.
#include <fmt/format.h>

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

Section summary_section(const Index& index) {
  Section section{"summary", "At a glance", {}, {}, {}};
  section.notes.push_back(
      "The headline figures of this run, each with the year it is from and how much of it is observed. The sections "
      "below give the series against the 2030 targets; the run's details (id, config, plugin versions) are at the "
      "end.");
  if (const std::string internet = metric_id(index, "sdg_17_8", "internet_users"); !internet.empty())
    for (const auto& [code, name] : {std::pair{"WLD", "the world"}, std::pair{"LDC", "the LDCs"},
                                     std::pair{"LLDC", "the LLDCs"}, std::pair{"SIDS", "SIDS"}})
      section.cards.push_back(figure_card(index, internet, code, fmt::format("Internet use, {}", name)));
  if (const std::string offline = metric_id(index, "sdg_17_8", "offline_population"); !offline.empty())
    section.cards.push_back(figure_card(index, offline, "WLD", "People offline, the world"));
  for (const auto& [name, label] : {std::pair{"count_gross", "Partner2Connect pledges, gross"},
                                    std::pair{"value_usd_gross", "Estimated value pledged, gross"}})
    if (const std::string pledges = metric_id(index, "pledges", name); !pledges.empty())
      section.cards.push_back(figure_card(index, pledges, "WLD", label));
  section.empty_message =
      "This run computes none of the headline figures (Internet use and people offline of the sdg_17_8 plugin, "
      "pledges of the pledges plugin).";
  return section;
}

}  // namespace p2c::report
