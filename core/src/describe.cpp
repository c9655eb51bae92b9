#include "describe.h"

#include <fmt/format.h>

#include <algorithm>

#include "config.h"
#include "option_schema.h"

namespace p2c::host {
namespace {

std::vector<const PluginLibrary*> by_kind_and_name(const Registry& registry) {
  std::vector<const PluginLibrary*> out;
  for (const auto& plugin : registry.plugins()) out.push_back(&plugin);
  std::sort(out.begin(), out.end(), [](const PluginLibrary* a, const PluginLibrary* b) {
    if (a->info().kind != b->info().kind) return a->info().kind < b->info().kind;
    return a->name() < b->name();
  });
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out.empty() ? "-" : out;
}

// Every option with its description; options without default are commented out, marked when required.
std::string option_lines(std::span<const p2c_option_spec> schema, const std::string& prefix) {
  std::string out;
  for (const auto& spec : schema) {
    out += fmt::format("# {} ({}): {}\n", spec.name, option_type_name(spec.type), spec.description);
    if (spec.required || spec.default_literal == nullptr)
      out += fmt::format("# {} = ...{}\n", spec.name, spec.required ? "   # REQUIRED: set this" : "");
    else
      out += fmt::format("{}{} = {}\n", prefix, spec.name, spec.default_literal);
  }
  return out;
}

}  // namespace

std::string plugin_list(const Registry& registry) {
  std::string out = fmt::format("{:<16} {:<10} {:<8} {}\n", "PLUGIN", "KIND", "VERSION", "DESCRIPTION");
  for (const PluginLibrary* plugin : by_kind_and_name(registry)) {
    const auto& info = plugin->info();
    out += fmt::format("{:<16} {:<10} {:<8} {} ({})\n", info.name, kind_name(info.kind), info.version,
                       info.description ? info.description : "", plugin->path().filename().string());
  }
  for (const auto& error : registry.errors()) out += "not loaded: " + error.message + "\n";
  return out;
}

std::string plugin_usage(const PluginLibrary& plugin) {
  const auto& info = plugin.info();
  std::string out = fmt::format("{} {} ({} plugin)\n{}\nfile: {}\n\noptions:\n", info.name, info.version,
                                kind_name(info.kind), info.description ? info.description : "", plugin.path().string());
  if (info.option_count == 0) out += "  (none)\n";
  for (std::uint32_t i = 0; i < info.option_count; ++i) {
    const auto& spec = info.options[i];
    const std::string presence = spec.required          ? "required"
                                 : spec.default_literal ? std::string("default ") + spec.default_literal
                                                        : "optional";
    out +=
        fmt::format("  {:<18} {:<16} {:<28} {}\n", spec.name, option_type_name(spec.type), presence, spec.description);
  }
  if (!plugin.metrics().empty()) out += "\nmetrics (id prefix: the instance name, by default the plugin name):\n";
  for (const auto& m : plugin.metrics()) {
    out += fmt::format("  {}.{}: {} [{}]\n", info.name, m.name, m.title, m.unit);
    out +=
        fmt::format("    focus area {}; WSIS {}; SDG {}; {}; aggregation {}", to_string(m.focus_area),
                    joined(m.wsis_lines), joined(m.sdg_indicators), to_string(m.direction), to_string(m.aggregation));
    if (m.target) out += fmt::format("; target {} by {}", *m.target, m.target_year);
    out += "\n";
    if (!m.description.empty()) out += "    " + m.description + "\n";
  }
  return out;
}

std::string wsis_coverage(const Registry& registry) {
  static constexpr std::pair<const char*, const char*> lines[] = {
      {"C1", "The role of governments and all stakeholders in the promotion of ICTs for development"},
      {"C2", "Information and communication infrastructure"},
      {"C3", "Access to information and knowledge"},
      {"C4", "Capacity building"},
      {"C5", "Building confidence and security in the use of ICTs"},
      {"C6", "Enabling environment"},
      {"C7", "ICT applications"},
      {"C8", "Cultural diversity and identity, linguistic diversity and local content"},
      {"C9", "Media"},
      {"C10", "Ethical dimensions of the Information Society"},
      {"C11", "International and regional cooperation"},
  };
  std::string out =
      "| WSIS action line | metrics | status |\n"
      "|---|---|---|\n";
  for (const auto& [code, title] : lines) {
    std::vector<std::string> metrics;
    for (const PluginLibrary* plugin : by_kind_and_name(registry))
      for (const auto& metric : plugin->metrics())
        if (std::find(metric.wsis_lines.begin(), metric.wsis_lines.end(), code) != metric.wsis_lines.end())
          metrics.push_back("`" + plugin->name() + "." + metric.name + "`");
    out += fmt::format(
        "| {} {} | {} | {} |\n", code, title, metrics.empty() ? "-" : joined(metrics),
        metrics.empty() ? "no metric: no bundled data serves it yet" : std::to_string(metrics.size()) + " metrics");
  }
  return out;
}

std::string sample_config(const Registry& registry) {
  std::string out =
      "# p2c sample configuration, generated from the option schemas of the host and the plugins found.\n"
      "# Relative paths are resolved against this file's folder; strings may use ${VAR} and ${VAR:-default}.\n"
      "\n[run]\n" +
      option_lines(run_schema(), "") +
      "\n# Reference data for group aggregates (LDC, LLDC, SIDS, regions, income groups, world); optional.\n"
      "# [reference]\n" +
      option_lines(reference_schema(), "# ") +
      "\n# Estimates for the missing years of one metric, before group aggregation; one table per metric.\n"
      "# [[estimation]]\n" +
      option_lines(estimation_schema(), "# ") + "\n[publishing]\n" + option_lines(publishing_schema(), "") +
      "# Other thresholds for some metrics; one table per rule.\n# [[publishing.rules]]\n" +
      option_lines(publishing_rule_schema(), "# ") + "\n[progress]\n" + option_lines(progress_schema(), "") +
      "\n# The pledge registry (p2c pledges, p2c serve); optional.\n# [pledges]\n" +
      option_lines(pledges_schema(), "# ") + "\n[service]\n" + option_lines(service_schema(), "") +
      "\n# Which results GET /metrics exports (docs/service.md).\n[service.metrics]\n" +
      option_lines(service_metrics_schema(), "") +
      "\n# Translations added or corrected without a rebuild (docs/languages.md); optional.\n# [languages]\n" +
      option_lines(languages_schema(), "# ");
  for (const PluginLibrary* plugin : by_kind_and_name(registry)) {
    const auto& info = plugin->info();
    out += fmt::format("\n# {} {}: {}\n[[{}]]\nplugin = \"{}\"\nname = \"{}\"\n", info.name, info.version,
                       info.description ? info.description : "", kind_name(info.kind), info.name, info.name);
    out += option_lines(schema_of(info), "");
  }
  return out;
}

}  // namespace p2c::host
