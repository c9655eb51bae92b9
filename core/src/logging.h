// Log set-up: human-readable lines for a terminal, one JSON object per line for services.
#pragma once

#include <string>

namespace p2c::host {

/// Configures the default spdlog logger on stderr. `format` is "text" or "json"; `level` one of
/// trace, debug, info, warn, error, critical, off. Throws std::invalid_argument for other values.
void setup_logging(const std::string& format, const std::string& level);

/// `text` as the inside of a JSON string literal.
std::string json_escape(std::string_view text);

}  // namespace p2c::host
