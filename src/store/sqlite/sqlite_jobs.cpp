// Jobs shared by the nodes, on SQLite. The single writer connection serialises claims, so a plain
// UPDATE … RETURNING is enough where PostgreSQL needs FOR UPDATE SKIP LOCKED.
#include "store/sqlite/sqlite_store.h"

namespace zb::store::sqlite {

namespace {

// Done jobs are kept this long (for inspection), then forgotten when another of their kind is
// completed.
constexpr int64_t kKeepDoneSeconds = 24 * 3600;

Job ReadJob(const Statement& st) {
  Job j;
  j.id = st.Int(0);
  j.kind = st.Text(1);
  j.key = st.Text(2);
  j.run_at = FromUnixSeconds(st.Int(3));
  j.claimed_by = st.Text(4);
  if (auto v = st.OptInt(5)) j.claimed_until = FromUnixSeconds(*v);
  if (auto v = st.OptInt(6)) j.done_at = FromUnixSeconds(*v);
  j.attempts = static_cast<int>(st.Int(7));
  return j;
}

}  // namespace

Status SqliteStore::ScheduleJob(const std::string& kind, const std::string& key, Instant run_at) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st, c.Prepare("INSERT INTO jobs(kind, job_key, run_at) VALUES (?,?,?) "
                           "ON CONFLICT (kind, job_key) WHERE claimed_by IS NULL AND done_at IS "
                           "NULL DO UPDATE SET run_at = min(run_at, excluded.run_at)"));
    st->Bind(1, kind).Bind(2, key).Bind(3, ToUnixSeconds(run_at));
    return c.Run(*st, "schedule job");
  });
}

Result<std::optional<Job>> SqliteStore::ClaimJob(const std::string& kind, const std::string& worker,
                                                 Instant now, std::chrono::seconds lease) {
  std::optional<Job> job;
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st,
        c.Prepare("UPDATE jobs SET claimed_by=?2, claimed_until=?4, attempts=attempts+1 "
                  "WHERE id = (SELECT id FROM jobs j WHERE kind=?1 AND done_at IS NULL "
                  "  AND run_at <= ?3 AND (claimed_until IS NULL OR claimed_until <= ?3) "
                  "  AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.kind=j.kind "
                  "    AND o.job_key=j.job_key AND o.id<>j.id AND o.done_at IS NULL "
                  "    AND o.claimed_until > ?3) "
                  "  ORDER BY run_at, id LIMIT 1) "
                  "RETURNING id, kind, job_key, run_at, claimed_by, claimed_until, done_at, "
                  "attempts"));
    int64_t at = ToUnixSeconds(now);
    st->Bind(1, kind).Bind(2, worker).Bind(3, at).Bind(4, at + lease.count());
    if (st->Step()) {
      job = ReadJob(*st);
      st->Step();  // runs the statement to completion
    }
    if (st->rc() != SQLITE_DONE) return ToStatus(st->rc(), c.raw(), "claim job");
    return Status();
  }));
  return job;
}

Status SqliteStore::CompleteJob(Id id, const std::string& worker, Instant at) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("UPDATE jobs SET done_at=? WHERE id=? AND claimed_by=? "
                                           "AND done_at IS NULL"));
    st->Bind(1, ToUnixSeconds(at)).Bind(2, id).Bind(3, worker);
    ZB_RETURN_IF_ERROR(c.Run(*st, "complete job"));
    if (c.Changes() == 0) {
      return Conflict("任务 " + std::to_string(id) + " 已由其他节点接手",
                      "job " + std::to_string(id) + " was taken over by another worker");
    }
    ZB_ASSIGN_OR_RETURN(auto old, c.Prepare("DELETE FROM jobs WHERE done_at < ? AND kind = "
                                            "(SELECT kind FROM jobs WHERE id = ?)"));
    old->Bind(1, ToUnixSeconds(at) - kKeepDoneSeconds).Bind(2, id);
    return c.Run(*old, "forget old jobs");
  });
}

}  // namespace zb::store::sqlite
