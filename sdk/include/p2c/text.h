// Text from outside the process (files, HTTP, other programs) is untrusted: it may be invalid UTF-8,
// hold control characters that rewrite a terminal, or be megabytes long. These helpers decide whether
// such text can be stored and make any of it safe to quote in a message or a log line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace p2c {

/// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
bool valid_utf8(std::string_view text) noexcept;

/// Byte offset of the first byte that is not part of well-formed UTF-8, or std::string_view::npos.
std::size_t invalid_utf8_at(std::string_view text) noexcept;

/// How much of a quoted value a message shows: enough to recognise it, never the whole of a huge input.
inline constexpr std::size_t quote_limit = 80;

/// `text` made safe to put in a message or a log line: control characters (C0, DEL, C1) and bytes that
/// are not well-formed UTF-8 are written as escapes (\n, \t, \x1b, \xff), and after `limit` characters
/// of the input the rest is replaced by "... (N bytes in all)". Printable UTF-8 is kept as it is.
std::string printable(std::string_view text, std::size_t limit = quote_limit);

}  // namespace p2c
