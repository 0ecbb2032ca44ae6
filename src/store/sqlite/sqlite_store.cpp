#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <cstdio>

#include <spdlog/spdlog.h>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_search.h"

namespace zb::store::sqlite {

namespace {

std::optional<int64_t> OptSeconds(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return ToUnixSeconds(*t);
}

Unit ReadUnit(const Statement& st) {
  Unit u;
  u.id = st.Int(0);
  u.code = st.Text(1);
  u.name = st.Text(2);
  u.unit_type = st.Text(3);
  u.parent_id = st.OptInt(4);
  u.sort = static_cast<int>(st.Int(5));
  return u;
}

User ReadUser(const Statement& st) {
  User u;
  u.id = st.Int(0);
  u.username = st.Text(1);
  u.display_name = st.Text(2);
  u.role = st.Text(3);
  u.unit_id = st.Int(4);
  u.post_id = st.OptInt(5);
  u.password_hash = st.Text(6);
  u.active = st.Int(7) != 0;
  u.created_at = FromUnixSeconds(st.Int(8));
  return u;
}

constexpr const char* kUnitColumns = "SELECT id, code, name, unit_type, parent_id, sort FROM units";
constexpr const char* kUserColumns =
    "SELECT id, username, display_name, role, unit_id, post_id, password_hash, active, created_at "
    "FROM users";

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path, int readers,
                                                       std::optional<int64_t> max_pages) {
  ZB_ASSIGN_OR_RETURN(auto writer, Connection::Open(path, false));
  ZB_RETURN_IF_ERROR(Migrate(*writer));
  ZB_RETURN_IF_ERROR(BuildPendingSearchIndex(*writer, [](int64_t done, int64_t total) {
    if (total >= 100000)
      std::fprintf(stderr, "建立搜索索引 search index: %lld / %lld\n", static_cast<long long>(done),
                   static_cast<long long>(total));
  }));
  if (max_pages) {
    ZB_RETURN_IF_ERROR(writer->Exec("PRAGMA max_page_count=" + std::to_string(*max_pages)));
  }
  // Checkpoints run on the store's own thread (sqlite_checkpoint.cpp), not inside a commit.
  ZB_RETURN_IF_ERROR(writer->Exec("PRAGMA wal_autocheckpoint=0"));
  std::vector<std::unique_ptr<Connection>> pool;
  for (int i = 0; i < readers; ++i) {
    ZB_ASSIGN_OR_RETURN(auto r, Connection::Open(path, true));
    pool.push_back(std::move(r));
  }
  return std::unique_ptr<SqliteStore>(new SqliteStore(path, std::move(writer), std::move(pool)));
}

SqliteStore::SqliteStore(std::string path, std::unique_ptr<Connection> writer,
                         std::vector<std::unique_ptr<Connection>> readers)
    : path_(std::move(path)),
      writer_(std::move(writer)),
      readers_(std::move(readers)),
      reader_count_(static_cast<int>(readers_.size())) {
  NoteMergeBacklog();
  merger_ = std::thread([this] { MergeLoop(); });
  checkpoints_ = std::thread([this] { CheckpointLoop(); });
}

Status SqliteStore::Write(const std::function<Status(Connection&)>& fn) {
  std::lock_guard lock(write_mu_);
  writing_ = 1;
  Status s = writer_->ExecPrepared("BEGIN IMMEDIATE");
  if (s.ok()) {
    s = fn(*writer_);
    if (s.ok()) s = writer_->ExecPrepared("COMMIT");
    if (!s.ok()) (void)writer_->ExecPrepared("ROLLBACK");
  }
  writing_ = 0;
  return s;
}

Status SqliteStore::Read(const std::function<Status(Connection&)>& fn) {
  std::unique_ptr<Connection> conn;
  {
    std::unique_lock lock(pool_mu_);
    pool_cv_.wait(lock, [&] { return !readers_.empty(); });
    conn = std::move(readers_.back());
    readers_.pop_back();
  }
  Status s = conn->BeginSnapshot();
  if (s.ok()) s = fn(*conn);
  // Kept for the next read only when it holds up no checkpoint (sqlite_checkpoint.cpp).
  if (!s.ok() || !conn->SnapshotKeepable()) {
    Status end = conn->EndSnapshot();
    if (s.ok()) s = end;
  }
  {
    std::lock_guard lock(pool_mu_);
    readers_.push_back(std::move(conn));
  }
  pool_cv_.notify_one();
  return s;
}

int SqliteStore::KeptSnapshots() {
  std::lock_guard lock(pool_mu_);
  return static_cast<int>(
      std::count_if(readers_.begin(), readers_.end(), [](auto& c) { return c->snapshot_open(); }));
}

void SqliteStore::EndIdleSnapshots() {
  std::lock_guard lock(pool_mu_);
  for (auto& c : readers_) {
    if (Status s = c->EndSnapshot(); !s.ok()) spdlog::warn("ending a read: {}", s.ToString());
  }
}

PoolUse SqliteStore::pool_use() {
  std::lock_guard lock(pool_mu_);
  // The readers and the writer.
  return PoolUse{reader_count_ + 1,
                 reader_count_ - static_cast<int>(readers_.size()) + writing_.load()};
}

Result<Id> SqliteStore::AddUnit(const Unit& unit) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO units(code, name, unit_type, parent_id, "
                                           "sort) VALUES (?,?,?,?,?)"));
    st->Bind(1, unit.code).Bind(2, unit.name).Bind(3, unit.unit_type).Bind(4, unit.parent_id);
    st->Bind(5, int64_t{unit.sort});
    ZB_RETURN_IF_ERROR(c.Run(*st, "add unit"));
    id = c.LastInsertId();
    return Status();
  }));
  return id;
}

