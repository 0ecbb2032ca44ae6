#include "store/sqlite/migrations.h"

#include <cstdio>
#include <string>
#include <vector>

namespace zb::store::sqlite {

namespace {

struct Migration {
  int version;
  const char* sql;
};

// Never edit a migration that has shipped; add a new one.
const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> migrations = {
      {1, R"sql(
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  unit_type TEXT NOT NULL CHECK (unit_type IN ('leadership','office','department','district')),
  parent_id INTEGER REFERENCES units(id),
  sort INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE posts (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  post_id INTEGER REFERENCES posts(id),
  password_hash TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL
);
CREATE TABLE memberships (
  user_id INTEGER NOT NULL REFERENCES users(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (user_id, unit_id)
) WITHOUT ROWID;
CREATE TABLE delegations (
  id INTEGER PRIMARY KEY,
  leader_id INTEGER NOT NULL REFERENCES users(id),
  delegate_id INTEGER NOT NULL REFERENCES users(id),
  scope TEXT NOT NULL DEFAULT '*',
  starts_at INTEGER NOT NULL,
  ends_at INTEGER,
  revoked_at INTEGER
);
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  state TEXT NOT NULL,
  title TEXT NOT NULL,
  lead_unit_id INTEGER REFERENCES units(id),
  created_by INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  due_at INTEGER,
  yellow_at INTEGER,
  step_due_at INTEGER,
  closed_at INTEGER,
  paused_at INTEGER,
  urgency TEXT NOT NULL DEFAULT '',
  fields TEXT NOT NULL DEFAULT '{}',
  version INTEGER NOT NULL
);
CREATE INDEX cases_kind_state ON cases(kind, state);
CREATE INDEX cases_lead_unit ON cases(lead_unit_id, closed_at);
CREATE INDEX cases_open_due ON cases(due_at) WHERE closed_at IS NULL;
CREATE INDEX cases_created ON cases(created_at);
CREATE TABLE case_co_units (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  PRIMARY KEY (case_id, unit_id)
) WITHOUT ROWID;
CREATE INDEX case_co_units_unit ON case_co_units(unit_id);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  action TEXT NOT NULL,
  actor_id INTEGER NOT NULL REFERENCES users(id),
  on_behalf_of INTEGER REFERENCES users(id),
  at INTEGER NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}',
  UNIQUE (case_id, seq)
);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TABLE attachments (
  id INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL REFERENCES cases(id),
  sha256 TEXT NOT NULL,
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  uploaded_by INTEGER NOT NULL REFERENCES users(id),
  at INTEGER NOT NULL
);
CREATE INDEX attachments_case ON attachments(case_id);
)sql"},
      {2, R"sql(
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  client TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE login_attempts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  client TEXT NOT NULL,
  ok INTEGER NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX login_attempts_user ON login_attempts(username, at);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users(id),
  scopes TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor_id INTEGER NOT NULL,
  on_behalf_of INTEGER,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  request_id TEXT NOT NULL,
  detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
)sql"},
      {3, R"sql(
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  case_id INTEGER REFERENCES cases(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  read_at INTEGER
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE deadline_alerts (
  case_id INTEGER NOT NULL REFERENCES cases(id),
  stage TEXT NOT NULL,
  due_at INTEGER NOT NULL,
  PRIMARY KEY (case_id, stage, due_at)
) WITHOUT ROWID;
CREATE INDEX cases_open_yellow ON cases(yellow_at) WHERE closed_at IS NULL;
)sql"},
      {4, R"sql(
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  job_key TEXT NOT NULL DEFAULT '',
  run_at INTEGER NOT NULL,
  claimed_by TEXT,
  claimed_until INTEGER,
  done_at INTEGER,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX jobs_one_waiting ON jobs(kind, job_key)
  WHERE claimed_by IS NULL AND done_at IS NULL;
CREATE INDEX jobs_pending ON jobs(kind, run_at) WHERE done_at IS NULL;
)sql"},
      // "My" to-dos by due time (the workbench): without it, a user who registered few of a
      // million open cases walks the whole due-time index (0.1 s) instead of a few entries.
      {5, R"sql(
CREATE INDEX cases_open_creator ON cases(created_by, due_at) WHERE closed_at IS NULL;
)sql"},
      // Hotline insight (docs/insight.md): each run of the analysis over a period, and its
      // findings with their status against the last run of the same kind and their evidence.
      {6, R"sql(
CREATE TABLE insight_runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('daily', 'weekly', 'monthly', 'on_demand')),
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  actor_id INTEGER NOT NULL REFERENCES users(id),
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  tickets INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
  source TEXT NOT NULL DEFAULT 'hotline',
  notes TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX insight_runs_kind ON insight_runs(kind, id);
CREATE TABLE insight_findings (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES insight_runs(id),
  rank INTEGER NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('hot_issue', 'emerging', 'trending', 'periodic')),
  finding_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('new', 'continuing', 'subsided')),
  title TEXT NOT NULL,
  score INTEGER NOT NULL,  -- hundredths (exact in both databases and in the copy)
  previous_score INTEGER,
  evidence TEXT NOT NULL DEFAULT '{}',
  case_id INTEGER REFERENCES cases(id)
);
CREATE INDEX insight_findings_run ON insight_findings(run_id, rank);
CREATE INDEX insight_findings_key ON insight_findings(finding_key, id);
)sql"},
      // The hotline category tree as the office edits it (seeded from attachment1.csv at start-up
      // when empty) and the user dictionary of the segmenter.
      {7, R"sql(
CREATE TABLE hotline_categories (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES hotline_categories(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL CHECK (name <> ''),
  sort INTEGER NOT NULL DEFAULT 0,
  unit_code TEXT NOT NULL DEFAULT '',
  disabled INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX hotline_categories_sibling_name
  ON hotline_categories(COALESCE(parent_id, 0), name);
CREATE TABLE dictionary_words (
  word TEXT PRIMARY KEY CHECK (word <> ''),
  freq BIGINT,
  tag TEXT NOT NULL DEFAULT '',
  added_by BIGINT NOT NULL DEFAULT 0,
  added_at BIGINT NOT NULL DEFAULT 0
);
-- The office's local names, as data/text/userdict.txt had them.
INSERT INTO dictionary_words(word, freq, tag, added_by, added_at) VALUES
  ('泰州', NULL, 'ns', 0, 0),
  ('泰州市', NULL, 'ns', 0, 0),
  ('海陵区', NULL, 'ns', 0, 0),
  ('高港区', NULL, 'ns', 0, 0),
  ('姜堰区', NULL, 'ns', 0, 0),
  ('兴化市', NULL, 'ns', 0, 0),
  ('靖江市', NULL, 'ns', 0, 0),
  ('泰兴市', NULL, 'ns', 0, 0),
  ('医药高新区', NULL, 'ns', 0, 0),
  ('421工程', NULL, 'nz', 0, 0),
  ('12345', NULL, 'nz', 0, 0),
  ('12345热线', NULL, 'nz', 0, 0),
  ('市长公开电话', NULL, 'nz', 0, 0),
  ('政务服务热线', NULL, 'nz', 0, 0),
  ('市政府办公室', NULL, 'nt', 0, 0),
  ('承办单位', NULL, 'n', 0, 0),
  ('协办单位', NULL, 'n', 0, 0),
  ('主办单位', NULL, 'n', 0, 0),
  ('交办', NULL, 'v', 0, 0),
  ('转办', NULL, 'v', 0, 0),
  ('督办', NULL, 'v', 0, 0),
  ('催办', NULL, 'v', 0, 0),
  ('办结', NULL, 'v', 0, 0),
  ('退单', NULL, 'v', 0, 0),
  ('改派', NULL, 'v', 0, 0),
  ('回访', NULL, 'v', 0, 0),
  ('诉求', NULL, 'n', 0, 0),
  ('来电', NULL, 'n', 0, 0),
  ('扰民', NULL, 'v', 0, 0),
  ('工单', NULL, 'n', 0, 0),
  ('台账', NULL, 'n', 0, 0),
  ('批示件', NULL, 'n', 0, 0),
  ('发文字号', NULL, 'n', 0, 0);
)sql"},
      // The keyword search index (sqlite/sqlite_search.h). A database that already has cases
      // gets the marker "build_from": SqliteStore::Open then builds the index, with progress.
      {8, R"sql(
CREATE TABLE search_postings (
  term INTEGER NOT NULL,
  chunk INTEGER NOT NULL,
  docs BLOB NOT NULL,
  PRIMARY KEY (term, chunk)
) WITHOUT ROWID;
CREATE TABLE search_recent (
  term INTEGER NOT NULL,
  case_id INTEGER NOT NULL,
  PRIMARY KEY (term, case_id)
) WITHOUT ROWID;
CREATE TABLE search_meta (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO search_meta(key, value) SELECT 'build_from', 0 WHERE EXISTS (SELECT 1 FROM cases);
-- A keyword matching many cases is listed by walking the list's order (newest created or
-- updated first) and testing each case against the index's candidates.
CREATE INDEX cases_updated ON cases(updated_at);
)sql"},
      // Hotline insight's features of each analysed ticket (analytics/ticket_features.h), kept
      // between runs so a daily run segments only the tickets new or changed since
      // (docs/insight.md).
      {9, R"sql(
CREATE TABLE insight_ticket_features (
  case_id INTEGER PRIMARY KEY REFERENCES cases(id),
  day INTEGER NOT NULL,
  version INTEGER NOT NULL,
  features TEXT NOT NULL
);
CREATE INDEX insight_ticket_features_day ON insight_ticket_features(day);
)sql"},
      // Keyword index rows of cases created or changed one at a time: one row per case (its terms
      // as a sorted delta-varint blob, appended in seq order) instead of one row per term and
      // case, which wrote a random B-tree leaf per term (sqlite/sqlite_search.h).
      {10, R"sql(
CREATE TABLE search_pending (
  seq INTEGER PRIMARY KEY,
  case_id INTEGER NOT NULL,
  terms BLOB NOT NULL
);
INSERT INTO search_pending(case_id, terms)
  SELECT case_id, zb_search_pack(term) FROM search_recent GROUP BY case_id ORDER BY case_id;
DROP TABLE search_recent;
)sql"},
      // Posting lists kept in chunk order: a chunk's rows (an import batch's segment, a merge
      // step) are appended at the end of the table, and only the small index by term takes
      // inserts all over. Keyed by term first, each chunk's rows went into almost every leaf of
      // the table, so each batch of an import rewrote the whole table into the WAL (a million
      // tickets: 4.5 of 26 s, 6 of the 11 CPU s in the kernel).
      {11, R"sql(
CREATE TABLE search_postings_by_chunk (
  chunk INTEGER NOT NULL,
  term INTEGER NOT NULL,
  docs BLOB NOT NULL,
  PRIMARY KEY (chunk, term)
) WITHOUT ROWID;
INSERT INTO search_postings_by_chunk(chunk, term, docs)
  SELECT chunk, term, docs FROM search_postings ORDER BY chunk, term;
DROP TABLE search_postings;
ALTER TABLE search_postings_by_chunk RENAME TO search_postings;
CREATE INDEX search_postings_term ON search_postings(term);
)sql"},
      // A case's events kept together: an event's id is its case's id and its seq together
      // (event_id.h), so the table keyed by id holds each case's history as one range. The
      // UNIQUE (case_id, seq) index is no longer needed: the id is unique and says the same.
      {12, R"sql(
CREATE TABLE events_by_case (
  id INTEGER PRIMARY KEY CHECK (id = case_id * 16777216 + seq),
  case_id INTEGER NOT NULL REFERENCES cases(id),
  seq INTEGER NOT NULL CHECK (seq BETWEEN 1 AND 16777215),
  type TEXT NOT NULL,
  action TEXT NOT NULL,
  actor_id INTEGER NOT NULL REFERENCES users(id),
  on_behalf_of INTEGER REFERENCES users(id),
  at INTEGER NOT NULL,
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO events_by_case SELECT case_id * 16777216 + seq, case_id, seq, type, action, actor_id,
  on_behalf_of, at, from_state, to_state, data FROM events ORDER BY case_id, seq;
DROP TABLE events;
ALTER TABLE events_by_case RENAME TO events;
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
)sql"},
  };
  return migrations;
}

Result<int> CurrentVersion(Connection& conn) {
  ZB_RETURN_IF_ERROR(
      conn.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                "applied_at INTEGER NOT NULL DEFAULT (unixepoch()))"));
  ZB_ASSIGN_OR_RETURN(auto st,
                      conn.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations"));
  if (!st->Step()) return ToStatus(st->rc(), conn.raw(), "schema version");
  return static_cast<int>(st->Int(0));
}

}  // namespace

