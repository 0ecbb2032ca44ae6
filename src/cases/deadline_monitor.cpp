#include "cases/deadline_monitor.h"

#include "cases/projection.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace zb::cases {

namespace {

bool IsHolderRole(const std::string& role) {
  return role == "unit_liaison" || role == "section_chief" || role == "staff";
}

bool IsSupervisorRole(const std::string& role) {
  return role == "section_chief" || role == "office_leader";
}

}  // namespace

Result<store::Id> DeadlineMonitor::SystemUser() {
  auto existing = store_.FindUserByName("system");
  if (existing.ok()) return existing->id;
  ZB_ASSIGN_OR_RETURN(auto units, store_.ListUnits());
  auto office = std::find_if(units.begin(), units.end(),
                             [](const store::Unit& u) { return u.unit_type == "office"; });
  if (office == units.end()) office = units.begin();
  if (office == units.end()) return NotFound("尚未建立单位", "there are no units yet");
  store::User u;
  u.username = "system";
  u.display_name = "系统";
  u.role = "staff";
  u.unit_id = office->id;
  u.active = false;  // it cannot sign in; it only records automatic actions
  auto id = store_.AddUser(u);
  if (!id.ok() && id.status().code() == ErrorCode::kConflict) {
    return store_.FindUserByName("system")->id;  // another node created it meanwhile
  }
  return id;
}

Status DeadlineMonitor::RaiseOne(store::Id case_id, Instant now, store::Id system_user,
                                 const std::vector<store::User>& users) {
  ZB_ASSIGN_OR_RETURN(store::CaseRecord c, store_.GetCase(case_id));
  if (c.closed_at || !c.due_at) return Status();
  bool overdue = now >= *c.due_at;
  const Workflow* wf = workflows_.Find(c.kind);
  std::string kind_label = wf ? wf->label : c.kind;
  std::string due = FormatChinaMinute(*c.due_at);

  store::CaseChange ch;
  ch.updated = c;
  ch.expected_version = c.version;
  store::EventRecord e;
  e.type = "urged";
  e.action = overdue ? "overdue_reminder" : "reminder";
  e.actor_id = system_user;
  e.at = now;
  e.from_state = e.to_state = c.state;
  e.seq = c.version + 1;
  e.data = {{"automatic", true},
            {"stage", overdue ? "overdue" : "yellow"},
            {"text", overdue ? "已超过办理时限（" + due + "），请立即办理并说明原因"
                             : "即将到期（" + due + "），请抓紧办理"}};
  ch.alert = store::DeadlineAlert{c.id, overdue ? "overdue" : "yellow", *c.due_at};

  std::vector<const store::User*> holders, supervisors;
  std::vector<store::Unit> units;
  for (const store::User& u : users) {
    if (!u.active) continue;
    bool holds = c.lead_unit_id ? (u.unit_id == *c.lead_unit_id && IsHolderRole(u.role))
                                : u.id == c.created_by;
    if (holds) holders.push_back(&u);
  }
  if (overdue) {
    auto all_units = store_.ListUnits();
    for (const store::User& u : users) {
      if (!u.active || !IsSupervisorRole(u.role) || !all_units.ok()) continue;
      for (const store::Unit& unit : *all_units) {
        if (unit.id == u.unit_id && unit.unit_type == "office") supervisors.push_back(&u);
      }
    }
  }
  std::string title = (overdue ? "【超期】" : "【催办】") + kind_label + "：" + c.title;
  auto notify = [&](const store::User& u, const char* kind, const std::string& body) {
    ch.notifications.push_back(
        store::Notification{0, u.id, c.id, kind, title, body, now, std::nullopt});
    ch.outbox.push_back(store::OutboxMessage{0, "sms", u.username, title + "。" + body, now});
  };
  for (const store::User* u : holders) {
    notify(*u, overdue ? "overdue" : "reminder", e.data["text"].get<std::string>());
  }
  nlohmann::json escalated = nlohmann::json::array();
  for (const store::User* u : supervisors) {
    notify(*u, "escalation", "承办单位未在时限（" + due + "）内办结，请督办");
    escalated.push_back(u->id);
  }
  if (overdue) e.data["escalated_to"] = escalated;
  ApplyEvent(ch.updated, e);
  ch.events.push_back(std::move(e));
  store::AuditEntry a;
  a.at = now;
  a.actor_id = system_user;
  a.action = overdue ? "case.overdue_reminder" : "case.reminder";
  a.target = "case:" + std::to_string(c.id);
  a.detail = {{"due_at", due}, {"notified", ch.notifications.size()}};
  ch.audit = std::move(a);
  return store_.ApplyChange(ch);
}

