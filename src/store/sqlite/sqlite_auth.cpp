// Sessions, sign-in attempts, API tokens and the audit trail on SQLite.
#include "store/audit.h"
#include "store/sqlite/sqlite_store.h"

namespace zb::store::sqlite {

Status SqliteStore::CreateSession(const Session& s) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO sessions(token_hash, user_id, csrf_token, "
                                           "created_at, last_seen_at, expires_at, client) "
                                           "VALUES (?,?,?,?,?,?,?)"));
    st->Bind(1, s.token_hash).Bind(2, s.user_id).Bind(3, s.csrf_token);
    st->Bind(4, ToUnixSeconds(s.created_at)).Bind(5, ToUnixSeconds(s.last_seen_at));
    st->Bind(6, ToUnixSeconds(s.expires_at)).Bind(7, s.client);
    return c.Run(*st, "create session");
  });
}

Result<Session> SqliteStore::GetSession(const std::string& token_hash) {
  Session s;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT token_hash, user_id, csrf_token, created_at, "
                                           "last_seen_at, expires_at, client FROM sessions "
                                           "WHERE token_hash=?"));
    st->Bind(1, token_hash);
    if (!st->Step()) {
      ZB_RETURN_IF_ERROR(ToStatus(st->rc(), c.raw(), "get session"));
      return NotFound("会话不存在", "no such session");
    }
    s = Session{st->Text(0),
                st->Int(1),
                st->Text(2),
                FromUnixSeconds(st->Int(3)),
                FromUnixSeconds(st->Int(4)),
                FromUnixSeconds(st->Int(5)),
                st->Text(6)};
    return Status();
  }));
  return s;
}

Status SqliteStore::TouchSession(const std::string& token_hash, Instant last_seen,
                                 Instant expires) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st, c.Prepare("UPDATE sessions SET last_seen_at=?, expires_at=? WHERE token_hash=?"));
    st->Bind(1, ToUnixSeconds(last_seen)).Bind(2, ToUnixSeconds(expires)).Bind(3, token_hash);
    return c.Run(*st, "touch session");
  });
}

Status SqliteStore::DeleteSession(const std::string& token_hash) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("DELETE FROM sessions WHERE token_hash=?"));
    st->Bind(1, token_hash);
    return c.Run(*st, "delete session");
  });
}

Status SqliteStore::DeleteSessionsOf(Id user_id) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("DELETE FROM sessions WHERE user_id=?"));
    st->Bind(1, user_id);
    return c.Run(*st, "delete sessions");
  });
}

Status SqliteStore::RecordLoginAttempt(const std::string& username, const std::string& client,
                                       bool ok, Instant at) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st,
        c.Prepare("INSERT INTO login_attempts(username, client, ok, at) VALUES (?,?,?,?)"));
    st->Bind(1, username).Bind(2, client).Bind(3, int64_t{ok}).Bind(4, ToUnixSeconds(at));
    return c.Run(*st, "record sign-in attempt");
  });
}

Result<int> SqliteStore::CountLoginFailures(const std::string& username, Instant since) {
  int n = 0;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st,
        c.Prepare(
            "SELECT count(*) FROM login_attempts WHERE username=? AND ok=0 AND at>=? AND at > "
            "coalesce((SELECT max(at) FROM login_attempts WHERE username=? AND ok=1), 0)"));
    st->Bind(1, username).Bind(2, ToUnixSeconds(since)).Bind(3, username);
    if (st->Step()) n = static_cast<int>(st->Int(0));
    return ToStatus(st->rc(), c.raw(), "count sign-in failures");
  }));
  return n;
}

Result<Id> SqliteStore::AddApiToken(const ApiToken& t) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO api_tokens(name, token_hash, user_id, "
                                           "scopes, created_at) VALUES (?,?,?,?,?)"));
    st->Bind(1, t.name).Bind(2, t.token_hash).Bind(3, t.user_id);
    st->Bind(4, nlohmann::json(t.scopes).dump()).Bind(5, ToUnixSeconds(t.created_at));
    ZB_RETURN_IF_ERROR(c.Run(*st, "add API token"));
    id = c.LastInsertId();
    return Status();
  }));
  return id;
}

