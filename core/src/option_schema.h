// A plugin's declared options (p2c_option_spec) checked against an instance's config table.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "p2c/abi.h"
#include "p2c/options.h"

namespace p2c::host {

/// Validates `table` (an instance's config, reserved keys ignored) against the plugin's schema: unknown
/// keys (with a "did you mean"), wrong types and missing required keys. Each problem starts with
/// file:line:column and names `who` (e.g. "source 'wdi' (plugin csv)"). Returns the options with
/// defaults filled and paths resolved against `folder`, or nothing when there were problems. Keys in `nested`
/// are sub-sections the caller checks itself (e.g. [[publishing.rules]]): they are skipped.
std::optional<Options> validate_options(std::span<const p2c_option_spec> schema, const toml::table& table,
                                        const std::string& who, const std::filesystem::path& folder,
                                        std::vector<std::string>& problems,
                                        std::span<const std::string_view> nested = {});

/// The same, with the plugin's declared schema.
std::optional<Options> validate_options(const p2c_plugin_info& plugin, const toml::table& table, const std::string& who,
                                        const std::filesystem::path& folder, std::vector<std::string>& problems);

/// A plugin's schema as a span.
std::span<const p2c_option_spec> schema_of(const p2c_plugin_info& plugin) noexcept;

/// The options a plugin gets when none are set; nothing if one is required.
std::optional<Options> default_options(const p2c_plugin_info& plugin, const std::filesystem::path& folder);

/// "string", "integer", ... as operators read them.
const char* option_type_name(std::uint32_t type) noexcept;

}  // namespace p2c::host
