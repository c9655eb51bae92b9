// From a parsed HTTP message to the handlers' HttpRequest, and the checks of a request head made before its
// body is read. The server's connections and the HTTP fuzz target share them, so that what is fuzzed is what
// is served.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http_types.h"

namespace p2c::service {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

/// The request line and headers of a request, in bytes; larger ones are answered 431.
inline constexpr std::uint32_t max_header_bytes = 16 * 1024;

/// The request as the handlers see it: method, path and query split at '?' (neither decoded), the
/// Authorization header and the body.
HttpRequest to_request(const BeastRequest& message);

/// RFC 9112 6.1: a request whose transfer coding the server does not know cannot be framed. Nothing when the
/// head frames the body (no Transfer-Encoding, or exactly `chunked`); otherwise the response to send before
/// closing the connection (501 for an unknown coding, 400 for `chunked` repeated or not last).
std::optional<HttpResponse> check_transfer_encoding(const BeastRequest& message);

/// A header value as a case-insensitive token: surrounding spaces and tabs removed, lower case.
std::string header_token(std::string_view value);

}  // namespace p2c::service
