// Sessions, sign-in attempts, API tokens and the audit trail on PostgreSQL.
#include "store/audit.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"

namespace zb::store::postgres {

namespace {

// pg_advisory_xact_lock key serialising appends to the audit chain ("zbaudit").
constexpr int64_t kAuditLock = 0x7a62617564697400;

ApiToken ReadToken(const pqxx::row& r) {
  ApiToken t;
  t.id = Int(r[0]);
  t.name = Text(r[1]);
  t.token_hash = Text(r[2]);
  t.user_id = Int(r[3]);
  auto scopes = nlohmann::json::parse(Text(r[4]), nullptr, false);
  if (scopes.is_array()) t.scopes = scopes.get<std::vector<std::string>>();
  t.created_at = At(r[5]);
  t.revoked_at = OptAt(r[6]);
  return t;
}

const std::string kTokenColumns =
    "SELECT id, name, token_hash, user_id, scopes, created_at, revoked_at FROM api_tokens";

}  // namespace

Status PgStore::CreateSession(const Session& s) {
  return pool_->Write("create session", [&](Tx& tx) -> Status {
    tx.Exec(
        "INSERT INTO sessions(token_hash, user_id, csrf_token, created_at, last_seen_at, "
        "expires_at, client) VALUES ($1,$2,$3,$4,$5,$6,$7)",
        s.token_hash, s.user_id, s.csrf_token, ToUnixSeconds(s.created_at),
        ToUnixSeconds(s.last_seen_at), ToUnixSeconds(s.expires_at), s.client);
    return Status();
  });
}

Result<Session> PgStore::GetSession(const std::string& token_hash) {
  Session s;
  ZB_RETURN_IF_ERROR(pool_->Read("get session", [&](Tx& tx) -> Status {
    auto r = tx.Exec(
        "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, "
        "expires_at, client FROM sessions WHERE token_hash=$1",
        token_hash);
    if (r.empty()) return NotFound("会话不存在", "no such session");
    s = Session{Text(r[0][0]), Int(r[0][1]), Text(r[0][2]), At(r[0][3]),
                At(r[0][4]),   At(r[0][5]),  Text(r[0][6])};
    return Status();
  }));
  return s;
}

Status PgStore::TouchSession(const std::string& token_hash, Instant last_seen, Instant expires) {
  return pool_->Write("touch session", [&](Tx& tx) -> Status {
    tx.Exec("UPDATE sessions SET last_seen_at=$1, expires_at=$2 WHERE token_hash=$3",
            ToUnixSeconds(last_seen), ToUnixSeconds(expires), token_hash);
    return Status();
  });
}

Status PgStore::DeleteSession(const std::string& token_hash) {
  return pool_->Write("delete session", [&](Tx& tx) -> Status {
    tx.Exec("DELETE FROM sessions WHERE token_hash=$1", token_hash);
    return Status();
  });
}

Status PgStore::DeleteSessionsOf(Id user_id) {
  return pool_->Write("delete sessions", [&](Tx& tx) -> Status {
    tx.Exec("DELETE FROM sessions WHERE user_id=$1", user_id);
    return Status();
  });
}

Status PgStore::RecordLoginAttempt(const std::string& username, const std::string& client, bool ok,
                                   Instant at) {
  return pool_->Write("record sign-in attempt", [&](Tx& tx) -> Status {
    tx.Exec("INSERT INTO login_attempts(username, client, ok, at) VALUES ($1,$2,$3,$4)", username,
            client, ok, ToUnixSeconds(at));
    return Status();
  });
}

Result<int> PgStore::CountLoginFailures(const std::string& username, Instant since) {
  int n = 0;
  ZB_RETURN_IF_ERROR(pool_->Read("count sign-in failures", [&](Tx& tx) -> Status {
    n = static_cast<int>(Int(
        tx.Exec("SELECT count(*) FROM login_attempts WHERE username=$1 AND NOT ok AND at>=$2 "
                "AND at > coalesce((SELECT max(at) FROM login_attempts WHERE username=$1 AND ok), "
                "0)",
                username, ToUnixSeconds(since))[0][0]));
    return Status();
  }));
  return n;
}

Result<Id> PgStore::AddApiToken(const ApiToken& t) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(pool_->Write("add API token", [&](Tx& tx) -> Status {
    id =
        Int(tx.Exec("INSERT INTO api_tokens(name, token_hash, user_id, scopes, created_at) "
                    "VALUES ($1,$2,$3,$4,$5) RETURNING id",
                    t.name, t.token_hash, t.user_id, nlohmann::json(t.scopes).dump(),
                    ToUnixSeconds(t.created_at))[0][0]);
    return Status();
  }));
  return id;
}

