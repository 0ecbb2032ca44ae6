// Moving an office from SQLite to PostgreSQL: every table that holds the office's records is
// copied row for row (ids, JSON text and audit hashes unchanged, so the audit chain still
// verifies), in one transaction, into an empty, migrated PostgreSQL database. Sign-in state
// (sessions, sign-in attempts) and scheduled jobs are not copied.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace zb::store::postgres {

// One table compared after the copy: row counts and a SHA-256 over its rows in key order, read
// back from each database.
struct TableCheck {
  std::string table;
  int64_t source_rows = 0;
  int64_t target_rows = 0;
  std::string source_sum;
  std::string target_sum;
  bool ok() const { return source_rows == target_rows && source_sum == target_sum; }
};

// Copies the SQLite database at `sqlite_path` into `pg_url` and compares the two. Fails with
// kInvalidArgument, writing nothing, when the target already holds records.
Result<std::vector<TableCheck>> CopySqliteToPostgres(const std::string& sqlite_path,
                                                     const std::string& pg_url);

}  // namespace zb::store::postgres
