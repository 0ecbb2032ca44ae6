#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace zb::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  std::string path = url;
  if (path.rfind("postgresql://", 0) == 0 || path.rfind("postgres://", 0) == 0) {
    ZB_ASSIGN_OR_RETURN(auto s, postgres::PgStore::Open(url));
    return std::unique_ptr<Store>(std::move(s));
  }
  if (path.rfind("sqlite:", 0) == 0) path = path.substr(7);
  if (path.empty()) return Invalid("数据库路径为空", "the database path is empty");
  ZB_ASSIGN_OR_RETURN(auto s, sqlite::SqliteStore::Open(path));
  return std::unique_ptr<Store>(std::move(s));
}

}  // namespace zb::store