int LatestSchemaVersion() {
  return Migrations().back().version;
}

Status Migrate(Connection& conn) {
  ZB_ASSIGN_OR_RETURN(int current, CurrentVersion(conn));
  if (current > LatestSchemaVersion()) {
    return Invalid("数据库版本 " + std::to_string(current) + " 高于本程序支持的版本 " +
                       std::to_string(LatestSchemaVersion()) + "，请升级 zhengban",
                   "the database schema version " + std::to_string(current) +
                       " is newer than this program supports (" +
                       std::to_string(LatestSchemaVersion()) + "); upgrade zhengban");
  }
  if (current > 0 && current < LatestSchemaVersion()) {
    // An office's database from an older version: some steps rebuild a table (migration 12:
    // seconds for millions of events), so say what is happening.
    std::fprintf(stderr, "升级数据库 upgrading the database: schema %d → %d\n", current,
                 LatestSchemaVersion());
  }
  for (const Migration& m : Migrations()) {
    if (m.version <= current) continue;
    ZB_RETURN_IF_ERROR(conn.Exec("BEGIN IMMEDIATE"));
    Status s = conn.Exec(m.sql);
    if (s.ok()) {
      s = conn.Exec("INSERT INTO schema_migrations(version) VALUES (" + std::to_string(m.version) +
                    ")");
    }
    if (!s.ok()) {
      (void)conn.Exec("ROLLBACK");
      return s.WithContext("迁移 " + std::to_string(m.version) + " 失败",
                           "migration " + std::to_string(m.version) + " failed");
    }
    ZB_RETURN_IF_ERROR(conn.Exec("COMMIT"));
  }
  return Status();
}

}  // namespace zb::store::sqlite
