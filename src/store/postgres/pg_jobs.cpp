// Jobs shared by the nodes, on PostgreSQL: a claim locks the chosen row with FOR UPDATE SKIP
// LOCKED, so concurrent claimers on other nodes pass over it instead of waiting or taking it too.
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"

namespace zb::store::postgres {

namespace {

// Done jobs are kept this long (for inspection), then forgotten when another of their kind is
// completed.
constexpr int64_t kKeepDoneSeconds = 24 * 3600;

}  // namespace

Status PgStore::ScheduleJob(const std::string& kind, const std::string& key, Instant run_at) {
  return pool_->Write("schedule job", [&](Tx& tx) -> Status {
    tx.Exec(
        "INSERT INTO jobs(kind, job_key, run_at) VALUES ($1,$2,$3) "
        "ON CONFLICT (kind, job_key) WHERE claimed_by IS NULL AND done_at IS NULL "
        "DO UPDATE SET run_at = least(jobs.run_at, excluded.run_at)",
        kind, key, ToUnixSeconds(run_at));
    return Status();
  });
}

Result<std::optional<Job>> PgStore::ClaimJob(const std::string& kind, const std::string& worker,
                                             Instant now, std::chrono::seconds lease) {
  std::optional<Job> job;
  ZB_RETURN_IF_ERROR(pool_->Write("claim job", [&](Tx& tx) -> Status {
    int64_t at = ToUnixSeconds(now);
    auto r = tx.Exec(
        "UPDATE jobs SET claimed_by=$2, claimed_until=$4, attempts=attempts+1 "
        "WHERE id = (SELECT id FROM jobs j WHERE kind=$1 AND done_at IS NULL AND run_at <= $3 "
        "  AND (claimed_until IS NULL OR claimed_until <= $3) "
        "  AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.kind=j.kind AND o.job_key=j.job_key "
        "    AND o.id<>j.id AND o.done_at IS NULL AND o.claimed_until > $3) "
        "  ORDER BY run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
        "RETURNING id, kind, job_key, run_at, claimed_by, claimed_until, done_at, attempts",
        kind, worker, at, at + static_cast<int64_t>(lease.count()));
    if (r.empty()) return Status();
    const auto& row = r[0];
    Job j;
    j.id = Int(row[0]);
    j.kind = Text(row[1]);
    j.key = Text(row[2]);
    j.run_at = At(row[3]);
    j.claimed_by = Text(row[4]);
    j.claimed_until = OptAt(row[5]);
    j.done_at = OptAt(row[6]);
    j.attempts = static_cast<int>(Int(row[7]));
    job = std::move(j);
    return Status();
  }));
  return job;
}

Status PgStore::CompleteJob(Id id, const std::string& worker, Instant at) {
  return pool_->Write("complete job", [&](Tx& tx) -> Status {
    auto r = tx.Exec(
        "UPDATE jobs SET done_at=$3 WHERE id=$1 AND claimed_by=$2 AND done_at IS NULL "
        "RETURNING kind",
        id, worker, ToUnixSeconds(at));
    if (r.empty()) {
      return Conflict("任务 " + std::to_string(id) + " 已由其他节点接手",
                      "job " + std::to_string(id) + " was taken over by another worker");
    }
    tx.Exec("DELETE FROM jobs WHERE kind=$1 AND done_at < $2", Text(r[0][0]),
            ToUnixSeconds(at) - kKeepDoneSeconds);
    return Status();
  });
}

}  // namespace zb::store::postgres
