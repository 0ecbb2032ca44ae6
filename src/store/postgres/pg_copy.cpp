#include "store/postgres/pg_copy.h"

#include <sqlite3.h>

#include <limits>
#include <memory>
#include <optional>
#include <pqxx/pqxx>

#include "base/sha256.h"
#include "store/postgres/pg_search.h"
#include "store/postgres/pg_store.h"
#include "store/sqlite/case_fields.h"
#include "store/sqlite/sqlite_store.h"

namespace zb::store::postgres {

namespace {

struct TableSpec {
  const char* name;
  const char* key;  // ORDER BY for the checksum (text keys compared bytewise on both sides)
  bool identity;    // has an identity `id` whose sequence must continue after the copied rows
};

// In an order that satisfies the foreign keys.
const std::vector<TableSpec>& Tables() {
  static const std::vector<TableSpec> tables = {
      {"units", "id", true},
      {"posts", "id", true},
      {"users", "id", true},
      {"memberships", "user_id, unit_id", false},
      {"delegations", "id", true},
      {"cases", "id", true},
      {"case_co_units", "case_id, unit_id", false},
      {"events", "id", true},
      {"attachments", "id", true},
      {"api_tokens", "id", true},
      {"audit", "id", false},
      {"notifications", "id", true},
      {"outbox", "id", true},
      {"deadline_alerts", "case_id, stage COLLATE \"C\", due_at", false},
      {"insight_runs", "id", true},
      {"insight_findings", "id", true},
      {"insight_ticket_features", "case_id", false},
  };
  return tables;
}

using SqliteHandle = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;
using SqliteStmt = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

Result<SqliteStmt> Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    std::string why = sqlite3_errmsg(db);
    return Internal("读取 SQLite 数据库失败：" + why, "cannot read the SQLite database: " + why);
  }
  return SqliteStmt(st, &sqlite3_finalize);
}

Result<std::vector<std::string>> Columns(sqlite3* db, const std::string& table) {
  ZB_ASSIGN_OR_RETURN(auto st, Prepare(db, "PRAGMA table_info(" + table + ")"));
  std::vector<std::string> cols;
  while (sqlite3_step(st.get()) == SQLITE_ROW) {
    cols.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 1)));
  }
  return cols;
}

std::string Join(const std::vector<std::string>& cols) {
  std::string s;
  for (const auto& c : cols) s += (s.empty() ? "" : ", ") + c;
  return s;
}

// The columns as read from SQLite: a case's fields where they are kept (case_fields.h).
std::string SourceColumns(const TableSpec& t, const std::vector<std::string>& cols) {
  std::vector<std::string> read = cols;
  if (std::string_view(t.name) == "cases") {
    for (std::string& c : read) {
      if (c == "fields") c = std::string(sqlite::kCaseFieldsSql) + " AS fields";
    }
  }
  return Join(read);
}

// Folds one row into a running checksum. NULL and the empty string differ.
void FoldRow(std::string& sum, const std::vector<std::optional<std::string>>& row) {
  std::string text = sum;
  for (const auto& v : row) {
    text += v ? "\x1f" + *v : std::string("\x1e");
  }
  sum = Sha256Hex(text);
}

Status CheckEmpty(pqxx::connection& conn) {
  pqxx::nontransaction q(conn);
  for (const TableSpec& t : Tables()) {
    if (q.exec1(std::string("SELECT EXISTS (SELECT 1 FROM ") + t.name + ")")[0].as<bool>()) {
      return Invalid(std::string("目标数据库不是空的（") + t.name + " 表已有数据），未复制任何内容",
                     std::string("the target database is not empty (table ") + t.name +
                         " has rows); nothing was copied");
    }
  }
  return Status();
}

// Rows go in multi-row INSERTs of up to kBatchParams parameters (text, typed by the columns).
constexpr size_t kBatchParams = 16000;

Status FlushRows(pqxx::work& txn, const TableSpec& t, const std::vector<std::string>& cols,
                 std::vector<std::optional<std::string>>& params) {
  if (params.empty()) return Status();
  std::string sql = std::string("INSERT INTO ") + t.name + " (" + Join(cols) + ") VALUES ";
  for (size_t i = 0; i < params.size(); ++i) {
    if (i % cols.size() == 0)
      sql += (i ? "), (" : "(");
    else
      sql += ", ";
    sql += "$" + std::to_string(i + 1);
  }
  sql += ")";
  txn.exec_params(sql, pqxx::prepare::make_dynamic_params(params));
  params.clear();
  return Status();
}

