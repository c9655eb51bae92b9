#include "describe.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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

// What `--usage` says of a plugin, gathered once so that the text and the Markdown cannot disagree.
struct OptionFacts {
  std::string name, type;
  bool required = false;
  std::optional<std::string> default_literal;  ///< a TOML literal
  std::string description;
};

struct MetricFacts {
  std::string id, title, unit, focus_area, wsis, sdg, direction, target, aggregation, description;
};

struct UsageFacts {
  std::string name, version, kind, description, file;
  std::vector<OptionFacts> options;
  std::vector<MetricFacts> metrics;
};

UsageFacts usage_facts(const PluginLibrary& plugin) {
  const auto& info = plugin.info();
  UsageFacts facts;
  facts.name = info.name;
  facts.version = info.version;
  facts.kind = kind_name(info.kind);
  facts.description = info.description ? info.description : "";
  facts.file = plugin.path().string();
  for (std::uint32_t i = 0; i < info.option_count; ++i) {
    const auto& spec = info.options[i];
    OptionFacts option{spec.name, option_type_name(spec.type), spec.required != 0, std::nullopt, spec.description};
    if (spec.default_literal != nullptr) option.default_literal = spec.default_literal;
    facts.options.push_back(std::move(option));
  }
  for (const auto& m : plugin.metrics())
    facts.metrics.push_back({info.name + std::string(".") + m.name, m.title, m.unit, to_string(m.focus_area),
                             joined(m.wsis_lines), joined(m.sdg_indicators), to_string(m.direction),
                             m.target ? fmt::format("{} by {}", *m.target, m.target_year) : "",
                             to_string(m.aggregation), m.description});
  return facts;
}

std::string usage_text(const UsageFacts& facts) {
  std::string out = fmt::format("{} {} ({} plugin)\n{}\nfile: {}\n\noptions:\n", facts.name, facts.version, facts.kind,
                                facts.description, facts.file);
  if (facts.options.empty()) out += "  (none)\n";
  for (const auto& o : facts.options) {
    const std::string presence = o.required          ? "required"
                                 : o.default_literal ? "default " + *o.default_literal
                                                     : "optional";
    out += fmt::format("  {:<18} {:<16} {:<28} {}\n", o.name, o.type, presence, o.description);
  }
  if (!facts.metrics.empty()) out += "\nmetrics (id prefix: the instance name, by default the plugin name):\n";
  for (const auto& m : facts.metrics) {
    out += fmt::format("  {}: {} [{}]\n", m.id, m.title, m.unit);
    out += fmt::format("    focus area {}; WSIS {}; SDG {}; {}; aggregation {}", m.focus_area, m.wsis, m.sdg,
                       m.direction, m.aggregation);
    if (!m.target.empty()) out += "; target " + m.target;
    out += "\n";
    if (!m.description.empty()) out += "    " + m.description + "\n";
  }
  return out;
}

// Text safe in a Markdown table cell: a `|` would end the cell, `<` may open an HTML tag a renderer hides.
std::string cell(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '|')
      out += "\\|";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '\n' || c == '\r')
      out += ' ';
    else
      out += c;
  }
  return out;
}

// Code in a table cell: the `|` must still be escaped there; a backtick in the text takes a longer fence.
std::string code_cell(const std::string& text) {
  std::string escaped;
  for (const char c : text) escaped += c == '|' ? std::string("\\|") : std::string(1, c);
  return text.find('`') == std::string::npos ? "`" + escaped + "`" : "`` " + escaped + " ``";
}

std::string usage_markdown(const UsageFacts& facts) {
  std::string out = fmt::format("## {} {}\n\n{}\n\nKind: {} plugin.\n\n### Options\n\n", facts.name, facts.version,
                                cell(facts.description), facts.kind);
  if (facts.options.empty())
    out += "None.\n";
  else
    out += "| option | type | required or default | description |\n|---|---|---|---|\n";
  for (const auto& o : facts.options)
    out += fmt::format("| {} | {} | {} | {} |\n", code_cell(o.name), o.type,
                       o.required          ? "required"
                       : o.default_literal ? "default " + code_cell(*o.default_literal)
                                           : "optional",
                       cell(o.description));
  if (facts.metrics.empty()) return out;
  out +=
      "\n### Metrics\n\nIds start with the instance name, by default the plugin name.\n\n"
      "| id | title | unit | focus area | WSIS | SDG | direction | target | aggregation | description |\n"
      "|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& m : facts.metrics)
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", code_cell(m.id), cell(m.title),
                       cell(m.unit), m.focus_area, m.wsis, m.sdg, m.direction, m.target.empty() ? "-" : m.target,
                       m.aggregation, cell(m.description));
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

std::optional<UsageFormat> parse_usage_format(std::string_view name) {
  if (name == "text") return UsageFormat::text;
  if (name == "md") return UsageFormat::markdown;
  return std::nullopt;
}

std::string plugin_usage(const PluginLibrary& plugin, UsageFormat format) {
  const UsageFacts facts = usage_facts(plugin);
  return format == UsageFormat::markdown ? usage_markdown(facts) : usage_text(facts);
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
      option_lines(languages_schema(), "# ") +
      "\n# Every instance below also takes the host's keys `enabled` and, for where it runs (docs/isolation.md):\n"
      "#   isolation = \"process\"   # in a child process of its own; \"none\": in p2c's; default: [run] isolation\n"
      "#   timeout_seconds = 300   # an isolated instance's calls may each take this long\n"
      "#   memory_limit = \"1 GiB\"  # what an isolated instance's process may allocate; default: no limit\n";
  for (const PluginLibrary* plugin : by_kind_and_name(registry)) {
    const auto& info = plugin->info();
    out += fmt::format("\n# {} {}: {}\n[[{}]]\nplugin = \"{}\"\nname = \"{}\"\n", info.name, info.version,
                       info.description ? info.description : "", kind_name(info.kind), info.name, info.name);
    out += option_lines(schema_of(info), "");
  }
  return out;
}

}  // namespace p2c::host
