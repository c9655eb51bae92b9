// SHA-256 (FIPS 180-4), for API token hashes: the registry stores the hash of a token, never the token.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace p2c::service {

using Sha256Digest = std::array<std::uint8_t, 32>;

/// The SHA-256 digest of `data`.
Sha256Digest sha256(std::string_view data);

/// The digest as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

/// Hex of any bytes, lower case.
std::string to_hex(const std::uint8_t* bytes, std::size_t size);

/// Whether `a` and `b` are equal, in time that depends only on their lengths: comparing a presented
/// token's hash must not leak how many leading characters matched.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace p2c::service
