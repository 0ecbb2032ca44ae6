#include <algorithm>
#include <thread>

#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace zb::store {

namespace {

constexpr std::chrono::milliseconds kFirstWait{500};
constexpr std::chrono::milliseconds kLongestWait{8000};

// Opens PostgreSQL, retrying while the server is unreachable (kUnavailable) for at most
// `options.retry_for`, waiting 0.5 s, 1 s, 2 s, … 8 s between attempts. Other errors (a bad URL,
// a refused password, a schema that is too new) fail at once.
Result<std::unique_ptr<Store>> OpenPostgres(const std::string& url, const OpenOptions& options) {
  std::chrono::milliseconds waited{0};
  std::chrono::milliseconds wait = kFirstWait;
  for (int attempt = 1;; ++attempt) {
    auto s = postgres::PgStore::Open(url);
    if (s.ok()) return std::unique_ptr<Store>(std::move(s).value());
    Status why = s.status();
    std::chrono::milliseconds left = options.retry_for - waited;
    if (why.code() != ErrorCode::kUnavailable || left <= std::chrono::milliseconds(0)) {
      if (attempt == 1) return why;
      std::string n = std::to_string(attempt);
      std::string secs = std::to_string((waited.count() + 999) / 1000);
      return Status(why.code(), why.message() + "（" + secs + " 秒内尝试 " + n + " 次）",
                    why.message_en() + " (" + n + " attempts in " + secs + " s)");
    }
    std::chrono::milliseconds this_wait = std::min(wait, left);
    if (options.on_retry) options.on_retry(why, attempt, this_wait);
    if (options.sleep) {
      options.sleep(this_wait);
    } else {
      std::this_thread::sleep_for(this_wait);
    }
    waited += this_wait;
    wait = std::min(wait * 2, kLongestWait);
  }
}

}  // namespace

Result<std::unique_ptr<Store>> OpenStore(const std::string& url, const OpenOptions& options) {
  std::string path = url;
  if (path.rfind("postgresql://", 0) == 0 || path.rfind("postgres://", 0) == 0) {
    return OpenPostgres(url, options);
  }
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  if (path.empty()) return Invalid("数据库路径为空", "the database path is empty");
  ZB_ASSIGN_OR_RETURN(auto s, sqlite::SqliteStore::Open(path));
  return std::unique_ptr<Store>(std::move(s));
}

}  // namespace zb::store
