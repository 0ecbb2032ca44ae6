// The WAL's checkpoints, off the writers' path. SQLite's auto-checkpoint runs inside the commit
// that passes 1,000 WAL pages and ends with an fsync of the database file: a create then waited
// for the copy and the fsync, and after a long read (the time-limit monitor's sweep of a large
// office pins the WAL) for the copy of every page written meanwhile (p99 ≈ 300 ms on 1M tickets).
// The writer's auto-checkpoint is off (SqliteStore::Open); a thread of the store checkpoints
// (PASSIVE, on a connection of its own) every 200 ms while writes go on. The WAL restarts only
// once everything in it is copied, so a checkpoint makes several passes, each copying what came
// during the last (fewer pages each time), until one finds nothing new; should writes never leave
// such a gap and the WAL pass 256 MB, the last pages are copied while writes wait.
//
// Copying everything is not enough for the WAL to restart: the next write restarts it only if no
// read that began before the copy ended is still going on. Under steady load some read always
// is (creates at 200/s from 16 connections each read the case back), and the WAL grew by 18 MB
// a second without a restart (1.4 GB over a minute of hotline_bench). So when writes wait, the
// copy is a RESTART checkpoint: it also waits, briefly, for the reads still on the WAL; reads
// that begin afterwards read the database file, and the next write starts the WAL again.
#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>

#include "store/sqlite/sqlite_store.h"

namespace zb::store::sqlite {

namespace {
constexpr auto kCheckpointEvery = std::chrono::milliseconds(200);
constexpr int kPasses = 16;
// How long writes wait, at most, for the reads still on the WAL before it restarts; a longer read
// (a dashboard over a million cases) is not waited for: the WAL restarts at a later checkpoint.
constexpr int kRestartWaitMs = 50;
constexpr int kBusyTimeoutMs = 5000;  // the connection's own (Connection::Open)
}  // namespace

Status SqliteStore::CopyWalAndRestart(WalState* w) {
  sqlite3* db = checkpointer_->raw();
  EndIdleSnapshots();
  sqlite3_busy_timeout(db, kRestartWaitMs);
  int pages = 0, copied = 0;
  int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, &pages, &copied);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  if (w) *w = WalState{pages, copied};
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) return ToStatus(rc, db, "checkpoint");
  return Status();
}

Status SqliteStore::OpenCheckpointer() {
  if (checkpointer_) return Status();
  ZB_ASSIGN_OR_RETURN(auto c, Connection::Open(path_, false));
  // A database in WAL mode keeps its page size.
  ZB_ASSIGN_OR_RETURN(auto size, c->Prepare("PRAGMA page_size"));
  if (!size->Step()) return ToStatus(size->rc(), c->raw(), "page size");
  wal_page_bytes_ = std::max<int64_t>(size->Int(0), 512);
  size.reset();
  checkpointer_ = std::move(c);
  return Status();
}

Result<WalState> SqliteStore::CheckpointWal(int64_t force_from_bytes) {
  std::lock_guard one(checkpoint_mu_);
  ZB_RETURN_IF_ERROR(OpenCheckpointer());
  EndIdleSnapshots();  // a reader's kept snapshot would hold up the copy and the restart
  WalState w;
  auto pass = [&]() -> Status {
    int rc = sqlite3_wal_checkpoint_v2(checkpointer_->raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                       &w.pages, &w.copied);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      return ToStatus(rc, checkpointer_->raw(), "checkpoint");
    }
    return Status();
  };
  // Each pass copies (and syncs) what the writes added during the one before, fewer pages each
  // time, until one finds nothing added: then the next write restarts the WAL.
  for (int i = 0; i < kPasses; ++i) {
    ZB_RETURN_IF_ERROR(pass());
    if (w.copied == w.pages) break;
  }
  // A WAL this long has not restarted for a while, copied whole or not: writes never paused, or
  // reads always overlapped the next write. Bound it.
  if (int64_t{w.pages} * wal_page_bytes_ >= force_from_bytes) {
    std::lock_guard writes_wait(write_mu_);
    ZB_RETURN_IF_ERROR(CopyWalAndRestart(&w));
  }
  return w;
}

// Bulk writes (an import's batches of 50,000 cases, up to 500 MB of WAL each) come back to back:
// the thread's passes never found the WAL copied whole between two of them, so it never restarted
// and grew to 5.7 GB over a million-ticket import, each write extending the file (the kernel
// zeroing new blocks took a fifth of the import's time). After each bulk write the WAL is copied
// at once while writes wait, so the next write starts it again from the beginning (at most
// 500 MB on that import).
void SqliteStore::CheckpointAfterBulkWrite() {
  std::lock_guard one(checkpoint_mu_);
  if (Status s = OpenCheckpointer(); !s.ok()) {
    spdlog::warn("checkpoint after a bulk write: {}", s.ToString());
    return;
  }
  std::lock_guard writes_wait(write_mu_);
  if (Status s = CopyWalAndRestart(nullptr); !s.ok()) {
    spdlog::warn("checkpoint after a bulk write: {}", s.ToString());
  }
}

void SqliteStore::CheckpointLoop() {
  std::unique_lock lock(merge_mu_);
  while (!stopping_) {
    merge_cv_.wait_for(lock, kCheckpointEvery, [&] { return stopping_; });
    if (stopping_) return;
    lock.unlock();
    (void)CheckpointWal().status();  // tried again in 200 ms
    lock.lock();
  }
}

}  // namespace zb::store::sqlite
