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

// Users: mayor (city_leader), secgen (office_leader), chief (section_chief), clerk (staff),
// secretary (staff, holds the mayor's delegation), housing / transport (unit_liaison of two
// departments), operator (hotline_operator), admin.
class TestOffice {
 public:
  explicit TestOffice(Instant start);
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
};

// The repository root (ZB_SOURCE_DIR, set by CTest, or the working directory).
std::filesystem::path SourceDir();

}  // namespace zb::cases::testing
