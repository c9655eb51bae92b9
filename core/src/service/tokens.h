// API tokens of the pledge registry: each speaks for one pledging entity. A token is `<id>.<secret>`; the
// registry's `tokens` table keeps the public id, the entity and SHA-256 of the secret, never the secret.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace p2c::service {

/// The tokens table cannot be read or written; the message says what failed.
class TokenError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TokenInfo {
  std::string id;
  std::string entity;
  std::string created_at;                 ///< ISO 8601 UTC
  std::optional<std::string> revoked_at;  ///< set once revoked
};

struct NewToken {
  std::string id;
  std::string token;  ///< `<id>.<secret>`, shown once: only its hash is stored
};

enum class Verdict { valid, unknown, revoked };

struct Verification {
  Verdict verdict = Verdict::unknown;
  TokenInfo info;  ///< filled unless unknown
};

class TokenStore {
 public:
  /// Works on an open registry connection (pledges::Store::handle() of the registry at `file`), which must
  /// outlive this object.
  TokenStore(sqlite3* db, std::filesystem::path file) : db_(db), file_(std::move(file)) {}

  /// A new token for `entity`: 256 random bits from std::random_device, hex-encoded.
  NewToken create(std::string_view entity);
  /// Every token, oldest first.
  std::vector<TokenInfo> list() const;
  /// Marks a token revoked. Returns false when no token has that id; revoking twice keeps the first time.
  bool revoke(std::string_view id);
  /// Checks a presented `<id>.<secret>`; the hashes are compared in constant time.
  Verification verify(std::string_view token) const;

 private:
  sqlite3* db_;
  std::filesystem::path file_;
};

}  // namespace p2c::service
