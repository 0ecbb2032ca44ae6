// Versioned schema migrations for PostgreSQL, the same versions as SQLite's (store/sqlite/
// migrations.cpp) expressed in PostgreSQL's dialect. Each migration runs in its own transaction
// under an advisory lock, so several nodes starting together migrate once; each is recorded in
// schema_migrations. A database newer than this binary is refused.
#pragma once

#include "base/status.h"
#include "store/postgres/pg_pool.h"

namespace zb::store::postgres {

// The highest schema version this binary knows.
int LatestSchemaVersion();

// Brings the database up to LatestSchemaVersion(). Safe to call on an up-to-date database and
// from several processes at once.
Status Migrate(PgPool& pool);

}  // namespace zb::store::postgres
