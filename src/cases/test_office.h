// A small office in a temporary database, for tests: units, users for every role, the real
// workflows and calendar. Test-only.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "cases/calendar_deadlines.h"
#include "cases/case_engine.h"

namespace zb::cases::testing {

// The databases tests can run on: SQLite always; PostgreSQL when ZB_TEST_PG_URL names a server
// where tests may create databases (tests/run-all starts one).
enum class Backend { kSqlite, kPostgres };
const char* BackendLabel(Backend b);  // "sqlite", "postgres" (for test names)
// ZB_TEST_PG_URL, or "" when it is not set.
std::string TestPostgresUrl();
// `b`, or SQLite when `b` is PostgreSQL and no server is set (such a test skips itself).
Backend UsableBackend(Backend b);
// For suites that run whole on one database (the API tests): PostgreSQL when ZB_TEST_STORE is
// "postgres" (tests/run-all sets it with ZB_TEST_PG_URL), otherwise SQLite.
Backend BackendFromEnvironment();

// Users: mayor (city_leader), secgen (office_leader), chief (section_chief), clerk (staff),
// secretary (staff, holds the mayor's delegation), housing / transport (unit_liaison of two
// departments), operator (hotline_operator), admin.
class TestOffice {
 public:
  // On PostgreSQL, a fresh database on TestPostgresUrl()'s server, dropped by the destructor
  // (throws when no server is set: check TestPostgresUrl() first).
  explicit TestOffice(Instant start, Backend backend = Backend::kSqlite);
  ~TestOffice();

  store::Id user(const std::string& name) const { return users_.at(name); }
  store::Id unit(const std::string& code) const { return units_.at(code); }
  Actor actor(const std::string& name) const { return *engine->LoadActor(user(name)); }

  std::filesystem::path dir;
  std::unique_ptr<store::Store> store;
  WorkflowRegistry workflows;
  std::unique_ptr<CalendarDeadlines> deadlines;
  ManualClock clock;
  std::unique_ptr<CaseEngine> engine;

 private:
  std::map<std::string, store::Id> users_, units_;
  std::string pg_database_;  // the PostgreSQL database made for this office, if any
};

// The repository root (ZB_SOURCE_DIR, set by CTest, or the working directory).
std::filesystem::path SourceDir();

}  // namespace zb::cases::testing
