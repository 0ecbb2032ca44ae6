// The keyword index on SQLite (sqlite_search.h) through the Store interface: what a keyword finds
// after bulk and single writes, edits, merges and the build of an existing database's index.
#include "store/sqlite/sqlite_search.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <set>
#include <thread>

#include "store/sqlite/sqlite_store.h"
#include "text/search_index.h"
#include "text/search_tokenizer.h"

namespace zb::store::sqlite {
namespace {

namespace fs = std::filesystem;

class SqliteSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    dir_ = fs::temp_directory_path() / ("zb_search_test_" + std::to_string(::getpid()) + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Open();
    unit_ = *store_->AddUnit({0, "dept.housing", "市住建局", "department", std::nullopt, 1});
    other_unit_ =
        *store_->AddUnit({0, "dept.transport", "市交通局", "department", std::nullopt, 2});
    User u;
    u.username = "operator1";
    u.display_name = "话务员";
    u.role = "operator";
    u.unit_id = unit_;
    user_ = *store_->AddUser(u);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void Open() {
    store_.reset();
    auto s = SqliteStore::Open((dir_ / "t.db").string());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  NewCase Ticket(const std::string& title, const std::string& content, int64_t at) {
    NewCase nc;
    nc.record.kind = "hotline";
    nc.record.state = "registered";
    nc.record.title = title;
    nc.record.lead_unit_id = unit_;
    nc.record.created_by = user_;
    nc.record.created_at = nc.record.updated_at = FromUnixSeconds(at);
    nc.record.fields = {{"content", content}, {"phone", "13812345678"}, {"votes", 42}};
    EventRecord e;
    e.type = "created";
    e.action = "create";
    e.actor_id = user_;
    e.at = nc.record.created_at;
    e.to_state = "registered";
    nc.events.push_back(e);
    return nc;
  }

  std::set<Id> Find(const std::string& keyword, CaseQuery q = {}) {
    q.keyword = keyword;
    q.limit = 1000;
    std::set<Id> out;
    for (;;) {
      auto page = store_->ListCases(q);
      EXPECT_TRUE(page.ok()) << keyword << ": " << page.status().ToString();
      if (!page.ok()) return out;
      for (const auto& c : page->cases) EXPECT_TRUE(out.insert(c.id).second) << "twice: " << c.id;
      if (!page->next_cursor) return out;
      q.cursor = page->next_cursor;
    }
  }

  int64_t Count(const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open((dir_ / "t.db").string().c_str(), &db);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }

  fs::path dir_;
  std::unique_ptr<SqliteStore> store_;
  Id unit_ = 0, other_unit_ = 0, user_ = 0;
};

TEST_F(SqliteSearchTest, BulkAndSingleCasesAreFoundByPhrasesWordsAndNumbers) {
  std::vector<NewCase> bulk;  // the bulk builder's path (64 or more)
  for (int i = 0; i < 100; ++i)
    bulk.push_back(Ticket("路灯不亮", "夜间漆黑 第" + std::to_string(i), i));
  bulk[10] = Ticket("小区门口停车难", "雨后积水严重，WiFi 信号差", 10);
  bulk[20] = Ticket("车停在人行道上", "占道经营", 20);
  auto ids = store_->CreateCases(bulk);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  Id parking = (*ids)[10], pavement = (*ids)[20];
  Id road = *store_->CreateCase(Ticket("道路积水", "排水管堵塞 PM2.5", 200));  // one at a time

  EXPECT_EQ(Find("停车"), (std::set<Id>{parking}));
  EXPECT_EQ(Find("积水"), (std::set<Id>{parking, road}));
  EXPECT_EQ(Find("车停"), (std::set<Id>{pavement}));  // not 停车 backwards
  EXPECT_EQ(Find("积水严重"), (std::set<Id>{parking}));
  EXPECT_EQ(Find("严重积水"), (std::set<Id>{}));
  EXPECT_EQ(Find("停"), (std::set<Id>{parking, pavement}));  // one character, anywhere in a run
  EXPECT_EQ(Find("堵"), (std::set<Id>{road}));
  EXPECT_EQ(Find("wifi"), (std::set<Id>{parking}));  // Latin words in any case
  EXPECT_EQ(Find("pm2.5"), (std::set<Id>{road}));
  EXPECT_EQ(Find("5678").size(), 101u);  // the end of a phone number
  EXPECT_EQ(Find("第42").size(), 1u);
  EXPECT_EQ(Find("42").size(), 101u);  // a number field's value (too short: LIKE alone)
  EXPECT_EQ(Find("暴雨"), (std::set<Id>{}));
  EXPECT_EQ(Find("content"), (std::set<Id>{}));  // field names are not text
  EXPECT_EQ(Find("%"), (std::set<Id>{}));
  EXPECT_EQ(Find("停车 积水"), (std::set<Id>{}));  // the keyword as typed, spaces included
  // Indexed with the case, in its transaction.
  EXPECT_EQ(Count("SELECT count(*) FROM search_pending WHERE case_id=" + std::to_string(road)), 1);
  EXPECT_GT(Count("SELECT count(*) FROM search_postings"), 0);
}

TEST_F(SqliteSearchTest, EditedTextIsFoundByNewWordsOnly) {
  Id id = *store_->CreateCase(Ticket("道路积水", "排水管堵塞", 1));
  CaseRecord r = *store_->GetCase(id);
  CaseChange ch;
  ch.updated = r;
  ch.updated.title = "道路停车位不足";
  ch.updated.fields = {{"content", "已疏通"}};
  ch.expected_version = r.version;
  EventRecord e;
  e.type = "edited";
  e.action = "edit";
  e.actor_id = user_;
  e.at = FromUnixSeconds(2);
  e.from_state = e.to_state = r.state;
  ch.events = {e};
  ASSERT_TRUE(store_->ApplyChange(ch).ok());
  EXPECT_EQ(Find("停车位"), (std::set<Id>{id}));
  EXPECT_EQ(Find("疏通"), (std::set<Id>{id}));
  EXPECT_EQ(Find("积水"), (std::set<Id>{}));  // its postings remain; the text decides
  EXPECT_EQ(Find("排水管"), (std::set<Id>{}));
  ASSERT_TRUE(store_->MergeSearchIndex().ok());
  EXPECT_EQ(Find("积水"), (std::set<Id>{}));
  EXPECT_EQ(Find("停车位"), (std::set<Id>{id}));
}

TEST_F(SqliteSearchTest, FiltersAndPagesCombineWithTheKeyword) {
  // More candidates than the listing fetches by id (2,000): the walk in list order is used.
  std::vector<NewCase> bulk;
  for (int i = 0; i < 2500; ++i) {
    NewCase nc = Ticket(i % 10 ? "停车难" : "噪音扰民", "第" + std::to_string(i) + "号", i);
    if (i % 5 == 0) nc.record.state = "dispatched";
    if (i % 3 == 0) nc.record.lead_unit_id = other_unit_;
    bulk.push_back(nc);
  }
  auto ids = store_->CreateCases(bulk);
  ASSERT_TRUE(ids.ok());
  std::set<Id> expected, dispatched_other;
  for (int i = 0; i < 2500; ++i) {
    if (i % 10 == 0) continue;
    expected.insert((*ids)[i]);
    if (i % 5 == 0 && i % 3 == 0) dispatched_other.insert((*ids)[i]);
  }
  EXPECT_EQ(Find("停车"), expected);
  CaseQuery q;
  q.state = "dispatched";
  q.unit_id = other_unit_;
  EXPECT_EQ(Find("停车", q), dispatched_other);

  // Pages of 100, newest first, each case once.
  CaseQuery paged;
  paged.keyword = "停车难";
  paged.limit = 100;
  std::vector<Id> seen;
  for (;;) {
    auto page = store_->ListCases(paged);
    ASSERT_TRUE(page.ok());
    for (const auto& c : page->cases) seen.push_back(c.id);
    if (!page->next_cursor) break;
    paged.cursor = page->next_cursor;
  }
  ASSERT_EQ(seen.size(), 2250u);
  EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));
  EXPECT_EQ(Find("第1号"), (std::set<Id>{(*ids)[1]}));  // verified against the text
  // Few candidates (250): fetched by id, with the same filters.
  EXPECT_EQ(Find("噪音").size(), 250u);
  CaseQuery registered;
  registered.state = "registered";
  EXPECT_EQ(Find("噪音扰民", registered), (std::set<Id>{}));  // every 10th is dispatched
  registered.unit_id = unit_;
  EXPECT_EQ(Find("停车", registered).size(), 1333u);
}

TEST_F(SqliteSearchTest, MergedCasesAreStillFound) {
  std::vector<Id> ids;
  for (int i = 0; i < 300; ++i) {
    ids.push_back(*store_->CreateCase(Ticket(i == 7 ? "井盖缺失" : "路灯不亮", "请处理", i)));
  }
  EXPECT_EQ(Find("井盖"), (std::set<Id>{ids[7]}));  // pending: read into the store's map
  ASSERT_TRUE(store_->MergeSearchIndex().ok());
  EXPECT_EQ(Count("SELECT count(*) FROM search_pending"), 0);
  EXPECT_EQ(Count("SELECT value FROM search_meta WHERE key='merged_to'"), 300);
  EXPECT_EQ(Find("井盖"), (std::set<Id>{ids[7]}));
  EXPECT_EQ(Find("路灯").size(), 299u);
  Id later = *store_->CreateCase(Ticket("井盖松动", "", 400));  // pending and merged together
  EXPECT_EQ(Find("井盖"), (std::set<Id>{ids[7], later}));
  // A seq is never reused once a merge has emptied the table.
  EXPECT_EQ(Count("SELECT seq FROM search_pending WHERE case_id=" + std::to_string(later)), 301);
  ASSERT_TRUE(store_->MergeSearchIndex().ok());
  EXPECT_EQ(Find("井盖"), (std::set<Id>{ids[7], later}));
  EXPECT_EQ(Count("SELECT count(*) FROM search_postings WHERE length(docs) < 4096 GROUP BY term "
                  "ORDER BY count(*) DESC LIMIT 1"),
            1);  // the second round folded the first round's small chunks
}

// Writes one step of a merge round of up to `terms` terms through a connection of its own.
bool MergeOneStep(const std::string& path, int terms) {
  auto c = Connection::Open(path, false);
  EXPECT_TRUE(c.ok());
  EXPECT_TRUE((*c)->Exec("BEGIN").ok());
  auto round = BeginMergeRound(**c);
  EXPECT_TRUE((*c)->Exec("COMMIT").ok());
  EXPECT_TRUE(round.ok() && *round);
  if (!round.ok() || !*round) return false;
  EXPECT_TRUE((*c)->Exec("BEGIN IMMEDIATE").ok());
  auto more = MergeStep(**c, **round, terms);
  EXPECT_TRUE(more.ok());
  EXPECT_TRUE((*c)->Exec("COMMIT").ok());
  return more.ok() && *more;
}

TEST_F(SqliteSearchTest, AnInterruptedMergeRoundIsResumedAndLosesNothing) {
  std::vector<Id> ids;
  for (int i = 0; i < 120; ++i) {
    ids.push_back(*store_->CreateCase(
        Ticket(i % 2 ? "井盖缺失" : "路灯不亮", "第" + std::to_string(i) + "号", i)));
  }
  ASSERT_TRUE(MergeOneStep((dir_ / "t.db").string(), 20));  // stopped after the first step
  EXPECT_EQ(Count("SELECT value FROM search_meta WHERE key='merge_seq'"), 120);
  EXPECT_GT(Count("SELECT value FROM search_meta WHERE key='merge_term'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM search_pending"), 120);  // kept until the last step
  EXPECT_EQ(Find("井盖").size(), 60u);  // in postings and pending: each once
  EXPECT_EQ(Find("第7号"), (std::set<Id>{ids[7]}));
  Id later = *store_->CreateCase(Ticket("井盖松动", "", 500));  // not part of the round
  Open();                                                       // the process ends and restarts
  EXPECT_EQ(Find("井盖").size(), 61u);
  ASSERT_TRUE(store_->MergeSearchIndex().ok());  // the rest of the round, then the later case
  EXPECT_EQ(Count("SELECT count(*) FROM search_meta WHERE key IN ('merge_seq','merge_term')"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM search_pending"), 0);
  EXPECT_EQ(Count("SELECT value FROM search_meta WHERE key='merged_to'"), 121);
  std::set<Id> manholes{later};
  for (int i = 1; i < 120; i += 2) manholes.insert(ids[i]);
  EXPECT_EQ(Find("井盖"), manholes);
  EXPECT_EQ(Find("路灯").size(), 60u);
  for (int i : {0, 7, 64, 119})
    EXPECT_EQ(Find("第" + std::to_string(i) + "号"), (std::set<Id>{ids[i]}));
}

TEST_F(SqliteSearchTest, AKilledProcessLosesNoIndexedCase) {
  store_.reset();  // the child is the only writer (no other threads while forking)
  std::string path = (dir_ / "t.db").string();
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto s = SqliteStore::Open(path);
    if (!s.ok()) ::_exit(2);
    for (int i = 0; i < 40; ++i) {
      if (!(*s)->CreateCase(Ticket(i == 5 ? "窨井盖破损" : "噪音扰民", "", i)).ok()) ::_exit(3);
    }
    MergeOneStep(path, 10);  // a merge round half done
    if (!(*s)->CreateCase(Ticket("窨井盖移位", "", 99)).ok()) ::_exit(4);
    ::raise(SIGKILL);  // no destructor, no checkpoint
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  Open();
  EXPECT_EQ(Find("窨井盖").size(), 2u);
  EXPECT_EQ(Find("噪音").size(), 39u);
  ASSERT_TRUE(store_->MergeSearchIndex().ok());  // the interrupted round, then the last case
  EXPECT_EQ(Count("SELECT count(*) FROM search_pending"), 0);
  EXPECT_EQ(Find("窨井盖").size(), 2u);
  EXPECT_EQ(Find("噪音").size(), 39u);
}

TEST_F(SqliteSearchTest, CasesIndexedByAnotherProcessAreFoundBeforeAndAfterItsMerge) {
  Id first = *store_->CreateCase(Ticket("路灯不亮", "", 1));
  EXPECT_EQ(Find("路灯"), (std::set<Id>{first}));            // the map has read the pending rows
  auto other = SqliteStore::Open((dir_ / "t.db").string());  // e.g. a command-line import
  ASSERT_TRUE(other.ok());
  Id second = *(*other)->CreateCase(Ticket("路灯闪烁", "", 2));
  EXPECT_EQ(Find("路灯"), (std::set<Id>{first, second}));  // rows past the last seen are read
  ASSERT_TRUE((*other)->MergeSearchIndex().ok());
  Id third = *(*other)->CreateCase(Ticket("路灯倒伏", "", 3));
  EXPECT_EQ(Find("路灯"), (std::set<Id>{first, second, third}));  // merged_to moved: rebuilt
  EXPECT_EQ(Find("闪烁"), (std::set<Id>{second}));
}

TEST_F(SqliteSearchTest, ASnapshotFromBeforeAMergeStillFindsItsPendingCases) {
  Id id = *store_->CreateCase(Ticket("井盖缺失", "", 1));
  std::string path = (dir_ / "t.db").string();
  auto old = Connection::Open(path, true);
  ASSERT_TRUE(old.ok());
  ASSERT_TRUE((*old)->Exec("BEGIN").ok());
  PendingTerms map;
  auto before = SearchCandidates(**old, map, "井盖");  // the snapshot starts here
  ASSERT_TRUE(before.ok() && *before);
  EXPECT_EQ(**before, (std::vector<Id>{id}));
  ASSERT_TRUE(store_->MergeSearchIndex().ok());
  {
    auto fresh = Connection::Open(path, true);
    ASSERT_TRUE(fresh.ok());
    ASSERT_TRUE((*fresh)->Exec("BEGIN").ok());
    auto after = SearchCandidates(**fresh, map, "井盖");  // the map moves to the new merged_to
    ASSERT_TRUE(after.ok() && *after);
    EXPECT_EQ(**after, (std::vector<Id>{id}));
    EXPECT_EQ(map.pairs(), 0u);
  }
  // The old snapshot has neither the new chunk nor merged_to: its pending rows are read for it.
  auto again = SearchCandidates(**old, map, "井盖");
  ASSERT_TRUE(again.ok() && *again);
  EXPECT_EQ(**again, (std::vector<Id>{id}));
  ASSERT_TRUE((*old)->Exec("COMMIT").ok());
}

// The writer does not checkpoint inside its commits (wal_autocheckpoint=0); the store's
// checkpoints copy the WAL, which then restarts, so it stays bounded.
TEST_F(SqliteSearchTest, CheckpointsKeepTheWalBoundedWithoutTheWritersAutoCheckpoint) {
  int most = 0;
  bool restarted = false;
  std::vector<Id> ids;
  for (int i = 0; i < 3000 && !restarted; ++i) {
    ids.push_back(*store_->CreateCase(Ticket("井盖缺失第" + std::to_string(i) + "号", "", i)));
    if (i % 20 != 19) continue;
    auto w = store_->CheckpointWal();
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    EXPECT_LE(w->copied, w->pages);
    restarted = w->pages < most;
    most = std::max(most, w->pages);
  }
  EXPECT_TRUE(restarted) << "the WAL reached " << most << " pages";
  EXPECT_LT(most, 2000);  // 20 creates (at most ≈ 100 pages each): restarted after each checkpoint
  Open();
  EXPECT_EQ(Find("第" + std::to_string(ids.size() - 1) + "号"), (std::set<Id>{ids.back()}));
}

// Reads that always overlap (one on the WAL whenever a write begins) kept it from restarting
// after a checkpoint had copied it whole: it grew by 18 MB a second under creates at 200/s.
// Past the bound, the checkpoint waits for the reads on the WAL, and it restarts.
TEST_F(SqliteSearchTest, TheWalRestartsWhileReadsAlwaysOverlap) {
  std::atomic<bool> stop = false;
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r) {
    readers.emplace_back([&, r] {
      auto c = Connection::Open((dir_ / "t.db").string(), true);
      ASSERT_TRUE(c.ok());
      while (!stop) {  // each read lasts a few milliseconds, the two staggered
        if (!(*c)->Exec("BEGIN; SELECT count(*) FROM cases;").ok()) continue;
        std::this_thread::sleep_for(std::chrono::milliseconds(3 + r));
        (void)(*c)->Exec("COMMIT");
      }
    });
  }
  int most = 0;
  bool restarted = false;
  for (int i = 0; i < 2000 && !restarted; ++i) {
    ASSERT_TRUE(store_->CreateCase(Ticket("井盖第" + std::to_string(i) + "号", "", i)).ok());
    if (i % 10 != 9) continue;
    auto w = store_->CheckpointWal(/*force_from_bytes=*/800 << 10);
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    restarted = w->pages < most;
    most = std::max(most, w->pages);
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_TRUE(restarted) << "the WAL reached " << most << " pages";
  EXPECT_LT(most, 1500);
}

// A bulk write copies the WAL into the database at once, so that the next write starts the WAL
// again: back-to-back batches (an import) keep it at one batch's size instead of growing by each
// (the checkpoint thread never finds a moment between two of them).
TEST_F(SqliteSearchTest, BulkWritesLetTheWalStartAgain) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "小区门口道路积水严重，";
  auto batch = [&](int from) {
    std::vector<NewCase> cases;
    for (int i = from; i < from + 300; ++i) {
      cases.push_back(Ticket("积水第" + std::to_string(i) + "号", text, i));
    }
    return cases;
  };
  ASSERT_TRUE(store_->CreateCases(batch(0)).ok());
  fs::path wal = dir_ / "t.db-wal";
  uintmax_t one = fs::file_size(wal);
  for (int k = 1; k < 4; ++k) ASSERT_TRUE(store_->CreateCases(batch(300 * k)).ok());
  EXPECT_LT(fs::file_size(wal), one * 3 / 2) << "one batch's WAL: " << one;
  EXPECT_EQ(Find("积水第1199号").size(), 1u);
}

TEST_F(SqliteSearchTest, MigrationTenMovesTheRecentTableIntoPendingRows) {
  Id a = *store_->CreateCase(Ticket("井盖缺失", "东风路", 1));
  Id b = *store_->CreateCase(Ticket("路灯不亮", "东风路", 2));
  store_.reset();
  // As a database of schema version 9: one row per term and case in search_recent.
  sqlite3* db = nullptr;
  sqlite3_open((dir_ / "t.db").string().c_str(), &db);
  std::string sql =
      "DROP TABLE search_pending; DELETE FROM schema_migrations WHERE version>=10;"
      "CREATE TABLE search_recent (term INTEGER NOT NULL, case_id INTEGER NOT NULL, "
      "PRIMARY KEY (term, case_id)) WITHOUT ROWID;";
  for (auto [id, title] : {std::pair{a, "井盖缺失"}, std::pair{b, "路灯不亮"}}) {
    std::vector<std::string_view> parts{title, "东风路", "13812345678", "42"};
    for (uint64_t k : text::DocumentTermKeys(parts)) {
      sql += "INSERT INTO search_recent VALUES (" + std::to_string(static_cast<int64_t>(k)) + "," +
             std::to_string(id) + ");";
    }
  }
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  Open();
  EXPECT_EQ(Count("SELECT count(*) FROM sqlite_schema WHERE name='search_recent'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM search_pending"), 2);
  EXPECT_EQ(Find("井盖"), (std::set<Id>{a}));
  EXPECT_EQ(Find("东风路"), (std::set<Id>{a, b}));
  EXPECT_EQ(Find("5678"), (std::set<Id>{a, b}));
  ASSERT_TRUE(store_->MergeSearchIndex().ok());
  EXPECT_EQ(Find("路灯"), (std::set<Id>{b}));
}

// Migration 11 keeps the posting lists in chunk order (a chunk's rows appended at the end), with
// an index by term: the lists of a database of version 10 are all found after it.
TEST_F(SqliteSearchTest, MigrationElevenKeepsThePostingListsInChunkOrder) {
  std::vector<NewCase> bulk;
  for (int i = 0; i < 70; ++i) bulk.push_back(Ticket(i == 5 ? "井盖缺失" : "路灯不亮", "", i));
  auto ids = store_->CreateCases(bulk);
  ASSERT_TRUE(ids.ok());
  Id single = *store_->CreateCase(Ticket("井盖松动", "东风路", 100));
  ASSERT_TRUE(store_->MergeSearchIndex().ok());
  store_.reset();
  int64_t rows = Count("SELECT count(*) FROM search_postings");
  ASSERT_GT(rows, 0);
  // As a database of schema version 10: the same rows, keyed by term first.
  sqlite3* db = nullptr;
  sqlite3_open((dir_ / "t.db").string().c_str(), &db);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE old_postings (term INTEGER NOT NULL, chunk INTEGER NOT "
                         "NULL, docs BLOB NOT NULL, PRIMARY KEY (term, chunk)) WITHOUT ROWID;"
                         "INSERT INTO old_postings SELECT term, chunk, docs FROM search_postings;"
                         "DROP TABLE search_postings;"
                         "ALTER TABLE old_postings RENAME TO search_postings;"
                         "DELETE FROM schema_migrations WHERE version>=11;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Open();
  EXPECT_EQ(Count("SELECT count(*) FROM search_postings"), rows);
  EXPECT_EQ(Count("SELECT count(*) FROM sqlite_schema WHERE name='search_postings_term'"), 1);
  EXPECT_EQ(Find("井盖"), (std::set<Id>{(*ids)[5], single}));
  EXPECT_EQ(Find("路灯").size(), 69u);
  EXPECT_EQ(Find("东风路"), (std::set<Id>{single}));
  // New chunks go on after the migrated ones, and merging still folds them.
  Id later = *store_->CreateCase(Ticket("井盖被盗", "", 200));
  ASSERT_TRUE(store_->MergeSearchIndex().ok());
  EXPECT_EQ(Find("井盖"), (std::set<Id>{(*ids)[5], single, later}));
}

TEST_F(SqliteSearchTest, AnExistingDatabaseGetsItsIndexBuiltAtOpen) {
  std::vector<NewCase> bulk;
  for (int i = 0; i < 70; ++i)
    bulk.push_back(Ticket(i == 3 ? "垃圾清运不及时" : "路灯不亮", "", i));
  auto ids = store_->CreateCases(bulk);
  ASSERT_TRUE(ids.ok());
  store_.reset();
  // As a database from before the index: empty tables and the migration's marker.
  sqlite3* db = nullptr;
  sqlite3_open((dir_ / "t.db").string().c_str(), &db);
  ASSERT_EQ(sqlite3_exec(db,
                         "DELETE FROM search_postings; DELETE FROM search_pending; INSERT INTO "
                         "search_meta(key, value) VALUES ('build_from', 0)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Open();
  EXPECT_EQ(Find("垃圾"), (std::set<Id>{(*ids)[3]}));
  EXPECT_EQ(Find("路灯").size(), 69u);
  EXPECT_EQ(Count("SELECT count(*) FROM search_meta WHERE key='build_from'"), 0);
}

}  // namespace
}  // namespace zb::store::sqlite

namespace zb::store::sqlite {
namespace {

// Every connection of the store also has the search tokenizer as FTS5's "zb".
TEST(SqliteConnection, HasTheSearchTokenizerForFts5) {
  fs::path file = fs::temp_directory_path() / ("zb_fts_conn_" + std::to_string(::getpid()) + ".db");
  fs::remove(file);
  {
    auto c = Connection::Open(file.string(), false);
    ASSERT_TRUE(c.ok()) << c.status().ToString();
    ASSERT_TRUE(
        (*c)->Exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='zb');"
                   "INSERT INTO t(rowid, body) VALUES (1, '小区门口停车难'), (2, '车停在路边');")
            .ok());
    auto st = (*c)->Prepare("SELECT group_concat(rowid) FROM t WHERE t MATCH ?");
    ASSERT_TRUE(st.ok());
    (*st)->Bind(1, text::FtsMatchExpression("停车"));
    ASSERT_TRUE((*st)->Step());
    EXPECT_EQ((*st)->Text(0), "1");  // 车停 does not match 停车
  }
  fs::remove(file);
}

}  // namespace
}  // namespace zb::store::sqlite
