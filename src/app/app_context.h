// What most commands need: the store, the workflows, the time-limit rules and the engine, opened
// from the global options.
#pragma once

#include <memory>

#include "app/command.h"
#include "cases/attachment_store.h"
#include "cases/calendar_deadlines.h"
#include "cases/case_engine.h"

namespace zb::app {

struct AppContext {
  std::unique_ptr<store::Store> store;
  cases::WorkflowRegistry workflows;
  std::unique_ptr<cases::CalendarDeadlines> deadlines;
  std::unique_ptr<Clock> clock;
  std::unique_ptr<cases::CaseEngine> engine;
  std::unique_ptr<cases::AttachmentStore> attachments;
};

// Opens everything or fails the command with a clear message (exit 1).
std::unique_ptr<AppContext> OpenContext(const GlobalOptions& options,
                                        std::unique_ptr<Clock> clock = nullptr);

// Opens the store named by options.db; an unreachable PostgreSQL server is retried with backoff
// for options.db_wait_seconds, each wait announced on stderr.
Result<std::unique_ptr<store::Store>> OpenDatabase(const GlobalOptions& options);

// Creates the parent folder of a SQLite database path if needed.
void EnsureDatabaseFolder(const std::string& db);

}  // namespace zb::app
