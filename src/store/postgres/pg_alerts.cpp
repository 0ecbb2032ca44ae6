// Time-limit alerts, the inbox and the outbox on PostgreSQL.
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"

namespace zb::store::postgres {

Status PgStore::InsertSideEffects(Tx& tx, const CaseChange& ch) {
  if (ch.alert) {
    // A unique violation (another node raised it first) aborts the whole change: kConflict.
    tx.Exec("INSERT INTO deadline_alerts(case_id, stage, due_at) VALUES ($1,$2,$3)",
            ch.alert->case_id, ch.alert->stage, ToUnixSeconds(ch.alert->due_at));
  }
  for (const Notification& n : ch.notifications) {
    tx.Exec(
        "INSERT INTO notifications(user_id, case_id, kind, title, body, created_at) "
        "VALUES ($1,$2,$3,$4,$5,$6)",
        n.user_id, n.case_id, n.kind, n.title, n.body, ToUnixSeconds(n.created_at));
  }
  for (const OutboxMessage& m : ch.outbox) {
    tx.Exec("INSERT INTO outbox(channel, recipient, body, created_at) VALUES ($1,$2,$3,$4)",
            m.channel, m.recipient, m.body, ToUnixSeconds(m.created_at));
  }
  return Status();
}

Result<std::vector<Id>> PgStore::CasesNeedingAlert(Instant now, int limit) {
  std::vector<Id> ids;
  ZB_RETURN_IF_ERROR(pool_->Read("cases needing alerts", [&](Tx& tx) -> Status {
    auto r = tx.Exec(
        "SELECT id FROM cases WHERE closed_at IS NULL AND due_at <= $1 AND NOT EXISTS ("
        "  SELECT 1 FROM deadline_alerts a WHERE a.case_id = cases.id AND a.stage = 'overdue'"
        "  AND a.due_at = cases.due_at) "
        "UNION "
        "SELECT id FROM cases WHERE closed_at IS NULL AND yellow_at <= $1 AND due_at > $1 "
        "AND NOT EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.case_id = cases.id "
        "  AND a.stage = 'yellow' AND a.due_at = cases.due_at) "
        "ORDER BY 1 LIMIT $2",
        ToUnixSeconds(now), int64_t{limit});
    for (const auto& row : r) ids.push_back(Int(row[0]));
    return Status();
  }));
  return ids;
}

Result<std::optional<Instant>> PgStore::NextAlertAt(Instant now) {
  std::optional<Instant> next;
  ZB_RETURN_IF_ERROR(pool_->Read("next alert", [&](Tx& tx) -> Status {
    auto r = tx.Exec(
        "SELECT least((SELECT min(yellow_at) FROM cases WHERE closed_at IS NULL AND yellow_at > "
        "$1),"
        " (SELECT min(due_at) FROM cases WHERE closed_at IS NULL AND due_at > $1))",
        ToUnixSeconds(now));
    next = OptAt(r[0][0]);
    return Status();
  }));
  return next;
}

Result<std::vector<Notification>> PgStore::ListNotifications(Id user_id, bool unread_only,
                                                             int limit) {
  std::vector<Notification> out;
  ZB_RETURN_IF_ERROR(pool_->Read("list notifications", [&](Tx& tx) -> Status {
    auto r = tx.Exec(
        "SELECT id, user_id, case_id, kind, title, body, created_at, read_at FROM notifications "
        "WHERE user_id=$1 AND (NOT $2 OR read_at IS NULL) ORDER BY id DESC LIMIT $3",
        user_id, unread_only, int64_t{limit});
    for (const auto& row : r) {
      Notification n;
      n.id = Int(row[0]);
      n.user_id = Int(row[1]);
      n.case_id = OptInt(row[2]);
      n.kind = Text(row[3]);
      n.title = Text(row[4]);
      n.body = Text(row[5]);
      n.created_at = At(row[6]);
      n.read_at = OptAt(row[7]);
      out.push_back(std::move(n));
    }
    return Status();
  }));
  return out;
}

Result<int64_t> PgStore::CountUnreadNotifications(Id user_id) {
  int64_t n = 0;
  ZB_RETURN_IF_ERROR(pool_->Read("count notifications", [&](Tx& tx) -> Status {
    auto r = tx.Exec(
        "SELECT count(*) FROM (SELECT 1 FROM notifications WHERE user_id=$1 AND read_at IS NULL "
        "LIMIT $2) u",
        user_id, kUnreadCountCap);
    n = Int(r[0][0]);
    return Status();
  }));
  return n;
}

Status PgStore::MarkNotificationsRead(Id user_id, Id id, Instant at) {
  return pool_->Write("mark notifications read", [&](Tx& tx) -> Status {
    tx.Exec(
        "UPDATE notifications SET read_at=$1 WHERE user_id=$2 AND read_at IS NULL "
        "AND ($3=0 OR id=$3)",
        ToUnixSeconds(at), user_id, id);
    return Status();
  });
}

Result<std::vector<OutboxMessage>> PgStore::ListOutbox(int limit) {
  std::vector<OutboxMessage> out;
  ZB_RETURN_IF_ERROR(pool_->Read("list outbox", [&](Tx& tx) -> Status {
    auto r =
        tx.Exec("SELECT id, channel, recipient, body, created_at FROM outbox ORDER BY id LIMIT $1",
                int64_t{limit});
    for (const auto& row : r) {
      out.push_back(
          OutboxMessage{Int(row[0]), Text(row[1]), Text(row[2]), Text(row[3]), At(row[4])});
    }
    return Status();
  }));
  return out;
}

}  // namespace zb::store::postgres