Result<int> DeadlineMonitor::RaiseDueAlerts(Instant now, const std::atomic<bool>* stop) {
  ZB_ASSIGN_OR_RETURN(store::Id system_user, SystemUser());
  ZB_ASSIGN_OR_RETURN(auto users, store_.ListUsers());
  int raised = 0;
  for (;;) {
    if (stop && stop->load()) break;
    ZB_ASSIGN_OR_RETURN(auto ids, store_.CasesNeedingAlert(now, 500));
    if (ids.empty()) break;
    int conflicts = 0;
    for (store::Id id : ids) {
      Status s = RaiseOne(id, now, system_user, users);
      if (s.ok()) {
        ++raised;
        if (on_raised) on_raised(id);
      } else if (s.code() == ErrorCode::kConflict) {
        ++conflicts;  // another node raised it, or the case changed meanwhile: look again
      } else {
        return s;
      }
    }
    if (conflicts == static_cast<int>(ids.size())) break;  // nothing more this round
  }
  return raised;
}

void Scheduler::Start() {
  std::lock_guard lock(mu_);
  stopping_ = false;
  stop_requested_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void Scheduler::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_requested_ = true;  // a long sweep (thousands of overdue cases) ends at its next batch
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Scheduler::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

void Scheduler::Sweep(Instant now) {
  auto began = std::chrono::steady_clock::now();
  auto raised = monitor_.RaiseDueAlerts(now, &stop_requested_);
  last_sweep_end_ = std::chrono::steady_clock::now();
  last_sweep_took_ = last_sweep_end_ - began;
  stats_.runs.fetch_add(1, std::memory_order_relaxed);
  if (!raised.ok()) {
    stats_.failures.fetch_add(1, std::memory_order_relaxed);
    spdlog::warn("time-limit alerts: {}", raised.status().ToString());
  } else if (*raised > 0) {
    stats_.alerts.fetch_add(static_cast<uint64_t>(*raised), std::memory_order_relaxed);
    spdlog::info("time-limit alerts raised: {}", *raised);
  }
}

bool Scheduler::SweepAsJob(Instant now, bool request) {
  if (request) {
    Status s = jobs_->ScheduleJob(kSweepJob, "", now);
    if (!s.ok()) spdlog::warn("time-limit alerts: {}", s.ToString());
  }
  auto job = jobs_->ClaimJob(kSweepJob, worker_, now, lease_);
  if (!job.ok()) {
    spdlog::warn("time-limit alerts: {}", job.status().ToString());
    return false;
  }
  if (!job->has_value()) return false;  // none due, or another node is sweeping
  Sweep(now);
  Status done = jobs_->CompleteJob((*job)->id, worker_, clock_.Now());
  if (!done.ok()) spdlog::warn("time-limit alerts: {}", done.ToString());
  return true;
}

void Scheduler::Loop() {
  bool request = true;
  for (;;) {
    Instant now = clock_.Now();
    // A sweep was due but another worker holds its lease: a node that is sweeping right now, or
    // one that died mid-sweep, whose lease must be taken over as soon as it expires.
    bool held_elsewhere = false;
    if (!jobs_) {
      Sweep(now);
    } else if (SweepAsJob(now, request)) {
      // Another run may have been requested while this one ran: look again before sleeping.
      request = false;
      std::lock_guard lock(mu_);
      if (stopping_) return;
      continue;
    } else {
      held_elsewhere = request;
    }
    request = true;
    // Sleep until the next light change; look again at least every minute so that changes made
    // by other nodes are noticed.
    auto wait = std::chrono::seconds(60);
    auto next = monitor_.NextAlertAt(now);
    if (next.ok() && *next) {
      wait = std::clamp(std::chrono::duration_cast<std::chrono::seconds>(**next - now),
                        std::chrono::seconds(1), std::chrono::seconds(60));
    }
    if (held_elsewhere) wait = std::min(wait, std::chrono::seconds(5));
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
    if (stopping_) return;
    if (woken_) {
      // Woken by a change: not before three times the last sweep's duration has passed since it
      // ended (nothing to wait for on a small office), so that a stream of changes on a large
      // one does not keep a core sweeping.
      auto gap = std::min<std::chrono::steady_clock::duration>(3 * last_sweep_took_,
                                                               std::chrono::seconds(30));
      cv_.wait_until(lock, last_sweep_end_ + gap, [this] { return stopping_; });
      if (stopping_) return;
    }
    woken_ = false;
  }
}

}  // namespace zb::cases
