// A SQLite connection with its own cache of prepared statements. Not thread-safe: one thread
// uses a connection at a time (the ConnectionPool hands them out).
#pragma once

#include <sqlite3.h>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"

namespace zb::store::sqlite {

// Maps a SQLite result code to a Status with a message in both languages.
Status ToStatus(int rc, sqlite3* db, std::string_view what);

// A prepared statement borrowed from a connection's cache; reset and cleared on destruction.
class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binding is 1-based, as in SQLite.
  Statement& Bind(int i, int64_t v);
  Statement& Bind(int i, std::string_view v);
  // Text SQLite reads in place: `v` must outlive the statement's next Step (or its reset).
  Statement& BindUncopied(int i, std::string_view v);
  Statement& Bind(int i, const std::optional<int64_t>& v);
  Statement& BindNull(int i);

  // Returns true while there is a row; false when done. Errors come back as Status via rc().
  bool Step();
  int rc() const { return rc_; }

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::optional<int64_t> OptInt(int col) const;
  std::string Text(int col) const { return std::string(TextView(col)); }
  // The column's text in the statement's own memory: valid until the next Step or reset.
  std::string_view TextView(int col) const;

  sqlite3_stmt* raw() const { return stmt_; }

 private:
  sqlite3_stmt* stmt_;
  int rc_ = SQLITE_OK;
};

// The page size of a new database. SQLite's default, 4 kB, made a million-ticket import
// (≈ 4 GB written twice, through the WAL) spend 16 of its 55 CPU seconds in the kernel's
// per-page work; with 16 kB pages 9 (33.5 s → 27.0 s), and the file is 10 % smaller (a ticket's
// kilobyte of text wastes less of a page). Existing databases keep theirs.
inline constexpr int kPageSize = 16384;

class Connection {
 public:
  // Opens `path` (creating it unless read_only) with WAL, foreign keys and a busy timeout.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A cached prepared statement for `sql` (looked up without copying the text).
  Result<std::unique_ptr<Statement>> Prepare(std::string_view sql);
  // Runs one or more statements without results.
  Status Exec(const std::string& sql);
  // One statement, prepared once and then taken from the cache: for the BEGIN and COMMIT of
  // every read and write (sqlite3_exec compiles its text each time: 6 % of a case's detail).
  Status ExecPrepared(std::string_view sql);
  // Step a statement to completion; returns the error if any.
  Status Run(Statement& st, std::string_view what);

  // A read transaction kept open between uses (the store's readers, SqliteStore::Read): reads
  // skip taking and dropping the WAL's read lock, two fcntl calls under a process-wide mutex.
  // BeginSnapshot begins one unless the one open is still current: no commit of any connection
  // of any process since it began (the WAL index's header, shared by them all, is unchanged).
  Status BeginSnapshot();
  bool SnapshotCurrent();
  // Whether the snapshot may be kept after a read: it is current and began on a WAL copied
  // whole into the database, so it reads the database file only and holds up neither the copy
  // of what later commits write (it is no longer current then, and ends) nor the WAL's restart.
  bool SnapshotKeepable();
  Status EndSnapshot();  // nothing if none is open
  bool snapshot_open() const { return snapshot_open_; }

  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  sqlite3* raw() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  // The first copy of the WAL index's header (https://sqlite.org/walformat.html, "the WAL-index
  // header"), which every commit rewrites, second copy first. False while the two copies differ
  // (a commit is writing them) or if the database has no WAL index.
  using WalHeader = std::array<uint32_t, 12>;
  bool ReadWalHeader(WalHeader* out);
  // Whether everything in the WAL is copied into the database (the checkpoint's nBackfill has
  // reached the header's mxFrame).
  bool WalCopied(const WalHeader& h) const;

  sqlite3* db_;
  bool wal_ = false;                              // in WAL mode: snapshots can be kept
  const volatile uint32_t* wal_index_ = nullptr;  // the WAL index's shared memory, mapped by SQLite
  WalHeader snapshot_at_{};                       // the header before the snapshot began
  bool snapshot_known_ = false;                   // snapshot_at_ was read
  bool snapshot_on_file_ = false;                 // it began with the WAL copied whole
  bool snapshot_open_ = false;
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> cache_;
};

}  // namespace zb::store::sqlite
