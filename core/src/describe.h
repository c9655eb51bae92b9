// Text that plugins' schemas and catalogues generate: `p2c plugins`, `--usage` and `p2c config`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "registry.h"

namespace p2c::host {

/// One line per plugin: name, kind, version, description, file.
std::string plugin_list(const Registry& registry);

/// How `p2c plugins --usage` prints a plugin: text for a terminal, Markdown for the plugin's README.
enum class UsageFormat { text, markdown };

/// The format `--format` names: "text" or "md"; nothing for any other name.
std::optional<UsageFormat> parse_usage_format(std::string_view name);

/// Options (type, default, required, description) and, for indicators, the metric catalogue. Both formats
/// give the same facts, except that Markdown leaves out the library's path, which belongs to one machine.
std::string plugin_usage(const PluginLibrary& plugin, UsageFormat format = UsageFormat::text);

/// A Markdown table of the WSIS action lines C1-C11 with the metrics of the loaded indicator plugins
/// that serve each (ids with the plugin name as instance name), and the lines no metric serves yet.
std::string wsis_coverage(const Registry& registry);

/// A complete, commented sample config with one instance of every plugin and every option at its
/// default. Required options without a default are left commented out, marked REQUIRED.
std::string sample_config(const Registry& registry);

}  // namespace p2c::host
