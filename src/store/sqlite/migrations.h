// Versioned schema migrations for SQLite. Applied in order at start-up, each in its own
// transaction, recorded in schema_migrations. A database newer than this binary is refused.
#pragma once

#include "base/status.h"
#include "store/sqlite/connection.h"

namespace zb::store::sqlite {

// The highest schema version this binary knows.
int LatestSchemaVersion();

// Brings the database up to LatestSchemaVersion(). Safe to call on an up-to-date database.
Status Migrate(Connection& conn);

}  // namespace zb::store::sqlite
