#include "store/postgres/pg_store.h"

#include <fmt/format.h>

#include <random>

#include "store/postgres/pg_listener.h"
#include "store/postgres/pg_migrations.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_search.h"

namespace zb::store::postgres {

namespace {

Unit ReadUnit(const pqxx::row& r) {
  Unit u;
  u.id = Int(r[0]);
  u.code = Text(r[1]);
  u.name = Text(r[2]);
  u.unit_type = Text(r[3]);
  u.parent_id = OptInt(r[4]);
  u.sort = static_cast<int>(Int(r[5]));
  return u;
}

User ReadUser(const pqxx::row& r) {
  User u;
  u.id = Int(r[0]);
  u.username = Text(r[1]);
  u.display_name = Text(r[2]);
  u.role = Text(r[3]);
  u.unit_id = Int(r[4]);
  u.post_id = OptInt(r[5]);
  u.password_hash = Text(r[6]);
  u.active = r[7].as<bool>();
  u.created_at = At(r[8]);
  return u;
}

const std::string kUnitColumns = "SELECT id, code, name, unit_type, parent_id, sort FROM units";
const std::string kUserColumns =
    "SELECT id, username, display_name, role, unit_id, post_id, password_hash, active, created_at "
    "FROM users";

}  // namespace

Result<std::unique_ptr<PgStore>> PgStore::Open(const std::string& url, int connections) {
  ZB_ASSIGN_OR_RETURN(auto pool, PgPool::Open(url, connections));
  ZB_RETURN_IF_ERROR(Migrate(*pool));
  // Cases written before the search column existed get their lexemes now, in batches.
  for (int64_t filled = 1; filled > 0;) {
    ZB_RETURN_IF_ERROR(pool->Write("fill search", [&](Tx& tx) -> Status {
      filled = FillSearchColumn(tx.raw(), 2000);
      return Status();
    }));
  }
  std::random_device random;
  std::string node = fmt::format("{:08x}{:08x}", random(), random());
  return std::unique_ptr<PgStore>(new PgStore(std::move(pool), std::move(node)));
}

std::unique_ptr<CaseFeed> PgStore::WatchCases(std::function<void(Id, bool)> on_change,
                                              std::function<void()> on_gap) {
  return std::make_unique<PgCaseFeed>(pool_->conninfo(), pool_->address(), node_,
                                      std::move(on_change), std::move(on_gap));
}

void PgStore::NotifyCase(Tx& tx, Id case_id, char what) const {
  tx.Exec("SELECT pg_notify($1, $2)", std::string(kCaseChannel),
          FormatCaseNotice(CaseNotice{node_, case_id, what}));
}

PoolUse PgStore::pool_use() {
  auto [open, in_use] = pool_->Use();
  return PoolUse{open, in_use};
}

std::string PgStore::Describe() const {
  return "postgresql://" + pool_->address().ToString();
}

Status PgStore::Backup(const std::filesystem::path& path) {
  return Invalid("PostgreSQL 数据库请用 pg_dump 备份（见 docs/deploy.md），未写入 " + path.string(),
                 "back up a PostgreSQL database with pg_dump (see docs/deploy.md); nothing was "
                 "written to " +
                     path.string());
}

Result<Id> PgStore::AddUnit(const Unit& unit) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(pool_->Write("add unit", [&](Tx& tx) -> Status {
    id =
        Int(tx.Exec("INSERT INTO units(code, name, unit_type, parent_id, sort) "
                    "VALUES ($1,$2,$3,$4,$5) RETURNING id",
                    unit.code, unit.name, unit.unit_type, unit.parent_id, unit.sort)[0][0]);
    return Status();
  }));
  return id;
}

Result<Unit> PgStore::GetUnit(Id id) {
  Unit u;
  ZB_RETURN_IF_ERROR(pool_->Read("get unit", [&](Tx& tx) -> Status {
    auto r = tx.Exec(kUnitColumns + " WHERE id=$1", id);
    if (r.empty()) {
      return NotFound("单位不存在：" + std::to_string(id), "no unit " + std::to_string(id));
    }
    u = ReadUnit(r[0]);
    return Status();
  }));
  return u;
}

Result<Unit> PgStore::FindUnitByCode(const std::string& code) {
  Unit u;
  ZB_RETURN_IF_ERROR(pool_->Read("find unit", [&](Tx& tx) -> Status {
    auto r = tx.Exec(kUnitColumns + " WHERE code=$1", code);
    if (r.empty()) return NotFound("单位不存在：" + code, "no unit " + code);
    u = ReadUnit(r[0]);
    return Status();
  }));
  return u;
}

Result<std::vector<Unit>> PgStore::ListUnits() {
  std::vector<Unit> units;
  ZB_RETURN_IF_ERROR(pool_->Read("list units", [&](Tx& tx) -> Status {
    for (const auto& row : tx.Exec(kUnitColumns + " ORDER BY sort, id")) {
      units.push_back(ReadUnit(row));
    }
    return Status();
  }));
  return units;
}

Result<Id> PgStore::AddPost(const Post& post) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(pool_->Write("add post", [&](Tx& tx) -> Status {
    id = Int(tx.Exec("INSERT INTO posts(unit_id, name) VALUES ($1,$2) RETURNING id", post.unit_id,
                     post.name)[0][0]);
    return Status();
  }));
  return id;
}

