#include "p2c/pledges/schema.h"

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
    // 2: the pledge cycle: review state, alignment fields, contact, reporting period, measurable targets with
    // actuals, revisions, and full-text search for the public explorer. Existing pledges were imported as
    // published records: they stay published and get revision 1.
    R"sql(
ALTER TABLE pledges ADD COLUMN review_state TEXT NOT NULL DEFAULT 'published';
ALTER TABLE pledges ADD COLUMN wsis_lines TEXT NOT NULL DEFAULT '[]';     -- JSON array, C1..C11
ALTER TABLE pledges ADD COLUMN roadmap_areas TEXT NOT NULL DEFAULT '[]';  -- JSON array
ALTER TABLE pledges ADD COLUMN campaigns TEXT NOT NULL DEFAULT '[]';      -- JSON array
ALTER TABLE pledges ADD COLUMN partners TEXT NOT NULL DEFAULT '[]';       -- JSON array of entity names
ALTER TABLE pledges ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';     -- never published
ALTER TABLE pledges ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';    -- never published
ALTER TABLE pledges ADD COLUMN reporting_period_months INTEGER;           -- NULL: [pledges] default
CREATE INDEX pledges_by_review_state ON pledges(review_state);
CREATE TABLE pledge_targets (
  pledge_id      TEXT NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
  target_id      TEXT NOT NULL,
  position       INTEGER NOT NULL,  -- 1-based order within the pledge
  description    TEXT NOT NULL DEFAULT '',
  measure        TEXT NOT NULL,
  unit           TEXT NOT NULL,
  baseline_value REAL NOT NULL,
  baseline_date  TEXT NOT NULL,     -- YYYY-MM-DD
  target_value   REAL NOT NULL,
  target_date    TEXT NOT NULL,     -- YYYY-MM-DD
  metric         TEXT NOT NULL DEFAULT '',  -- '' or instance.metric of the catalogue
  PRIMARY KEY (pledge_id, target_id)
) WITHOUT ROWID;
CREATE TABLE report_actuals (
  pledge_id   TEXT NOT NULL,
  reported_on TEXT NOT NULL,
  target_id   TEXT NOT NULL,
  value       REAL NOT NULL,  -- cumulative to reported_on, in the target's unit
  PRIMARY KEY (pledge_id, reported_on, target_id),
  FOREIGN KEY (pledge_id, reported_on) REFERENCES progress_reports(pledge_id, reported_on) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE TABLE pledge_revisions (
  pledge_id    TEXT NOT NULL REFERENCES pledges(id) ON DELETE CASCADE,
  revision     INTEGER NOT NULL,  -- 1, 2, ... per pledge; 1 is the pledge as first stored
  recorded_at  TEXT NOT NULL,     -- ISO 8601 UTC
  effective_on TEXT NOT NULL,     -- YYYY-MM-DD: the revision is in force from this day on
  actor        TEXT NOT NULL,     -- token entity, import:FILE or cli
  reason       TEXT NOT NULL DEFAULT '',
  changes      TEXT NOT NULL,     -- JSON array of {"field", "old", "new"}, values as in the JSON format
  PRIMARY KEY (pledge_id, revision)
) WITHOUT ROWID;
INSERT INTO pledge_revisions (pledge_id, revision, recorded_at, effective_on, actor, reason, changes)
  SELECT id, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), pledged_on, 'migration',
         'stored before the registry recorded revisions', '[]' FROM pledges;
-- detail=none: matching needs which pledges hold a word, not where; it keeps the index a fraction of the size and
-- a large import several times faster (no phrase or column queries, which the explorer does not make).
CREATE VIRTUAL TABLE pledge_search USING fts5(
  pledge_id UNINDEXED, entity, description, narratives, tokenize = 'unicode61 remove_diacritics 2',
  detail = none, columnsize = 0);
INSERT INTO pledge_search (pledge_id, entity, description, narratives)
  SELECT p.id, p.entity, p.description,
         coalesce((SELECT group_concat(r.narrative, ' ') FROM progress_reports r WHERE r.pledge_id = p.id), '')
  FROM pledges p;
)sql",
    // 3: a report's actuals become a column of the report, a JSON object {"target_id": value, ...} in the order of
    // the pledge's targets. As rows of their own they were half the registry's rows, each repeating the pledge id
    // and the report date, and half the time of a large import.
    R"sql(
ALTER TABLE progress_reports ADD COLUMN actuals TEXT NOT NULL DEFAULT '{}';
UPDATE progress_reports SET actuals = (
  SELECT json_group_object(target_id, value) FROM (
    SELECT a.target_id, a.value FROM report_actuals a
    LEFT JOIN pledge_targets t ON t.pledge_id = a.pledge_id AND t.target_id = a.target_id
    WHERE a.pledge_id = progress_reports.pledge_id AND a.reported_on = progress_reports.reported_on
    ORDER BY t.position, a.target_id))
WHERE EXISTS (SELECT 1 FROM report_actuals a
              WHERE a.pledge_id = progress_reports.pledge_id AND a.reported_on = progress_reports.reported_on);
DROP TABLE report_actuals;
)sql",
};

}  // namespace

std::span<const char* const> migrations() noexcept { return {std::begin(all_migrations), std::end(all_migrations)}; }

}  // namespace p2c::pledges
