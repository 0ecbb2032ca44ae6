#include "store/sqlite/connection.h"

#include <atomic>
#include <string>

#include "store/sqlite/sqlite_search.h"
#include "text/sqlite_fts5.h"

namespace zb::store::sqlite {

namespace {

// SQLite counts the memory it allocates under a global mutex unless told not to (it must be
// told before its first use): every allocation of every connection then took that lock, 5 % of
// a million-ticket import's writing thread.
[[maybe_unused]] const bool kNoMemoryStatistics = [] {
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  return true;
}();

}  // namespace

Status ToStatus(int rc, sqlite3* db, std::string_view what) {
  int primary = rc & 0xff;
  if (primary == SQLITE_OK || primary == SQLITE_DONE || primary == SQLITE_ROW) return Status();
  std::string detail = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string w(what);
  switch (primary) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Invalid("数据库文件无效或已损坏（" + w + "）：" + detail,
                     "the file is not a valid zhengban database (" + w + "): " + detail);
    case SQLITE_FULL:
      return Unavailable("磁盘已满，未写入任何内容（" + w + "）",
                         "the disk is full; nothing was written (" + w + ")");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Unavailable("数据库繁忙，请稍后重试（" + w + "）",
                         "the database is busy; try again (" + w + ")");
    case SQLITE_CONSTRAINT:
      return Conflict("数据冲突（" + w + "）：" + detail,
                      "constraint violated (" + w + "): " + detail);
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return Unavailable("无法打开或写入数据库文件（" + w + "）：" + detail,
                         "cannot open or write the database file (" + w + "): " + detail);
    default:
      return Internal("数据库错误（" + w + "）：" + detail,
                      "database error (" + w + "): " + detail);
  }
}

Statement::~Statement() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Statement& Statement::Bind(int i, int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Statement& Statement::Bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::BindUncopied(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
  return *this;
}

Statement& Statement::Bind(int i, const std::optional<int64_t>& v) {
  return v ? Bind(i, *v) : BindNull(i);
}

Statement& Statement::BindNull(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

bool Statement::Step() {
  rc_ = sqlite3_step(stmt_);
  return rc_ == SQLITE_ROW;
}

std::optional<int64_t> Statement::OptInt(int col) const {
  if (IsNull(col)) return std::nullopt;
  return Int(col);
}

std::string_view Statement::TextView(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string_view(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX |
              (read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE));
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = ToStatus(rc, db, path);
    sqlite3_close(db);
    return s;
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_busy_timeout(db, 5000);
  sqlite3_extended_result_codes(db, 1);
  const char* pragmas =
      "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
      "PRAGMA cache_size=-32000;"
      // No memory map of the file: in WAL mode SQLite unmaps a connection's whole mapping when
      // its next read transaction finds the database changed, and the munmap of a large mapping
      // (2 GB, populated by a scan) holds the process's mmap lock for 60–80 ms, stalling every
      // thread's page faults: once a second on a busy 1M-case office (hotline_bench).
      "PRAGMA mmap_size=0;";
  ZB_RETURN_IF_ERROR(conn->Exec(pragmas));
  ZB_RETURN_IF_ERROR(RegisterSearchFunctions(db));
  // The search tokenizer as FTS5's "zb", for FTS5 tables on the office's database (case search
  // itself uses the posting-list index of sqlite_search.h: FTS5 indexed 10x too slowly).
  ZB_RETURN_IF_ERROR(text::RegisterSearchTokenizer(db));
  if (!read_only) {
    // A new database gets pages of kPageSize bytes (fixed once the first table is written).
    ZB_ASSIGN_OR_RETURN(auto count, conn->Prepare("PRAGMA page_count"));
    if (!count->Step()) return ToStatus(count->rc(), db, path);
    bool empty = count->Int(0) == 0;
    count.reset();  // its read ends: a page size set during one is ignored
    if (empty) ZB_RETURN_IF_ERROR(conn->Exec("PRAGMA page_size=" + std::to_string(kPageSize)));
    // Reading the schema here turns "not a database" into an error at open, not later.
    ZB_RETURN_IF_ERROR(conn->Exec("PRAGMA journal_mode=WAL;"));
  } else {
    ZB_RETURN_IF_ERROR(conn->Exec("SELECT count(*) FROM sqlite_schema;"));
  }
  ZB_ASSIGN_OR_RETURN(auto mode, conn->Prepare("PRAGMA journal_mode"));
  conn->wal_ = mode->Step() && mode->Text(0) == "wal";
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, st] : cache_) sqlite3_finalize(st);
  sqlite3_close(db_);
}

