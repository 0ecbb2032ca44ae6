// A reader's snapshot kept between reads (Connection::BeginSnapshot): reused only while no
// connection of any process has committed since it began, and kept only when it began on a WAL
// copied whole into the database.
#include "store/sqlite/connection.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "store/sqlite/sqlite_store.h"

namespace zb::store::sqlite {
namespace {

namespace fs = std::filesystem;

class SnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::temp_directory_path() / ("zb_snapshot_" + std::to_string(::getpid()) + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
    auto w = Connection::Open(path_, false);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    writer_ = std::move(*w);
    ASSERT_TRUE(writer_->Exec("CREATE TABLE t(x INTEGER); INSERT INTO t VALUES (1);").ok());
    CopyWal();
    auto r = Connection::Open(path_, true);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    reader_ = std::move(*r);
  }
  void TearDown() override {
    reader_.reset();
    writer_.reset();
    fs::remove_all(dir_);
  }
  void CopyWal() { ASSERT_TRUE(writer_->Exec("PRAGMA wal_checkpoint(PASSIVE)").ok()); }
  // A write by a connection of its own, as another process would make it.
  void WriteElsewhere(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  int64_t X() {
    auto st = reader_->Prepare("SELECT x FROM t");
    EXPECT_TRUE(st.ok());
    EXPECT_TRUE((*st)->Step());
    return (*st)->Int(0);
  }
  bool InTransaction() { return !sqlite3_get_autocommit(reader_->raw()); }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<Connection> writer_, reader_;
};

TEST_F(SnapshotTest, KeptUntilAnyConnectionCommits) {
  ASSERT_TRUE(reader_->BeginSnapshot().ok());
  EXPECT_EQ(X(), 1);
  EXPECT_TRUE(reader_->SnapshotKeepable());
  // Nothing committed: the next read goes on in the same transaction.
  EXPECT_TRUE(reader_->SnapshotCurrent());
  ASSERT_TRUE(reader_->BeginSnapshot().ok());
  EXPECT_TRUE(InTransaction());
  EXPECT_EQ(X(), 1);

  // Another process commits: the snapshot is stale; the next read begins a new one and sees it.
  WriteElsewhere("UPDATE t SET x = 2");
  EXPECT_FALSE(reader_->SnapshotCurrent());
  EXPECT_FALSE(reader_->SnapshotKeepable());
  ASSERT_TRUE(reader_->BeginSnapshot().ok());
  EXPECT_EQ(X(), 2);

  // So does a commit of this process's own writer.
  ASSERT_TRUE(writer_->Exec("UPDATE t SET x = 3").ok());
  EXPECT_FALSE(reader_->SnapshotCurrent());
  ASSERT_TRUE(reader_->BeginSnapshot().ok());
  EXPECT_EQ(X(), 3);

  ASSERT_TRUE(reader_->EndSnapshot().ok());
  EXPECT_FALSE(InTransaction());
  EXPECT_FALSE(reader_->snapshot_open());
  EXPECT_TRUE(reader_->EndSnapshot().ok());  // none open: nothing to do
}

TEST_F(SnapshotTest, NotKeptWhenTheWalHoldsWhatTheDatabaseFileLacks) {
  ASSERT_TRUE(writer_->Exec("UPDATE t SET x = 5").ok());  // in the WAL only
  ASSERT_TRUE(reader_->BeginSnapshot().ok());
  EXPECT_EQ(X(), 5);
  EXPECT_TRUE(reader_->SnapshotCurrent());
  EXPECT_FALSE(reader_->SnapshotKeepable());  // it would hold up the WAL's restart
  ASSERT_TRUE(reader_->EndSnapshot().ok());
  CopyWal();
  ASSERT_TRUE(reader_->BeginSnapshot().ok());
  EXPECT_EQ(X(), 5);
  EXPECT_TRUE(reader_->SnapshotKeepable());
  ASSERT_TRUE(reader_->EndSnapshot().ok());
}

// Through the store: what another process writes is read at once although the store's readers
// keep their snapshots, and a kept snapshot holds up no checkpoint.
TEST(SqliteStoreSnapshots, ReadsSeeEveryCommitAndCheckpointsCopyEverything) {
  fs::path dir = fs::temp_directory_path() / ("zb_store_snapshots_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string path = (dir / "t.db").string();
  auto opened = SqliteStore::Open(path);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto& store = **opened;
  Id unit = *store.AddUnit({0, "dept.housing", "市住建局", "department", std::nullopt, 1});
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(store.CheckpointWal().ok());
    ASSERT_EQ(store.GetUnit(unit)->name,
              round == 0 ? "市住建局" : "住建局" + std::to_string(round));
    // The reader keeps its snapshot (read again should the checkpoint thread end it meanwhile).
    for (int again = 0; again < 3 && store.KeptSnapshots() == 0; ++again) (void)store.GetUnit(unit);
    EXPECT_GE(store.KeptSnapshots(), 1);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    std::string sql = "UPDATE units SET name='住建局" + std::to_string(round + 1) +
                      "' WHERE id=" + std::to_string(unit);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    // The idle reader's snapshot, now stale, would keep the checkpoint from copying the write.
    auto w = store.CheckpointWal();
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_GT(w->pages, 0);
    EXPECT_EQ(w->copied, w->pages) << "a kept snapshot held up the checkpoint";
    EXPECT_EQ(store.GetUnit(unit)->name, "住建局" + std::to_string(round + 1));
    // The store's own writes are read at once too.
    Id added = *store.AddUnit(
        {0, "dept.r" + std::to_string(round), "新单位", "department", std::nullopt, 2 + round});
    EXPECT_EQ(store.GetUnit(added)->name, "新单位");
  }
  opened->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zb::store::sqlite
