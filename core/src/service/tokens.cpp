#include "tokens.h"

#include <array>
#include <random>

#include "p2c/sqlite/statement.h"
#include "pledges/dates.h"
#include "sha256.h"

namespace p2c::service {
namespace {

using host::constant_time_equal;
using host::sha256_hex;
using host::to_hex;

struct TokenDatabase {
  using Error = TokenError;
  static constexpr const char* label = "pledge registry (tokens)";
};
using Statement = sqlite::Statement<TokenDatabase>;

std::string random_hex(std::size_t bytes) {
  std::random_device random;
  std::string raw;
  while (raw.size() < bytes) {
    const std::uint32_t word = random();
    for (int i = 0; i < 4 && raw.size() < bytes; ++i) raw += static_cast<char>((word >> (8 * i)) & 0xff);
  }
  return to_hex(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size());
}

TokenInfo info_of(const Statement& row) {
  TokenInfo info{row.text(0), row.text(1), row.text(2), std::nullopt};
  if (!row.is_null(3)) info.revoked_at = row.text(3);
  return info;
}

}  // namespace

NewToken TokenStore::create(std::string_view entity) {
  if (entity.empty()) throw TokenError("a token needs the name of the pledging entity it speaks for");
  const std::string secret = random_hex(32);  // 256 bits
  NewToken token;
  token.id = "tok_" + random_hex(6);
  token.token = token.id + "." + secret;
  const std::string hash = sha256_hex(secret);
  const std::string now = pledges::utc_now();
  Statement insert(db_, file_, "INSERT INTO tokens (id, entity, hash, created_at) VALUES (?1, ?2, ?3, ?4)");
  insert.text(1, token.id);
  insert.text(2, entity);
  insert.text(3, hash);
  insert.text(4, now);
  insert.execute("cannot store the new token");
  return token;
}

std::vector<TokenInfo> TokenStore::list() const {
  Statement query(db_, file_, "SELECT id, entity, created_at, revoked_at FROM tokens ORDER BY created_at, id");
  std::vector<TokenInfo> out;
  while (query.step("cannot list the tokens")) out.push_back(info_of(query));
  return out;
}

bool TokenStore::revoke(std::string_view id) {
  Statement exists(db_, file_, "SELECT 1 FROM tokens WHERE id = ?1");
  exists.text(1, id);
  if (!exists.step("cannot look the token up")) return false;
  const std::string now = pledges::utc_now();
  Statement update(db_, file_, "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
  update.text(1, id);
  update.text(2, now);
  update.execute("cannot revoke the token");
  return true;
}

Verification TokenStore::verify(std::string_view token) const {
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  Statement query(db_, file_, "SELECT id, entity, created_at, revoked_at, hash FROM tokens WHERE id = ?1");
  query.text(1, token.substr(0, dot));
  if (!query.step("cannot look the token up")) return {};
  if (!constant_time_equal(query.text(4), sha256_hex(token.substr(dot + 1)))) return {};
  Verification out{Verdict::valid, info_of(query)};
  if (out.info.revoked_at) out.verdict = Verdict::revoked;
  return out;
}

}  // namespace p2c::service