Result<std::vector<Post>> PgStore::ListPosts() {
  std::vector<Post> posts;
  ZB_RETURN_IF_ERROR(pool_->Read("list posts", [&](Tx& tx) -> Status {
    for (const auto& row : tx.Exec("SELECT id, unit_id, name FROM posts ORDER BY id")) {
      posts.push_back(Post{Int(row[0]), Int(row[1]), Text(row[2])});
    }
    return Status();
  }));
  return posts;
}

Result<Id> PgStore::AddUser(const User& user) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(pool_->Write("add user", [&](Tx& tx) -> Status {
    try {
      id =
          Int(tx.Exec("INSERT INTO users(username, display_name, role, unit_id, post_id, "
                      "password_hash, active, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8) "
                      "RETURNING id",
                      user.username, user.display_name, user.role, user.unit_id, user.post_id,
                      user.password_hash, user.active, ToUnixSeconds(user.created_at))[0][0]);
    } catch (const pqxx::unique_violation&) {
      return Conflict("用户名已存在：" + user.username, "username already taken: " + user.username);
    }
    return Status();
  }));
  return id;
}

Result<User> PgStore::GetUser(Id id) {
  User u;
  ZB_RETURN_IF_ERROR(pool_->Read("get user", [&](Tx& tx) -> Status {
    auto r = tx.Exec(kUserColumns + " WHERE id=$1", id);
    if (r.empty()) {
      return NotFound("用户不存在：" + std::to_string(id), "no user " + std::to_string(id));
    }
    u = ReadUser(r[0]);
    return Status();
  }));
  return u;
}

Result<User> PgStore::FindUserByName(const std::string& username) {
  User u;
  ZB_RETURN_IF_ERROR(pool_->Read("find user", [&](Tx& tx) -> Status {
    auto r = tx.Exec(kUserColumns + " WHERE username=$1", username);
    if (r.empty()) return NotFound("用户不存在：" + username, "no user " + username);
    u = ReadUser(r[0]);
    return Status();
  }));
  return u;
}

Result<std::vector<User>> PgStore::ListUsers() {
  std::vector<User> users;
  ZB_RETURN_IF_ERROR(pool_->Read("list users", [&](Tx& tx) -> Status {
    for (const auto& row : tx.Exec(kUserColumns + " ORDER BY id")) users.push_back(ReadUser(row));
    return Status();
  }));
  return users;
}

Status PgStore::UpdateUser(const User& user) {
  return pool_->Write("update user", [&](Tx& tx) -> Status {
    auto r = tx.Exec(
        "UPDATE users SET display_name=$1, role=$2, unit_id=$3, post_id=$4, password_hash=$5, "
        "active=$6 WHERE id=$7",
        user.display_name, user.role, user.unit_id, user.post_id, user.password_hash, user.active,
        user.id);
    if (r.affected_rows() == 0) {
      return NotFound("用户不存在：" + std::to_string(user.id),
                      "no user " + std::to_string(user.id));
    }
    return Status();
  });
}

Status PgStore::AddMembership(Id user_id, Id unit_id) {
  return pool_->Write("add membership", [&](Tx& tx) -> Status {
    tx.Exec("INSERT INTO memberships(user_id, unit_id) VALUES ($1,$2) ON CONFLICT DO NOTHING",
            user_id, unit_id);
    return Status();
  });
}

Result<std::vector<Id>> PgStore::ListMemberships(Id user_id) {
  std::vector<Id> ids;
  ZB_RETURN_IF_ERROR(pool_->Read("list memberships", [&](Tx& tx) -> Status {
    for (const auto& row :
         tx.Exec("SELECT unit_id FROM memberships WHERE user_id=$1 ORDER BY unit_id", user_id)) {
      ids.push_back(Int(row[0]));
    }
    return Status();
  }));
  return ids;
}

Result<Id> PgStore::AddDelegation(const Delegation& d) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(pool_->Write("add delegation", [&](Tx& tx) -> Status {
    id =
        Int(tx.Exec("INSERT INTO delegations(leader_id, delegate_id, scope, starts_at, ends_at) "
                    "VALUES ($1,$2,$3,$4,$5) RETURNING id",
                    d.leader_id, d.delegate_id, d.scope, ToUnixSeconds(d.starts_at),
                    OptSeconds(d.ends_at))[0][0]);
    return Status();
  }));
  return id;
}

Result<std::vector<Delegation>> PgStore::ListDelegations() {
  std::vector<Delegation> out;
  ZB_RETURN_IF_ERROR(pool_->Read("list delegations", [&](Tx& tx) -> Status {
    for (const auto& row :
         tx.Exec("SELECT id, leader_id, delegate_id, scope, starts_at, ends_at, revoked_at "
                 "FROM delegations ORDER BY id")) {
      Delegation d;
      d.id = Int(row[0]);
      d.leader_id = Int(row[1]);
      d.delegate_id = Int(row[2]);
      d.scope = Text(row[3]);
      d.starts_at = At(row[4]);
      d.ends_at = OptAt(row[5]);
      d.revoked_at = OptAt(row[6]);
      out.push_back(d);
    }
    return Status();
  }));
  return out;
}

Status PgStore::RevokeDelegation(Id id, Instant at) {
  return pool_->Write("revoke delegation", [&](Tx& tx) -> Status {
    auto r = tx.Exec("UPDATE delegations SET revoked_at=$1 WHERE id=$2 AND revoked_at IS NULL",
                     ToUnixSeconds(at), id);
    if (r.affected_rows() == 0) return NotFound("委托不存在或已撤销", "no such active delegation");
    return Status();
  });
}

}  // namespace zb::store::postgres
