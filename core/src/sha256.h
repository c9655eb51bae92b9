// SHA-256 (FIPS 180-4) through OpenSSL's libcrypto, which uses the processor's SHA instructions where it has them.
// For API token hashes (the registry stores the hash of a token, never the token) and for the run history's value
// sets (a stored set is reused when the digest of a metric's rows matches, without reading the rows back).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

struct evp_md_ctx_st;

namespace p2c::host {

using Sha256Digest = std::array<std::uint8_t, 32>;

/// A digest fed piece by piece: the same as sha256() of the pieces joined.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  /// The digest of everything updated so far; the object then starts over, empty.
  Sha256Digest finish();

 private:
  evp_md_ctx_st* context_;
};

/// The SHA-256 digest of `data`.
Sha256Digest sha256(std::string_view data);

/// The digest as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

/// Hex of any bytes, lower case.
std::string to_hex(const std::uint8_t* bytes, std::size_t size);

/// Whether `a` and `b` are equal, in time that depends only on their lengths: comparing a presented
/// token's hash must not leak how many leading characters matched.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace p2c::host