Result<std::unique_ptr<Statement>> Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return std::make_unique<Statement>(it->second);
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &st, nullptr);
  if (rc != SQLITE_OK) return ToStatus(rc, db_, "prepare");
  cache_.emplace(std::string(sql), st);
  return std::make_unique<Statement>(st);
}

Status Connection::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  sqlite3_free(err);
  return ToStatus(rc, db_, "exec");
}

Status Connection::ExecPrepared(std::string_view sql) {
  ZB_ASSIGN_OR_RETURN(auto st, Prepare(sql));
  return Run(*st, sql);
}

bool Connection::ReadWalHeader(WalHeader* out) {
  constexpr int kRegionBytes = 32768;  // SQLite maps the WAL index in regions of 32 kB
  if (!wal_) return false;
  if (!wal_index_) {
    sqlite3_file* file = nullptr;
    if (sqlite3_file_control(db_, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || !file ||
        !file->pMethods || file->pMethods->iVersion < 2) {
      wal_ = false;
      return false;
    }
    volatile void* region = nullptr;
    if (file->pMethods->xShmMap(file, 0, kRegionBytes, 0, &region) != SQLITE_OK || !region) {
      return false;
    }
    wal_index_ = static_cast<const volatile uint32_t*>(region);
  }
  // Read as SQLite reads it: the first copy, then the second, written in the other order.
  for (size_t i = 0; i < out->size(); ++i) (*out)[i] = wal_index_[i];
  std::atomic_thread_fence(std::memory_order_acquire);
  WalHeader second;
  for (size_t i = 0; i < second.size(); ++i) second[i] = wal_index_[second.size() + i];
  return *out == second;
}

Status Connection::BeginSnapshot() {
  if (snapshot_open_) {
    if (SnapshotCurrent()) return Status();
    ZB_RETURN_IF_ERROR(EndSnapshot());
  }
  // Read before the transaction begins: the snapshot it takes is at least this recent.
  snapshot_known_ = ReadWalHeader(&snapshot_at_);
  snapshot_on_file_ = snapshot_known_ && WalCopied(snapshot_at_);
  ZB_RETURN_IF_ERROR(ExecPrepared("BEGIN"));
  snapshot_open_ = true;
  return Status();
}

bool Connection::SnapshotCurrent() {
  WalHeader now;
  return snapshot_open_ && snapshot_known_ && ReadWalHeader(&now) && now == snapshot_at_;
}

bool Connection::SnapshotKeepable() {
  return snapshot_on_file_ && SnapshotCurrent();
}

bool Connection::WalCopied(const WalHeader& h) const {
  // The header's mxFrame is its fifth word; the checkpoint's nBackfill the first word after the
  // header's two copies (walformat.html, "the WAL-index header" and "checkpoint information").
  constexpr size_t kMaxFrame = 4, kBackfilled = 24;
  uint32_t backfilled = wal_index_[kBackfilled];
  return backfilled == h[kMaxFrame];
}

Status Connection::EndSnapshot() {
  if (!snapshot_open_) return Status();
  snapshot_open_ = false;
  Status s = ExecPrepared("COMMIT");
  if (!s.ok() && !sqlite3_get_autocommit(db_)) (void)ExecPrepared("ROLLBACK");
  return s;
}

Status Connection::Run(Statement& st, std::string_view what) {
  while (st.Step()) {
  }
  return ToStatus(st.rc(), db_, what);
}

}  // namespace zb::store::sqlite
