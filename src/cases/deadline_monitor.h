// Time-limit alerts: a reminder (催办) to the holders when a case turns yellow, and an overdue
// reminder with escalation to the office's supervisors when it falls due. Each alert is an
// "urged" event by the system account, with inbox notifications and SMS outbox messages, written
// in one transaction and raised exactly once per case, stage and time limit — also when several
// nodes run the monitor (the store refuses a second mark).
//
// The Scheduler runs the monitor on its own thread and sleeps until the next instant a light
// changes (Store::NextAlertAt), not polling every case; Wake() makes it look again at once after
// a change. Tests call RaiseDueAlerts with an injected instant and never sleep.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "cases/workflow_registry.h"
#include "store/store.h"

namespace zb::cases {

class DeadlineMonitor {
 public:
  DeadlineMonitor(store::Store& store, const WorkflowRegistry& workflows)
      : store_(store), workflows_(workflows) {}

  // Raises every alert due at `now`; returns how many were raised.
  Result<int> RaiseDueAlerts(Instant now);
  Result<std::optional<Instant>> NextAlertAt(Instant now) { return store_.NextAlertAt(now); }
  // The account alerts are recorded under ("system", cannot sign in); created when missing.
  Result<store::Id> SystemUser();

 private:
  Status RaiseOne(store::Id case_id, Instant now, store::Id system_user,
                  const std::vector<store::User>& users);

  store::Store& store_;
  const WorkflowRegistry& workflows_;
};

class Scheduler {
 public:
  Scheduler(DeadlineMonitor& monitor, const Clock& clock) : monitor_(monitor), clock_(clock) {}
  ~Scheduler() { Stop(); }

  void Start();
  void Stop();
  // Something changed (a case assigned or extended): recompute the next instant now.
  void Wake();

 private:
  void Loop();

  DeadlineMonitor& monitor_;
  const Clock& clock_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  bool woken_ = false;     // guarded by mu_
  std::thread thread_;
};

}  // namespace zb::cases