namespace {
ApiToken ReadToken(const Statement& st) {
  ApiToken t;
  t.id = st.Int(0);
  t.name = st.Text(1);
  t.token_hash = st.Text(2);
  t.user_id = st.Int(3);
  auto scopes = nlohmann::json::parse(st.Text(4), nullptr, false);
  if (scopes.is_array()) t.scopes = scopes.get<std::vector<std::string>>();
  t.created_at = FromUnixSeconds(st.Int(5));
  if (auto r = st.OptInt(6)) t.revoked_at = FromUnixSeconds(*r);
  return t;
}
constexpr const char* kTokenColumns =
    "SELECT id, name, token_hash, user_id, scopes, created_at, revoked_at FROM api_tokens";
}  // namespace

Result<ApiToken> SqliteStore::FindApiToken(const std::string& token_hash) {
  ApiToken t;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(std::string(kTokenColumns) + " WHERE token_hash=?"));
    st->Bind(1, token_hash);
    if (!st->Step()) {
      ZB_RETURN_IF_ERROR(ToStatus(st->rc(), c.raw(), "find API token"));
      return NotFound("令牌无效", "no such API token");
    }
    t = ReadToken(*st);
    return Status();
  }));
  return t;
}

Result<std::vector<ApiToken>> SqliteStore::ListApiTokens() {
  std::vector<ApiToken> out;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(std::string(kTokenColumns) + " ORDER BY id"));
    while (st->Step()) out.push_back(ReadToken(*st));
    return ToStatus(st->rc(), c.raw(), "list API tokens");
  }));
  return out;
}

Status SqliteStore::RevokeApiToken(Id id, Instant at) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st, c.Prepare("UPDATE api_tokens SET revoked_at=? WHERE id=? AND revoked_at IS NULL"));
    st->Bind(1, ToUnixSeconds(at)).Bind(2, id);
    ZB_RETURN_IF_ERROR(c.Run(*st, "revoke API token"));
    if (c.Changes() == 0) return NotFound("令牌不存在或已撤销", "no such active API token");
    return Status();
  });
}

Result<AuditEntry> SqliteStore::InsertAudit(Connection& c, AuditEntry e) {
  ZB_ASSIGN_OR_RETURN(auto last, c.Prepare("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1"));
  e.id = 1;
  e.prev_hash.clear();
  if (last->Step()) {
    e.id = last->Int(0) + 1;
    e.prev_hash = last->Text(1);
  }
  ZB_RETURN_IF_ERROR(ToStatus(last->rc(), c.raw(), "audit"));
  e.hash = AuditHash(e, e.prev_hash);
  ZB_ASSIGN_OR_RETURN(
      auto st,
      c.Prepare(
          "INSERT INTO audit(id, at, actor_id, on_behalf_of, action, target, request_id, detail, "
          "prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)"));
  st->Bind(1, e.id).Bind(2, ToUnixSeconds(e.at)).Bind(3, e.actor_id).Bind(4, e.on_behalf_of);
  st->Bind(5, e.action).Bind(6, e.target).Bind(7, e.request_id).Bind(8, e.detail.dump());
  st->Bind(9, e.prev_hash).Bind(10, e.hash);
  ZB_RETURN_IF_ERROR(c.Run(*st, "append audit"));
  return e;
}

Result<AuditEntry> SqliteStore::AppendAudit(const AuditEntry& e) {
  AuditEntry out;
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(out, InsertAudit(c, e));
    return Status();
  }));
  return out;
}

Result<std::vector<AuditEntry>> SqliteStore::ListAudit(Id after_id, int limit) {
  std::vector<AuditEntry> out;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st,
        c.Prepare(
            "SELECT id, at, actor_id, on_behalf_of, action, target, request_id, detail, prev_hash, "
            "hash FROM audit WHERE id > ? ORDER BY id LIMIT ?"));
    st->Bind(1, after_id).Bind(2, int64_t{limit});
    while (st->Step()) {
      AuditEntry e;
      e.id = st->Int(0);
      e.at = FromUnixSeconds(st->Int(1));
      e.actor_id = st->Int(2);
      e.on_behalf_of = st->OptInt(3);
      e.action = st->Text(4);
      e.target = st->Text(5);
      e.request_id = st->Text(6);
      e.detail = nlohmann::json::parse(st->Text(7), nullptr, false);
      if (e.detail.is_discarded()) e.detail = st->Text(7);  // kept as text so verify still sees it
      e.prev_hash = st->Text(8);
      e.hash = st->Text(9);
      out.push_back(std::move(e));
    }
    return ToStatus(st->rc(), c.raw(), "list audit");
  }));
  return out;
}

}  // namespace zb::store::sqlite
