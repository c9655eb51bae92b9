#include "schema.h"

#include <iterator>

namespace p2c::pledges {
namespace {

// Lists (economies, regions, focus areas, ...) are JSON arrays of strings: one row per pledge keeps
// import, export and the source plugin simple, and SQLite's json_each() still queries them.
constexpr const char* all_migrations[] = {
    // 1: initial schema.
    R"sql(
CREATE TABLE pledges (
  id                       TEXT PRIMARY KEY,
  entity                   TEXT NOT NULL,
  sector                   TEXT NOT NULL,
  origin_economy           TEXT NOT NULL,  -- ISO3
  origin_region            TEXT NOT NULL,  -- reference group code
  implementation_economies TEXT NOT NULL,  -- JSON array of ISO3
  implementation_regions   TEXT NOT NULL,  -- JSON array of group codes
  focus_areas              TEXT NOT NULL,  -- JSON array
  pillars                  TEXT NOT NULL,  -- JSON array
  pledge_type              TEXT NOT NULL,
  value                    REAL,           -- NULL: no value stated
  currency                 TEXT,           -- NULL when value is NULL
  value_usd                REAL,
  beneficiaries            TEXT NOT NULL,  -- JSON array
  sdgs                     TEXT NOT NULL,  -- JSON array
  pledged_on               TEXT NOT NULL,  -- YYYY-MM-DD
  start_date               TEXT NOT NULL,
  end_date                 TEXT NOT NULL,
  status                   TEXT NOT NULL,
  description              TEXT NOT NULL DEFAULT ''
);
CREATE INDEX pledges_by_entity ON pledges(entity);
CREATE TABLE progress_reports (
  pledge_id        TEXT NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
  reported_on      TEXT NOT NULL,  -- YYYY-MM-DD
  status           TEXT NOT NULL,
  percent_complete REAL,
  disbursed_usd    REAL,           -- cumulative to reported_on
  narrative        TEXT NOT NULL DEFAULT '',
  received_at      TEXT NOT NULL,  -- ISO 8601 UTC, when the registry stored it
  channel          TEXT NOT NULL,  -- import | api
  PRIMARY KEY (pledge_id, reported_on)
) WITHOUT ROWID;
CREATE TABLE tokens (
  id         TEXT PRIMARY KEY,     -- public id, shown by `p2c tokens list`, used to revoke
  entity     TEXT NOT NULL,        -- the pledging entity the token speaks for
  hash       TEXT NOT NULL UNIQUE, -- SHA-256 of the secret, hex; the secret itself is never stored
  created_at TEXT NOT NULL,
  revoked_at TEXT                  -- NULL: valid
);
)sql",
};

}  // namespace

std::span<const char* const> migrations() noexcept { return {std::begin(all_migrations), std::end(all_migrations)}; }

}  // namespace p2c::pledges
