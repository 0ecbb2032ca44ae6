// PostgreSQL connections for PgStore: a small thread-safe pool, prepared statements cached per
// connection, and the translation of libpqxx exceptions into Status values.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/status.h"

namespace zb::store::postgres {

// The server a URL names, for messages and Describe(): host, port and database; never the
// password.
struct ServerAddress {
  std::string host;
  std::string port;
  std::string dbname;
  std::string ToString() const;  // "127.0.0.1:5432/zhengban"
};

// Parses a postgresql:// URL (or key=value conninfo). Fails with kInvalidArgument.
Result<ServerAddress> ParseServerAddress(const std::string& url);

// One pooled connection. Not thread-safe: the pool lends it to one thread at a time.
class PgConnection {
 public:
  explicit PgConnection(std::unique_ptr<pqxx::connection> conn) : conn_(std::move(conn)) {}

  pqxx::connection& raw() { return *conn_; }
  // The name of the prepared statement for `sql`, preparing it on first use.
  const std::string& Prepared(const std::string& sql);

 private:
  std::unique_ptr<pqxx::connection> conn_;
  std::unordered_map<std::string, std::string> names_;  // sql -> statement name
};

// A transaction on a pooled connection: runs cached prepared statements ($1, $2, … parameters).
class Tx {
 public:
  Tx(PgConnection& conn, pqxx::transaction_base& txn) : conn_(conn), txn_(txn) {}

  template <typename... Args>
  pqxx::result Exec(const std::string& sql, Args&&... args) {
    return txn_.exec_prepared(conn_.Prepared(sql), std::forward<Args>(args)...);
  }
  pqxx::transaction_base& raw() { return txn_; }

 private:
  PgConnection& conn_;
  pqxx::transaction_base& txn_;
};

class PgPool {
 public:
  // Connects once, so that an unreachable server is reported at start (kUnavailable, naming
  // host and port). At most `size` connections are open at a time; more are made on demand.
  static Result<std::unique_ptr<PgPool>> Open(const std::string& url, int size);

  // Runs `fn` in a read-write transaction, committed if `fn` returns OK, rolled back otherwise.
  // Exceptions from libpqxx become a Status; a connection that broke is dropped, not reused.
  Status Write(std::string_view what, const std::function<Status(Tx&)>& fn);
  // Runs `fn` without an explicit transaction (each statement commits on its own).
  Status Read(std::string_view what, const std::function<Status(Tx&)>& fn);
  // Runs `fn` on a bare connection (migrations manage their own transactions).
  Status WithConnection(std::string_view what, const std::function<Status(PgConnection&)>& fn);

  const ServerAddress& address() const { return address_; }
  // Connections open now, and how many of them are lent out.
  std::pair<int, int> Use();
  // The options connections are opened with (for a dedicated connection such as a listener).
  const std::string& conninfo() const { return conninfo_; }

 private:
  PgPool(std::string conninfo, ServerAddress address, int size)
      : conninfo_(std::move(conninfo)), address_(std::move(address)), size_(size) {}

  Result<std::unique_ptr<PgConnection>> Connect();
  Result<std::unique_ptr<PgConnection>> Acquire();
  // False when the server has closed `conn` (checked without a round trip).
  static bool StillOpen(PgConnection& conn);
  void Release(std::unique_ptr<PgConnection> conn);

  const std::string conninfo_;
  const ServerAddress address_;
  const int size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<PgConnection>> idle_;  // guarded by mu_
  int open_ = 0;                                     // guarded by mu_: idle + lent out
};

// Translates an exception thrown by libpqxx into a Status naming `what` and the server.
Status FromException(const std::exception& e, std::string_view what, const ServerAddress& at);

}  // namespace zb::store::postgres
