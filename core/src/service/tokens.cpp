#include "tokens.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <array>
#include <chrono>
#include <random>

#include "sha256.h"

namespace p2c::service {
namespace {

// One prepared statement, finalized on scope exit.
class Query {
 public:
  Query(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) fail("prepare");
  }
  ~Query() { sqlite3_finalize(statement_); }
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  void bind(int index, std::string_view text) {
    if (sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK)
      fail("bind");
  }
  /// True while there is a row.
  bool step() {
    const int status = sqlite3_step(statement_);
    if (status == SQLITE_ROW) return true;
    if (status != SQLITE_DONE) fail("step");
    return false;
  }
  std::string text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
    return data == nullptr ? std::string()
                           : std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
  }
  bool is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
  int changes() const { return sqlite3_changes(db_); }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw TokenError(fmt::format("pledge registry '{}', tokens table: {} failed: {}", sqlite3_db_filename(db_, "main"),
                                 what, sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

std::string random_hex(std::size_t bytes) {
  std::random_device random;
  std::string raw;
  while (raw.size() < bytes) {
    const std::uint32_t word = random();
    for (int i = 0; i < 4 && raw.size() < bytes; ++i) raw += static_cast<char>((word >> (8 * i)) & 0xff);
  }
  return to_hex(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size());
}

std::string utc_now() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}",
                     std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

TokenInfo info_of(const Query& row) {
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
  Query insert(db_, "INSERT INTO tokens (id, entity, hash, created_at) VALUES (?1, ?2, ?3, ?4)");
  insert.bind(1, token.id);
  insert.bind(2, entity);
  insert.bind(3, sha256_hex(secret));
  insert.bind(4, utc_now());
  insert.step();
  return token;
}

std::vector<TokenInfo> TokenStore::list() const {
  Query query(db_, "SELECT id, entity, created_at, revoked_at FROM tokens ORDER BY created_at, id");
  std::vector<TokenInfo> out;
  while (query.step()) out.push_back(info_of(query));
  return out;
}

bool TokenStore::revoke(std::string_view id) {
  Query exists(db_, "SELECT 1 FROM tokens WHERE id = ?1");
  exists.bind(1, id);
  if (!exists.step()) return false;
  Query update(db_, "UPDATE tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
  update.bind(1, id);
  update.bind(2, utc_now());
  update.step();
  return true;
}

Verification TokenStore::verify(std::string_view token) const {
  const std::size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  Query query(db_, "SELECT id, entity, created_at, revoked_at, hash FROM tokens WHERE id = ?1");
  query.bind(1, token.substr(0, dot));
  if (!query.step()) return {};
  if (!constant_time_equal(query.text(4), sha256_hex(token.substr(dot + 1)))) return {};
  Verification out{Verdict::valid, info_of(query)};
  if (out.info.revoked_at) out.verdict = Verdict::revoked;
  return out;
}

}  // namespace p2c::service
