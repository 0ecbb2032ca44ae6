#include "store/postgres/pg_pool.h"

#include <libpq-fe.h>

#include <map>

namespace zb::store::postgres {

namespace {

// The first line of a server or libpq message, without the "ERROR:  " prefix.
std::string FirstLine(std::string_view text) {
  std::string_view t = text;
  for (std::string_view prefix : {"ERROR:  ", "FATAL:  "}) {
    if (t.substr(0, prefix.size()) == prefix) t.remove_prefix(prefix.size());
  }
  size_t nl = t.find('\n');
  return std::string(t.substr(0, nl));
}

std::string QuoteConninfoValue(const std::string& v) {
  std::string out = "'";
  for (char ch : v) {
    if (ch == '\'' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "'";
}

// Parses `url` into its options; fills defaults that suit a server application.
Result<std::map<std::string, std::string>> ParseConninfo(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(url.c_str(), &err);
  if (!opts) {
    std::string why = err ? FirstLine(err) : "out of memory";
    PQfreemem(err);
    return Invalid("数据库地址无效：" + why, "invalid database URL: " + why);
  }
  std::map<std::string, std::string> out;
  for (PQconninfoOption* o = opts; o->keyword; ++o) {
    if (o->val && *o->val) out[o->keyword] = o->val;
  }
  PQconninfoFree(opts);
  out.try_emplace("connect_timeout", "10");
  out.try_emplace("application_name", "zhengban");
  out["client_encoding"] = "UTF8";
  return out;
}

}  // namespace

std::string ServerAddress::ToString() const {
  return host + ":" + port + "/" + dbname;
}

Result<ServerAddress> ParseServerAddress(const std::string& url) {
  ZB_ASSIGN_OR_RETURN(auto opts, ParseConninfo(url));
  ServerAddress a;
  a.host = opts.count("host") ? opts["host"] : opts.count("hostaddr") ? opts["hostaddr"] : "";
  if (a.host.empty()) a.host = "localhost";
  a.port = opts.count("port") ? opts["port"] : "5432";
  a.dbname = opts.count("dbname") ? opts["dbname"] : opts.count("user") ? opts["user"] : "";
  return a;
}

const std::string& PgConnection::Prepared(const std::string& sql) {
  auto it = names_.find(sql);
  if (it != names_.end()) return it->second;
  std::string name = "zb" + std::to_string(names_.size());
  conn_->prepare(name, sql);
  return names_.emplace(sql, std::move(name)).first->second;
}

Status FromException(const std::exception& e, std::string_view what, const ServerAddress& at) {
  std::string w(what);
  std::string where = at.host + ":" + at.port;
  std::string detail = FirstLine(e.what());
  if (dynamic_cast<const pqxx::broken_connection*>(&e)) {
    return Unavailable("无法连接数据库服务器 " + where + "（" + w + "）：" + detail,
                       "cannot reach the database server " + where + " (" + w + "): " + detail);
  }
  if (dynamic_cast<const pqxx::in_doubt_error*>(&e)) {
    return Unavailable("提交时与数据库服务器 " + where + " 的连接中断，结果未知（" + w + "）",
                       "the connection to " + where +
                           " broke while committing; the outcome is "
                           "unknown (" +
                           w + ")");
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string& state = sql->sqlstate();
    std::string cls = state.substr(0, 2);
    if (cls == "23") {
      return Conflict("数据冲突（" + w + "）：" + detail,
                      "constraint violated (" + w + "): " + detail);
    }
    if (state == "40001" || state == "40P01" || state == "55P03") {
      return Unavailable("数据库繁忙，请稍后重试（" + w + "）",
                         "the database is busy; try again (" + w + ")");
    }
    if (cls == "08" || cls == "53" || cls == "57") {
      return Unavailable("数据库服务器 " + where + " 暂不可用（" + w + "）：" + detail,
                         "the database server " + where + " is unavailable (" + w + "): " + detail);
    }
    if (cls == "22") {
      return Invalid("数据无效（" + w + "）：" + detail, "invalid data (" + w + "): " + detail);
    }
  }
  return Internal("数据库错误（" + w + "）：" + detail, "database error (" + w + "): " + detail);
}

Result<std::unique_ptr<PgPool>> PgPool::Open(const std::string& url, int size) {
  ZB_ASSIGN_OR_RETURN(auto opts, ParseConninfo(url));
  ZB_ASSIGN_OR_RETURN(ServerAddress address, ParseServerAddress(url));
  std::string conninfo;
  for (const auto& [k, v] : opts) conninfo += k + "=" + QuoteConninfoValue(v) + " ";
  std::unique_ptr<PgPool> pool(new PgPool(conninfo, std::move(address), std::max(size, 1)));
  ZB_ASSIGN_OR_RETURN(auto first, pool->Connect());
  pool->open_ = 1;
  pool->Release(std::move(first));
  return pool;
}

Result<std::unique_ptr<PgConnection>> PgPool::Connect() {
  try {
    auto conn = std::make_unique<pqxx::connection>(conninfo_);
    // Notices ("already exists, skipping") are not for the terminal.
    pqxx::nontransaction(*conn).exec("SET client_min_messages = warning");
    return std::make_unique<PgConnection>(std::move(conn));
  } catch (const std::exception& e) {
    return FromException(e, "connect", address_);
  }
}

bool PgPool::StillOpen(PgConnection& conn) {
  try {
    conn.raw().get_notifs();  // reads what the server sent meanwhile: EOF if it went away
    return conn.raw().is_open();
  } catch (const std::exception&) {
    return false;
  }
}

Result<std::unique_ptr<PgConnection>> PgPool::Acquire() {
  for (;;) {
    std::unique_ptr<PgConnection> conn;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
      if (idle_.empty()) {
        ++open_;
        break;
      }
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
    // A connection the server closed while it was idle (the server restarted) is replaced now,
    // rather than failing the request that would have used it.
    if (StillOpen(*conn)) return conn;
    Release(nullptr);
  }
  auto conn = Connect();
  if (!conn.ok()) {
    {
      std::lock_guard lock(mu_);
      --open_;
    }
    cv_.notify_one();
  }
  return conn;
}

std::pair<int, int> PgPool::Use() {
  std::lock_guard lock(mu_);
  return {open_, open_ - static_cast<int>(idle_.size())};
}

void PgPool::Release(std::unique_ptr<PgConnection> conn) {
  {
    std::lock_guard lock(mu_);
    if (conn) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
  }
  cv_.notify_one();
}

Status PgPool::WithConnection(std::string_view what,
                              const std::function<Status(PgConnection&)>& fn) {
  ZB_ASSIGN_OR_RETURN(auto conn, Acquire());
  Status s;
  bool broken = false;
  try {
    s = fn(*conn);
  } catch (const pqxx::broken_connection& e) {
    s = FromException(e, what, address_);
    broken = true;
  } catch (const pqxx::in_doubt_error& e) {
    s = FromException(e, what, address_);
    broken = true;
  } catch (const std::exception& e) {
    s = FromException(e, what, address_);
  }
  if (broken || !conn->raw().is_open()) conn.reset();  // replaced by a fresh one on demand
  Release(std::move(conn));
  return s;
}

Status PgPool::Write(std::string_view what, const std::function<Status(Tx&)>& fn) {
  return WithConnection(what, [&](PgConnection& c) -> Status {
    pqxx::work txn(c.raw());
    Tx tx(c, txn);
    Status s = fn(tx);
    if (s.ok()) txn.commit();  // otherwise the destructor rolls back
    return s;
  });
}

Status PgPool::Read(std::string_view what, const std::function<Status(Tx&)>& fn) {
  return WithConnection(what, [&](PgConnection& c) -> Status {
    pqxx::nontransaction txn(c.raw());
    Tx tx(c, txn);
    return fn(tx);
  });
}

}  // namespace zb::store::postgres