Result<Unit> SqliteStore::GetUnit(Id id) {
  Unit u;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(std::string(kUnitColumns) + " WHERE id=?"));
    st->Bind(1, id);
    if (!st->Step()) {
      ZB_RETURN_IF_ERROR(ToStatus(st->rc(), c.raw(), "get unit"));
      return NotFound("单位不存在：" + std::to_string(id), "no unit " + std::to_string(id));
    }
    u = ReadUnit(*st);
    return Status();
  }));
  return u;
}

Result<Unit> SqliteStore::FindUnitByCode(const std::string& code) {
  Unit u;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(std::string(kUnitColumns) + " WHERE code=?"));
    st->Bind(1, code);
    if (!st->Step()) {
      ZB_RETURN_IF_ERROR(ToStatus(st->rc(), c.raw(), "find unit"));
      return NotFound("单位不存在：" + code, "no unit " + code);
    }
    u = ReadUnit(*st);
    return Status();
  }));
  return u;
}

Result<std::vector<Unit>> SqliteStore::ListUnits() {
  std::vector<Unit> units;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(std::string(kUnitColumns) + " ORDER BY sort, id"));
    while (st->Step()) units.push_back(ReadUnit(*st));
    return ToStatus(st->rc(), c.raw(), "list units");
  }));
  return units;
}

Result<Id> SqliteStore::AddPost(const Post& post) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO posts(unit_id, name) VALUES (?,?)"));
    st->Bind(1, post.unit_id).Bind(2, post.name);
    ZB_RETURN_IF_ERROR(c.Run(*st, "add post"));
    id = c.LastInsertId();
    return Status();
  }));
  return id;
}

Result<std::vector<Post>> SqliteStore::ListPosts() {
  std::vector<Post> posts;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT id, unit_id, name FROM posts ORDER BY id"));
    while (st->Step()) posts.push_back(Post{st->Int(0), st->Int(1), st->Text(2)});
    return ToStatus(st->rc(), c.raw(), "list posts");
  }));
  return posts;
}

Result<Id> SqliteStore::AddUser(const User& user) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO users(username, display_name, role, "
                                           "unit_id, post_id, password_hash, active, "
                                           "created_at) VALUES (?,?,?,?,?,?,?,?)"));
    st->Bind(1, user.username).Bind(2, user.display_name).Bind(3, user.role);
    st->Bind(4, user.unit_id).Bind(5, user.post_id).Bind(6, user.password_hash);
    st->Bind(7, int64_t{user.active}).Bind(8, ToUnixSeconds(user.created_at));
    Status s = c.Run(*st, "add user");
    if (s.code() == ErrorCode::kConflict) {
      return Conflict("用户名已存在：" + user.username, "username already taken: " + user.username);
    }
    ZB_RETURN_IF_ERROR(s);
    id = c.LastInsertId();
    return Status();
  }));
  return id;
}

Result<User> SqliteStore::GetUser(Id id) {
  User u;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(std::string(kUserColumns) + " WHERE id=?"));
    st->Bind(1, id);
    if (!st->Step()) {
      ZB_RETURN_IF_ERROR(ToStatus(st->rc(), c.raw(), "get user"));
      return NotFound("用户不存在：" + std::to_string(id), "no user " + std::to_string(id));
    }
    u = ReadUser(*st);
    return Status();
  }));
  return u;
}

Result<User> SqliteStore::FindUserByName(const std::string& username) {
  User u;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(std::string(kUserColumns) + " WHERE username=?"));
    st->Bind(1, username);
    if (!st->Step()) {
      ZB_RETURN_IF_ERROR(ToStatus(st->rc(), c.raw(), "find user"));
      return NotFound("用户不存在：" + username, "no user " + username);
    }
    u = ReadUser(*st);
    return Status();
  }));
  return u;
}

