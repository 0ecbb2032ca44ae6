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

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "cases/workflow_registry.h"
#include "store/store.h"

namespace zb::cases {

class DeadlineMonitor {
 public:
  DeadlineMonitor(store::Store& store, const WorkflowRegistry& workflows)
      : store_(store), workflows_(workflows) {}

  // Raises every alert due at `now`; returns how many were raised.
  // Stops between batches of cases once `*stop` is set (the server is shutting down); the next
  // sweep, on any node, raises the rest.
  Result<int> RaiseDueAlerts(Instant now, const std::atomic<bool>* stop = nullptr);
  Result<std::optional<Instant>> NextAlertAt(Instant now) { return store_.NextAlertAt(now); }
  // The account alerts are recorded under ("system", cannot sign in); created when missing.
  Result<store::Id> SystemUser();

  // Called on the sweeping thread with each case whose alert was just committed (the server
  // publishes the change on the live stream, so lists and unread badges update at once). Set it
  // before the scheduler starts.
  std::function<void(store::Id)> on_raised;

 private:
  Status RaiseOne(store::Id case_id, Instant now, store::Id system_user,
                  const std::vector<store::User>& users);

  store::Store& store_;
  const WorkflowRegistry& workflows_;
};

// With `jobs`, each sweep is a job ("deadline_sweep") claimed through the store, so that of
// several nodes only one sweeps at a time; a sweep requested meanwhile runs after it, and a sweep
// whose node died is taken over once its lease expires. A sweep longer than the lease may overlap
// the next one; alerts stay exactly-once either way.
class Scheduler {
 public:
  static constexpr const char* kSweepJob = "deadline_sweep";

  Scheduler(DeadlineMonitor& monitor, const Clock& clock) : monitor_(monitor), clock_(clock) {}
  Scheduler(DeadlineMonitor& monitor, const Clock& clock, store::Store& jobs, std::string worker,
            std::chrono::seconds lease = std::chrono::seconds(30))
      : monitor_(monitor), clock_(clock), jobs_(&jobs), worker_(std::move(worker)), lease_(lease) {}
  ~Scheduler() { Stop(); }

  void Start();
  void Stop();
  // Something changed (a case assigned or extended): sweep and recompute the next instant now,
  // or, right after a sweep, once three times that sweep's duration has passed (a sweep reads
  // every overdue open case: 0.36 s when a million are, and changes may come many a second).
  void Wake();

  // Sweeps this process ran, those that failed, and the alerts they raised (for /metrics).
  struct Stats {
    std::atomic<uint64_t> runs{0}, failures{0}, alerts{0};
  };
  const Stats& stats() const { return stats_; }

 private:
  void Loop();
  // Requests a sweep now if `request`, then runs one if this worker can claim it. Returns
  // whether it ran one.
  bool SweepAsJob(Instant now, bool request);
  void Sweep(Instant now);

  DeadlineMonitor& monitor_;
  const Clock& clock_;
  store::Store* const jobs_ = nullptr;
  const std::string worker_;
  const std::chrono::seconds lease_{30};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::atomic<bool> stop_requested_{false};
  bool woken_ = false;  // guarded by mu_
  // The last sweep's end and duration (the loop's thread only).
  std::chrono::steady_clock::time_point last_sweep_end_{};
  std::chrono::steady_clock::duration last_sweep_took_{};
  std::thread thread_;
  Stats stats_;
};

}  // namespace zb::cases
