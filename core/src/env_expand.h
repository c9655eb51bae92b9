// `${VAR}` and `${VAR:-default}` in config strings, so one config serves several machines.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace p2c::host {

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

/// The process environment.
std::optional<std::string> process_env(const std::string& name);

/// Expands every `${NAME}` and `${NAME:-default}` in `text`; `$$` stands for one `$`.
/// Throws std::invalid_argument for an unset variable without default or an unterminated `${`.
/// As in POSIX shells, `:-` also applies when the variable is set but empty.
std::string expand_env(std::string_view text, const EnvLookup& lookup = process_env);

}  // namespace p2c::host