Result<ApiToken> PgStore::FindApiToken(const std::string& token_hash) {
  ApiToken t;
  ZB_RETURN_IF_ERROR(pool_->Read("find API token", [&](Tx& tx) -> Status {
    auto r = tx.Exec(kTokenColumns + " WHERE token_hash=$1", token_hash);
    if (r.empty()) return NotFound("令牌无效", "no such API token");
    t = ReadToken(r[0]);
    return Status();
  }));
  return t;
}

Result<std::vector<ApiToken>> PgStore::ListApiTokens() {
  std::vector<ApiToken> out;
  ZB_RETURN_IF_ERROR(pool_->Read("list API tokens", [&](Tx& tx) -> Status {
    for (const auto& row : tx.Exec(kTokenColumns + " ORDER BY id")) out.push_back(ReadToken(row));
    return Status();
  }));
  return out;
}

Status PgStore::RevokeApiToken(Id id, Instant at) {
  return pool_->Write("revoke API token", [&](Tx& tx) -> Status {
    auto r = tx.Exec("UPDATE api_tokens SET revoked_at=$1 WHERE id=$2 AND revoked_at IS NULL",
                     ToUnixSeconds(at), id);
    if (r.affected_rows() == 0) return NotFound("令牌不存在或已撤销", "no such active API token");
    return Status();
  });
}

std::pair<Id, std::string> PgStore::LockAuditHead(Tx& tx) {
  // Held until commit: the next appender, on any node, reads this transaction's last record as
  // the chain's head.
  tx.Exec("SELECT pg_advisory_xact_lock($1)", kAuditLock);
  auto last = tx.Exec("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1");
  if (last.empty()) return {0, ""};
  return {Int(last[0][0]), Text(last[0][1])};
}

AuditEntry PgStore::InsertAudit(Tx& tx, AuditEntry e) {
  auto [last_id, last_hash] = LockAuditHead(tx);
  e.id = last_id + 1;
  e.prev_hash = last_hash;
  e.hash = AuditHash(e, e.prev_hash);
  tx.Exec(
      "INSERT INTO audit(id, at, actor_id, on_behalf_of, action, target, request_id, detail, "
      "prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
      e.id, ToUnixSeconds(e.at), e.actor_id, e.on_behalf_of, e.action, e.target, e.request_id,
      e.detail.dump(), e.prev_hash, e.hash);
  return e;
}

Result<AuditEntry> PgStore::AppendAudit(const AuditEntry& e) {
  AuditEntry out;
  ZB_RETURN_IF_ERROR(pool_->Write("append audit", [&](Tx& tx) -> Status {
    out = InsertAudit(tx, e);
    return Status();
  }));
  return out;
}

Result<std::vector<AuditEntry>> PgStore::ListAudit(Id after_id, int limit) {
  std::vector<AuditEntry> out;
  ZB_RETURN_IF_ERROR(pool_->Read("list audit", [&](Tx& tx) -> Status {
    for (const auto& row :
         tx.Exec("SELECT id, at, actor_id, on_behalf_of, action, target, request_id, detail, "
                 "prev_hash, hash FROM audit WHERE id > $1 ORDER BY id LIMIT $2",
                 after_id, limit < 0 ? std::nullopt : std::optional<int64_t>(limit))) {
      AuditEntry e;
      e.id = Int(row[0]);
      e.at = At(row[1]);
      e.actor_id = Int(row[2]);
      e.on_behalf_of = OptInt(row[3]);
      e.action = Text(row[4]);
      e.target = Text(row[5]);
      e.request_id = Text(row[6]);
      e.detail = nlohmann::json::parse(Text(row[7]), nullptr, false);
      if (e.detail.is_discarded()) e.detail = Text(row[7]);  // kept as text so verify sees it
      e.prev_hash = Text(row[8]);
      e.hash = Text(row[9]);
      out.push_back(std::move(e));
    }
    return Status();
  }));
  return out;
}

}  // namespace zb::store::postgres