Result<std::vector<User>> SqliteStore::ListUsers() {
  std::vector<User> users;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(std::string(kUserColumns) + " ORDER BY id"));
    while (st->Step()) users.push_back(ReadUser(*st));
    return ToStatus(st->rc(), c.raw(), "list users");
  }));
  return users;
}

Status SqliteStore::UpdateUser(const User& user) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("UPDATE users SET display_name=?, role=?, unit_id=?, "
                                           "post_id=?, password_hash=?, active=? "
                                           "WHERE id=?"));
    st->Bind(1, user.display_name).Bind(2, user.role).Bind(3, user.unit_id).Bind(4, user.post_id);
    st->Bind(5, user.password_hash).Bind(6, int64_t{user.active}).Bind(7, user.id);
    ZB_RETURN_IF_ERROR(c.Run(*st, "update user"));
    if (c.Changes() == 0) {
      return NotFound("用户不存在：" + std::to_string(user.id),
                      "no user " + std::to_string(user.id));
    }
    return Status();
  });
}

Status SqliteStore::AddMembership(Id user_id, Id unit_id) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st, c.Prepare("INSERT OR IGNORE INTO memberships(user_id, unit_id) VALUES (?,?)"));
    st->Bind(1, user_id).Bind(2, unit_id);
    return c.Run(*st, "add membership");
  });
}

Result<std::vector<Id>> SqliteStore::ListMemberships(Id user_id) {
  std::vector<Id> ids;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT unit_id FROM memberships WHERE user_id=?"));
    st->Bind(1, user_id);
    while (st->Step()) ids.push_back(st->Int(0));
    return ToStatus(st->rc(), c.raw(), "list memberships");
  }));
  return ids;
}

Result<Id> SqliteStore::AddDelegation(const Delegation& d) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st,
        c.Prepare("INSERT INTO delegations(leader_id, delegate_id, scope, starts_at, ends_at) "
                  "VALUES (?,?,?,?,?)"));
    st->Bind(1, d.leader_id).Bind(2, d.delegate_id).Bind(3, d.scope);
    st->Bind(4, ToUnixSeconds(d.starts_at)).Bind(5, OptSeconds(d.ends_at));
    ZB_RETURN_IF_ERROR(c.Run(*st, "add delegation"));
    id = c.LastInsertId();
    return Status();
  }));
  return id;
}

Result<std::vector<Delegation>> SqliteStore::ListDelegations() {
  std::vector<Delegation> out;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st,
        c.Prepare("SELECT id, leader_id, delegate_id, scope, starts_at, ends_at, revoked_at "
                  "FROM delegations ORDER BY id"));
    while (st->Step()) {
      Delegation d;
      d.id = st->Int(0);
      d.leader_id = st->Int(1);
      d.delegate_id = st->Int(2);
      d.scope = st->Text(3);
      d.starts_at = FromUnixSeconds(st->Int(4));
      if (auto e = st->OptInt(5)) d.ends_at = FromUnixSeconds(*e);
      if (auto r = st->OptInt(6)) d.revoked_at = FromUnixSeconds(*r);
      out.push_back(d);
    }
    return ToStatus(st->rc(), c.raw(), "list delegations");
  }));
  return out;
}

Status SqliteStore::RevokeDelegation(Id id, Instant at) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st,
        c.Prepare("UPDATE delegations SET revoked_at=? WHERE id=? AND revoked_at IS NULL"));
    st->Bind(1, ToUnixSeconds(at)).Bind(2, id);
    ZB_RETURN_IF_ERROR(c.Run(*st, "revoke delegation"));
    if (c.Changes() == 0) {
      return NotFound("委托不存在或已撤销", "no such active delegation");
    }
    return Status();
  });
}

Status SqliteStore::Backup(const std::filesystem::path& path) {
  std::lock_guard lock(write_mu_);  // a consistent copy: no writes meanwhile
  sqlite3* dest = nullptr;
  int rc = sqlite3_open(path.c_str(), &dest);
  if (rc != SQLITE_OK) {
    Status s = ToStatus(rc, dest, path.string());
    sqlite3_close(dest);
    return s;
  }
  sqlite3_backup* b = sqlite3_backup_init(dest, "main", writer_->raw(), "main");
  if (!b) {
    Status s = ToStatus(sqlite3_errcode(dest), dest, "backup");
    sqlite3_close(dest);
    return s;
  }
  rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  Status s = ToStatus(rc == SQLITE_DONE ? SQLITE_OK : rc, dest, "backup");
  sqlite3_close(dest);
  return s;
}

}  // namespace zb::store::sqlite