Status CopyTable(sqlite3* src, pqxx::work& txn, const TableSpec& t,
                 const std::vector<std::string>& cols) {
  ZB_ASSIGN_OR_RETURN(auto st,
                      Prepare(src, "SELECT " + SourceColumns(t, cols) + " FROM " + t.name));
  std::vector<std::optional<std::string>> params;
  int rc;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    for (int i = 0; i < static_cast<int>(cols.size()); ++i) {
      if (sqlite3_column_type(st.get(), i) == SQLITE_NULL) {
        params.emplace_back();
      } else {
        params.emplace_back(
            std::string(reinterpret_cast<const char*>(sqlite3_column_text(st.get(), i)),
                        sqlite3_column_bytes(st.get(), i)));
      }
    }
    if (params.size() + cols.size() > kBatchParams)
      ZB_RETURN_IF_ERROR(FlushRows(txn, t, cols, params));
  }
  ZB_RETURN_IF_ERROR(FlushRows(txn, t, cols, params));
  if (rc != SQLITE_DONE) {
    std::string why = sqlite3_errmsg(src);
    return Internal("读取 " + std::string(t.name) + " 失败：" + why,
                    "cannot read " + std::string(t.name) + ": " + why);
  }
  if (t.identity) {
    txn.exec(std::string("SELECT setval(pg_get_serial_sequence('") + t.name +
             "', 'id'), greatest(max(id), 1), max(id) IS NOT NULL) FROM " + t.name);
  }
  return Status();
}

Result<TableCheck> Compare(sqlite3* src, pqxx::connection& dst, const TableSpec& t,
                           const std::vector<std::string>& cols) {
  TableCheck check;
  check.table = t.name;
  std::string select = "SELECT " + Join(cols) + " FROM " + t.name + " ORDER BY ";
  std::string sqlite_key = t.key;
  if (size_t p = sqlite_key.find(" COLLATE \"C\""); p != std::string::npos) {
    sqlite_key.erase(p, 12);  // SQLite compares text bytewise already
  }
  ZB_ASSIGN_OR_RETURN(auto st, Prepare(src, "SELECT " + SourceColumns(t, cols) + " FROM " + t.name +
                                                " ORDER BY " + sqlite_key));
  std::vector<std::optional<std::string>> row(cols.size());
  while (sqlite3_step(st.get()) == SQLITE_ROW) {
    for (size_t i = 0; i < cols.size(); ++i) {
      int c = static_cast<int>(i);
      if (sqlite3_column_type(st.get(), c) == SQLITE_NULL) {
        row[i].reset();
      } else {
        row[i] = std::string(reinterpret_cast<const char*>(sqlite3_column_text(st.get(), c)),
                             sqlite3_column_bytes(st.get(), c));
      }
    }
    FoldRow(check.source_sum, row);
    ++check.source_rows;
  }
  pqxx::nontransaction q(dst);
  constexpr pqxx::oid kBool = 16;
  for (const auto& r : q.exec(select + t.key)) {
    for (size_t i = 0; i < cols.size(); ++i) {
      const pqxx::field& f = r[static_cast<pqxx::row::size_type>(i)];
      if (f.is_null()) {
        row[i].reset();
      } else if (f.type() == kBool) {
        row[i] = f.as<bool>() ? "1" : "0";  // SQLite keeps booleans as 1 and 0
      } else {
        row[i] = std::string(f.c_str(), f.size());
      }
    }
    FoldRow(check.target_sum, row);
    ++check.target_rows;
  }
  return check;
}

}  // namespace

Result<std::vector<TableCheck>> CopySqliteToPostgres(const std::string& sqlite_path,
                                                     const std::string& pg_url) {
  {
    // Both must be zhengban databases at the latest schema version.
    ZB_ASSIGN_OR_RETURN(auto source, sqlite::SqliteStore::Open(sqlite_path, 1));
    ZB_ASSIGN_OR_RETURN(auto target, PgStore::Open(pg_url, 1));
  }
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(sqlite_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(raw);
    return Invalid("无法打开 " + sqlite_path, "cannot open " + sqlite_path);
  }
  SqliteHandle src(raw, &sqlite3_close);
  ZB_ASSIGN_OR_RETURN(ServerAddress at, ParseServerAddress(pg_url));
  std::vector<TableCheck> checks;
  try {
    pqxx::connection dst(pg_url);
    pqxx::nontransaction(dst).exec("SET client_min_messages = warning");
    ZB_RETURN_IF_ERROR(CheckEmpty(dst));
    // One snapshot of the source for the copy and the comparison.
    ZB_ASSIGN_OR_RETURN(auto begin, Prepare(src.get(), "BEGIN"));
    sqlite3_step(begin.get());
    std::vector<std::vector<std::string>> columns;
    {
      pqxx::work txn(dst);
      // Other writers wait until the copy is complete.
      txn.exec("LOCK TABLE units, cases IN EXCLUSIVE MODE");
      for (const TableSpec& t : Tables()) {
        ZB_ASSIGN_OR_RETURN(auto cols, Columns(src.get(), t.name));
        ZB_RETURN_IF_ERROR(CopyTable(src.get(), txn, t, cols));
        columns.push_back(std::move(cols));
      }
      FillSearchColumn(txn, std::numeric_limits<int64_t>::max());  // not in SQLite's rows
      txn.commit();
    }
    for (size_t i = 0; i < Tables().size(); ++i) {
      ZB_ASSIGN_OR_RETURN(TableCheck c, Compare(src.get(), dst, Tables()[i], columns[i]));
      checks.push_back(std::move(c));
    }
  } catch (const std::exception& e) {
    return FromException(e, "copy", at);
  }
  return checks;
}

}  // namespace zb::store::postgres
