// Response compression: the dashboard's scripts and the API's JSON are text that shrinks several times over, and
// many of the coalition's readers are on slow or metered connections.
#pragma once

#include <string>
#include <string_view>

namespace p2c::service {

/// Whether an Accept-Encoding header value accepts gzip (RFC 9110, 12.5.3): "gzip", "x-gzip" or "*" listed with a
/// quality above 0. Names are case-insensitive.
bool accepts_gzip(std::string_view accept_encoding);

/// Whether a body of this type and size is worth compressing: text, JSON, JavaScript or SVG of 1 KiB or more.
bool worth_compressing(std::string_view content_type, std::size_t size);

/// `data` as a gzip member (RFC 1952), compressed with zlib at its default level.
std::string gzip(std::string_view data);

}  // namespace p2c::service
