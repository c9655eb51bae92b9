#include "sdg_4_4.h"

#include <fmt/format.h>

#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include "p2c/series_ops.h"

namespace p2c::plugins {
namespace {

constexpr p2c_option_spec options[] = {
    {"skills", P2C_OPTION_STRING, R"("unsdg.se_adt_acts")", 0,
     "Input series: % of youth and adults with ICT skills, by type of skill (UN SDG SE_ADT_ACTS), with the "
     "type_of_skill dimension kept and sex filtered to bothsex at the source (csv source options "
     "`dimensions = [\"type_of_skill\"]`, `filter = { sex = \"bothsex\" }`)"},
    {"skill_dimension", P2C_OPTION_STRING, R"("type_of_skill")", 0, "Dimension of the input that holds the skill"},
};

/// One ICT skill of SDG 4.4.1: its label in the UN SDG database, the metric it becomes and ITU's skill level.
struct Skill {
  const char* label;
  const char* metric;
  const char* title;
  const char* level;  ///< ITU's grouping: basic, standard or advanced
};

constexpr Skill kSkills[] = {
    {"arsp", "spreadsheet_formulas", "Individuals who used basic arithmetic formulas in a spreadsheet", "standard"},
    {"cmfl", "copy_move_files", "Individuals who copied or moved a file or folder", "basic"},
    {"copa", "copy_paste", "Individuals who used copy and paste tools to duplicate or move information in a document",
     "basic"},
    {"email", "email_attachments", "Individuals who sent e-mails with attached files", "basic"},
    {"eprs", "presentations", "Individuals who created electronic presentations with presentation software",
     "standard"},
    {"inst", "install_devices", "Individuals who connected and installed new devices", "standard"},
    {"pcpr", "programming", "Individuals who wrote a computer program using a specialized programming language",
     "advanced"},
    {"soft", "install_software", "Individuals who found, downloaded, installed and configured software", "standard"},
    {"traf", "transfer_files", "Individuals who transferred files between a computer and other devices", "basic"},
};

using Key = std::pair<EntityId, std::int32_t>;

// Values by (economy, year). Two values for one pair mean the source mixes rows the options should have separated,
// most likely the sexes.
std::map<Key, double> by_economy_year(const std::vector<Observation>& observations, const InputSet& inputs,
                                      const std::string& what) {
  std::map<Key, double> out;
  for (const Observation& o : observations) {
    const auto [it, inserted] = out.emplace(Key{o.entity, o.year}, o.value);
    if (!inserted)
      throw std::runtime_error(fmt::format(
          "{} has two values for {} {} ({} and {}); filter the source to one sex (filter = {{ sex = \"bothsex\" }}) "
          "so that one row remains per economy, year and skill",
          what, inputs.entity_code(o.entity), o.year, it->second, o.value));
  }
  return out;
}

}  // namespace

Sdg44::Sdg44(const Options& options)
    : skills_(options.string("skills")), skill_dimension_(options.string("skill_dimension")) {}

std::vector<MetricInfo> Sdg44::metrics() {
  std::vector<MetricInfo> out;
  for (const Skill& skill : kSkills) {
    MetricInfo m;
    m.name = skill.metric;
    m.title = skill.title;
    make_share(m);
    m.description = fmt::format(
        "Share of youth and adults (both sexes) who carried out this computer-related activity in the last three "
        "months (type_of_skill = {}); ITU counts it as a {} skill. No target: ITU's 2030 skills targets (70 % of "
        "connected individuals with basic and 50 % with intermediate skills) count people with any skill of a "
        "level among Internet users, not single activities among all people.",
        skill.label, skill.level);
    m.focus_area = FocusArea::adoption;
    m.wsis_lines = {"C4"};
    m.sdg_indicators = {"4.4.1"};
    m.aggregation = Aggregation::population_weighted_mean;
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> Sdg44::inputs() const { return {skills_}; }

void Sdg44::compute(const InputSet& inputs, ResultWriter& out) {
  const Series& series = inputs.get(skills_);
  // Labels of the file other than the nine skills (none in the UN SDG release) have no metric and are not read.
  std::vector<std::map<Key, double>> values;
  std::set<Key> keys;
  for (const Skill& skill : kSkills) {
    values.push_back(by_economy_year(select(series, inputs, skill_dimension_, skill.label), inputs,
                                     fmt::format("series '{}' ({} = {})", skills_, skill_dimension_, skill.label)));
    for (const auto& [key, value] : values.back()) keys.insert(key);
  }

  // Every (economy, year) surveyed on any skill gets a record for each: a value or the reason for none.
  for (const auto& key : keys) {
    const EntityId entity = key.first;
    const std::int32_t year = key.second;
    for (std::size_t i = 0; i < values.size(); ++i) {
      const Skill& skill = kSkills[i];
      const auto it = values[i].find(key);
      if (it == values[i].end())
        out.missing(skill.metric, entity, year,
                    fmt::format("no value for {} = {} in {}", skill_dimension_, skill.label, year));
      else
        value_or_missing(out, skill.metric, entity, year, it->second, outside_share(it->second));
    }
  }
}

}  // namespace p2c::plugins

P2C_PLUGIN(p2c::plugins::Sdg44, "sdg_4_4", "1.0.0",
           "SDG 4.4.1: youth and adults with ICT skills, one metric per type of skill", p2c::plugins::options)
