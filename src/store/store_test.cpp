// The Store contract, run against every implementation: SQLite always, PostgreSQL when
// ZB_TEST_PG_URL names a server where the test may create databases (tests/run-all starts one).
// Each test gets a fresh database: a new file, or a new PostgreSQL database dropped afterwards.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "store/audit.h"
#include "store/postgres/pg_migrations.h"
#include "store/postgres/pg_store.h"
#include "store/sqlite/event_id.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace zb::store {
namespace {

namespace fs = std::filesystem;

enum class Backend { kSqlite, kPostgres };

void PrintTo(Backend b, std::ostream* os) {
  *os << (b == Backend::kSqlite ? "sqlite" : "postgres");
}

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return ::testing::PrintToString(info.param);
}

// `base` with its database name replaced by `db` (URL or key=value form).
std::string WithDatabase(const std::string& base, const std::string& db) {
  size_t scheme = base.find("://");
  if (scheme == std::string::npos) return base + " dbname=" + db;
  size_t slash = base.find('/', scheme + 3);
  size_t query = base.find('?', scheme + 3);
  std::string rest = query == std::string::npos ? "" : base.substr(query);
  size_t host_end = std::min(slash, query);
  return base.substr(0, host_end) + "/" + db + rest;
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(test.begin(), test.end(), '/', '_');
    dir_ = fs::temp_directory_path() / ("zb_store_test_" + std::to_string(::getpid()) + "_" + test);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (IsPostgres()) {
      const char* base = std::getenv("ZB_TEST_PG_URL");
      if (!base || !*base) {
        GTEST_SKIP() << "ZB_TEST_PG_URL is not set: the PostgreSQL run is skipped (tests/run-all "
                        "starts a throwaway server and sets it)";
      }
      pg_base_ = base;
      url_ = WithDatabase(pg_base_, NewDatabase());
    } else {
      url_ = (dir_ / "t.db").string();
    }
    auto s = OpenStore(url_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    office_ = *store_->AddUnit({0, "office", "市政府办公室", "office", std::nullopt, 0});
    dept_ = *store_->AddUnit({0, "dept.housing", "市住建局", "department", std::nullopt, 1});
    User u;
    u.username = "staff";
    u.display_name = "王科员";
    u.role = "staff";
    u.unit_id = office_;
    user_ = *store_->AddUser(u);
  }
  void TearDown() override {
    store_.reset();
    for (const std::string& db : databases_) {
      AdminExec("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
    }
    fs::remove_all(dir_);
  }

  bool IsPostgres() const { return GetParam() == Backend::kPostgres; }

  // Creates an empty PostgreSQL database, dropped in TearDown; returns its name.
  std::string NewDatabase() {
    static std::atomic<int> counter{0};
    std::string db = "zb_t_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    EXPECT_TRUE(AdminExec("CREATE DATABASE " + db)) << "cannot create a test database";
    databases_.push_back(db);
    return db;
  }

  // Runs SQL on the server's test database outside any transaction (CREATE/DROP DATABASE).
  bool AdminExec(const std::string& sql) {
    try {
      pqxx::connection c(pg_base_);
      pqxx::nontransaction(c).exec(sql);
      return true;
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      return false;
    }
  }

  // Runs SQL directly on this test's database, behind the store's back, as someone holding the
  // database file or a database login would. Returns false if the database refuses it.
  bool ExecDirect(const std::string& sql) { return ExecOn(url_, sql); }
  bool ExecOn(const std::string& url, const std::string& sql) {
    if (!IsPostgres()) {
      sqlite3* db = nullptr;
      sqlite3_open(url.c_str(), &db);
      int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
      sqlite3_close(db);
      return rc == SQLITE_OK;
    }
    try {
      pqxx::connection c(url);
      pqxx::work w(c);
      w.exec(sql);
      w.commit();
      return true;
    } catch (const pqxx::sql_error&) {
      return false;
    }
  }

  // The integer a PostgreSQL query returns (first column of the first row).
  int64_t PgQueryInt(const std::string& url, const std::string& sql) {
    pqxx::connection c(url);
    return pqxx::nontransaction(c).exec1(sql)[0].as<int64_t>();
  }

  // Removes one of the append-only triggers, in this database's dialect.
  std::string DropTrigger(const std::string& trigger, const std::string& table) const {
    return IsPostgres() ? "DROP TRIGGER " + trigger + " ON " + table + ";"
                        : "DROP TRIGGER " + trigger + ";";
  }

  NewCase MakeCase(const std::string& title, int64_t created, std::optional<int64_t> due) {
    NewCase nc;
    nc.record.kind = "assignment";
    nc.record.state = "registered";
    nc.record.title = title;
    nc.record.lead_unit_id = dept_;
    nc.record.created_by = user_;
    nc.record.created_at = nc.record.updated_at = FromUnixSeconds(created);
    if (due) nc.record.due_at = FromUnixSeconds(*due);
    nc.record.fields = {{"content", title + " 内容"}};
    EventRecord e;
    e.type = "created";
    e.action = "create";
    e.actor_id = user_;
    e.at = nc.record.created_at;
    e.to_state = "registered";
    nc.events.push_back(e);
    return nc;
  }

  fs::path dir_;
  std::string url_;      // what OpenStore was given
  std::string pg_base_;  // ZB_TEST_PG_URL
  std::vector<std::string> databases_;
  std::unique_ptr<Store> store_;
  Id office_ = 0, dept_ = 0, user_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

TEST_P(StoreTest, OrganisationRoundTrip) {
  auto units = store_->ListUnits();
  ASSERT_TRUE(units.ok());
  EXPECT_EQ(units->size(), 2u);
  EXPECT_EQ(store_->FindUnitByCode("dept.housing")->name, "市住建局");
  EXPECT_EQ(store_->GetUser(user_)->display_name, "王科员");
  User dup;
  dup.username = "staff";
  dup.display_name = "x";
  dup.role = "staff";
  dup.unit_id = office_;
  auto r = store_->AddUser(dup);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(store_->GetUser(999).status().code(), ErrorCode::kNotFound);
  User bad = dup;
  bad.username = "other";
  bad.unit_id = 12345;  // unknown unit: the foreign key refuses it
  EXPECT_FALSE(store_->AddUser(bad).ok());
  EXPECT_EQ(store_->ListUsers()->size(), 1u);
}

TEST_P(StoreTest, CaseWithEventsAndOptimisticConcurrency) {
  Id id = *store_->CreateCase(MakeCase("修路", 1000, 5000));
  auto c = store_->GetCase(id);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->version, 1);
  EXPECT_EQ(c->fields["content"], "修路 内容");

  CaseChange ch;
  ch.updated = *c;
  ch.updated.state = "assigned";
  ch.updated.co_unit_ids = {office_};
  ch.expected_version = 1;
  EventRecord e;
  e.type = "assigned";
  e.action = "assign";
  e.actor_id = user_;
  e.at = FromUnixSeconds(2000);
  e.from_state = "registered";
  e.to_state = "assigned";
  ch.events = {e};
  ASSERT_TRUE(store_->ApplyChange(ch).ok());
  // The same change again is stale: version is now 2.
  Status stale = store_->ApplyChange(ch);
  EXPECT_EQ(stale.code(), ErrorCode::kConflict);

  auto after = store_->GetCase(id);
  EXPECT_EQ(after->state, "assigned");
  EXPECT_EQ(after->version, 2);
  EXPECT_EQ(after->co_unit_ids, std::vector<Id>{office_});
  auto events = store_->ListEvents(id);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_EQ((*events)[1].seq, 2);
  EXPECT_EQ((*events)[1].type, "assigned");
}

// A split: its parts are created and the original changed in one transaction; a stale original
// leaves no part, no event, no audit record and nothing in the keyword index.
TEST_P(StoreTest, CreateCasesAndApplyIsAllOrNothing) {
  Id parent = *store_->CreateCase(MakeCase("分办原件", 1000, 5000));
  CaseRecord before = *store_->GetCase(parent);
  auto split_of = [&](const std::string& title) {
    CaseChange ch;
    ch.updated = before;
    ch.updated.state = "split";
    ch.updated.title = title;
    ch.expected_version = before.version;
    EventRecord e;
    e.type = "split";
    e.action = "split";
    e.actor_id = user_;
    e.at = FromUnixSeconds(2000);
    e.from_state = "registered";
    e.to_state = "split";
    ch.events = {e};
    AuditEntry a;
    a.at = e.at;
    a.actor_id = user_;
    a.action = "case.split";
    a.target = "case:" + std::to_string(parent);
    ch.audit = a;
    return ch;
  };
  auto parts_of = [&](const std::string& title) {
    std::vector<NewCase> parts = {MakeCase(title + "甲", 2000, 6000),
                                  MakeCase(title + "乙", 2000, 6000)};
    for (NewCase& nc : parts) {
      AuditEntry a;
      a.at = FromUnixSeconds(2000);
      a.actor_id = user_;
      a.action = "case.create";
      a.target = "case:{id}";
      nc.audit = a;
    }
    return parts;
  };
  auto found = [&](const std::string& keyword) {
    CaseQuery q;
    q.keyword = keyword;
    std::set<Id> out;
    auto page = store_->ListCases(q);
    EXPECT_TRUE(page.ok()) << keyword << ": " << page.status().ToString();
    if (page.ok()) {
      for (const auto& c : page->cases) out.insert(c.id);
    }
    return out;
  };
  auto name_parts = [](std::span<const Id> ids, CaseChange& ch) {
    ch.events.back().data["part_ids"] = std::vector<Id>(ids.begin(), ids.end());
    ch.audit->detail = {{"part_ids", std::vector<Id>(ids.begin(), ids.end())}};
  };
  size_t audit_before = store_->ListAudit(0, 1000)->size();

  auto parts = parts_of("桥梁检修");
  auto ids = store_->CreateCasesAndApply(parts, split_of("分办原件已分办"), name_parts);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  ASSERT_EQ(ids->size(), 2u);
  EXPECT_EQ(store_->GetCase((*ids)[0])->title, "桥梁检修甲");
  EXPECT_EQ(store_->GetCase((*ids)[1])->version, 1);
  CaseRecord after = *store_->GetCase(parent);
  EXPECT_EQ(after.state, "split");
  EXPECT_EQ(after.version, 2);
  auto events = *store_->ListEvents(parent);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].data["part_ids"], nlohmann::json(*ids));
  // The parts and the changed original are in the keyword index at once.
  EXPECT_EQ(found("桥梁检修"), (std::set<Id>(ids->begin(), ids->end())));
  EXPECT_EQ(found("已分办"), (std::set<Id>{parent}));
  auto audit = *store_->ListAudit(0, 1000);
  ASSERT_EQ(audit.size(), audit_before + 3);
  EXPECT_EQ(audit[audit_before].target, "case:" + std::to_string((*ids)[0]));
  EXPECT_EQ(audit.back().action, "case.split");
  EXPECT_EQ(audit.back().detail["part_ids"], nlohmann::json(*ids));

  // The same split again, planned against the old version: refused, and nothing written.
  int64_t cases_before = *store_->CountCases();
  auto again = store_->CreateCasesAndApply(parts_of("隧道照明"), split_of("再次分办"), name_parts);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), ErrorCode::kConflict);
  EXPECT_EQ(*store_->CountCases(), cases_before);
  EXPECT_EQ(found("隧道照明"), (std::set<Id>{}));
  EXPECT_EQ(found("再次分办"), (std::set<Id>{}));
  EXPECT_EQ(store_->ListAudit(0, 1000)->size(), audit_before + 3);
  EXPECT_EQ(store_->ListEvents(parent)->size(), 2u);
  EXPECT_EQ(store_->GetCase(parent)->title, "分办原件已分办");

  // Without `complete` the change is written as given.
  CaseChange close = split_of("分办原件");
  close.expected_version = 2;
  close.events[0].from_state = "split";
  close.audit.reset();
  auto none = store_->CreateCasesAndApply({}, close, nullptr);
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(store_->GetCase(parent)->version, 3);
}

TEST_P(StoreTest, CaseHistoryAndLightCounts) {
  // Open: red (due 5000), yellow (yellow 3000, due 9000), green (due 9000), no limit; one closed.
  Id red = *store_->CreateCase(MakeCase("红灯", 1000, 5000));
  NewCase y = MakeCase("黄灯", 1000, 9000);
  y.record.yellow_at = FromUnixSeconds(3000);
  Id yellow = *store_->CreateCase(y);
  NewCase g = MakeCase("绿灯", 1000, 9000);
  g.record.yellow_at = FromUnixSeconds(8000);
  (void)*store_->CreateCase(g);
  (void)*store_->CreateCase(MakeCase("无时限", 1000, std::nullopt));
  NewCase closed = MakeCase("已办结", 1000, 2000);
  closed.record.closed_at = FromUnixSeconds(1500);
  (void)*store_->CreateCase(closed);

  auto n = store_->CountOpenCasesByLight(FromUnixSeconds(6000));
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->red, 1);
  EXPECT_EQ(n->yellow, 1);
  EXPECT_EQ(n->green, 1);
  EXPECT_EQ(n->no_limit, 1);
  auto earlier = store_->CountOpenCasesByLight(FromUnixSeconds(2000));
  EXPECT_EQ(earlier->red, 0);
  EXPECT_EQ(earlier->green, 3);

  AttachmentRecord a;
  a.case_id = red;
  a.sha256 = std::string(64, 'a');
  a.name = "现场照片.jpg";
  a.content_type = "image/jpeg";
  a.size = 10;
  a.uploaded_by = user_;
  a.at = FromUnixSeconds(1200);
  ASSERT_TRUE(store_->AddAttachment(a).ok());
  auto h = store_->GetCaseHistory(red);
  ASSERT_TRUE(h.ok()) << h.status().ToString();
  EXPECT_EQ(h->record.title, "红灯");
  ASSERT_EQ(h->events.size(), 1u);
  EXPECT_EQ(h->events[0].type, "created");
  ASSERT_EQ(h->attachments.size(), 1u);
  EXPECT_EQ(h->attachments[0].name, "现场照片.jpg");
  EXPECT_TRUE(store_->GetCaseHistory(yellow)->attachments.empty());
  EXPECT_EQ(store_->GetCaseHistory(999999).status().code(), ErrorCode::kNotFound);

  PoolUse use = store_->pool_use();
  EXPECT_GE(use.open, 1);
  EXPECT_EQ(use.in_use, 0);  // nothing is running now
}

TEST_P(StoreTest, DueOrderedPagesForBusyAndQuietUnits) {
  // A busy unit (more than the 5,000 cases after which SQLite walks the due-time index) and a
  // quiet one; both must page in due order, whichever plan the database takes.
  std::vector<NewCase> batch;
  for (int i = 0; i < 5100; ++i) batch.push_back(MakeCase("忙", 1000, 100000 - i * 7));
  for (int i = 0; i < 3; ++i) {
    NewCase nc = MakeCase("闲", 1000, 50000 + i);
    nc.record.lead_unit_id = office_;
    batch.push_back(nc);
  }
  ASSERT_TRUE(store_->CreateCases(batch).ok());
  for (Id unit : {dept_, office_}) {
    CaseQuery q;
    q.open_only = true;
    q.sort = SortOrder::kDueAsc;
    q.visible_unit_ids = {unit};
    q.limit = 40;
    std::vector<CaseRecord> seen;
    for (int page = 0; page < 3; ++page) {
      auto p = store_->ListCases(q);
      ASSERT_TRUE(p.ok()) << p.status().ToString();
      seen.insert(seen.end(), p->cases.begin(), p->cases.end());
      if (!p->next_cursor) break;
      q.cursor = p->next_cursor;
    }
    ASSERT_EQ(seen.size(), unit == dept_ ? 120u : 3u);
    for (size_t i = 1; i < seen.size(); ++i) {
      EXPECT_LE(*seen[i - 1].due_at, *seen[i].due_at);
      EXPECT_EQ(seen[i].lead_unit_id, unit);
    }
    if (unit == dept_) {
      EXPECT_EQ(ToUnixSeconds(*seen[0].due_at), 100000 - 5099 * 7);
    }
  }
}

TEST_P(StoreTest, EventsAreAppendOnly) {
  Id id = *store_->CreateCase(MakeCase("a", 1, std::nullopt));
  store_.reset();
  EXPECT_FALSE(ExecDirect("UPDATE events SET type='x' WHERE case_id=" + std::to_string(id)));
  EXPECT_FALSE(ExecDirect("DELETE FROM events"));
  if (IsPostgres()) {
    EXPECT_FALSE(ExecDirect("TRUNCATE events"));
  }
}

TEST_P(StoreTest, ListFiltersAndPages) {
  std::vector<NewCase> batch;
  for (int i = 0; i < 25; ++i) {
    batch.push_back(MakeCase(i % 5 == 0 ? "停车难问题" : "道路维修", 1000 + i, 10000 + i * 100));
  }
  ASSERT_TRUE(store_->CreateCases(batch).ok());
  EXPECT_EQ(*store_->CountCases(), 25);

  CaseQuery q;
  q.keyword = "停车";
  EXPECT_EQ(store_->ListCases(q)->cases.size(), 5u);
  q.keyword = "%";  // wildcards in user input are literal
  EXPECT_EQ(store_->ListCases(q)->cases.size(), 0u);

  CaseQuery red;
  red.light = "red";
  red.now = FromUnixSeconds(10000 + 10 * 100);  // cases 0..9 are overdue
  EXPECT_EQ(store_->ListCases(red)->cases.size(), 10u);

  CaseQuery paged;
  paged.sort = SortOrder::kDueAsc;
  paged.limit = 10;
  std::vector<Id> seen;
  for (int pages = 0; pages < 5; ++pages) {
    auto page = store_->ListCases(paged);
    ASSERT_TRUE(page.ok());
    for (auto& c : page->cases) seen.push_back(c.id);
    if (!page->next_cursor) break;
    paged.cursor = page->next_cursor;
  }
  ASSERT_EQ(seen.size(), 25u);
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_LT(seen[i - 1], seen[i]);

  CaseQuery bad;
  bad.cursor = "garbage";
  EXPECT_EQ(store_->ListCases(bad).status().code(), ErrorCode::kInvalidArgument);
  CaseQuery other_unit;
  other_unit.visible_unit_ids = {office_};
  EXPECT_EQ(store_->ListCases(other_unit)->cases.size(), 0u);
}

TEST_P(StoreTest, ListSortsAndFiltersLikeEveryBackend) {
  // Created 1000..1011, due 5000 - 100*i, cases 0..3 closed, 4..7 co-handled by the office,
  // every third case without a time limit.
  std::vector<NewCase> batch;
  for (int i = 0; i < 12; ++i) {
    NewCase nc = MakeCase(i % 2 ? "Parking 停车" : "路灯", 1000 + i,
                          i % 3 == 2 ? std::nullopt : std::optional<int64_t>(5000 - 100 * i));
    nc.record.updated_at = FromUnixSeconds(3000 - i);
    nc.record.yellow_at = FromUnixSeconds(4500 - 100 * i);
    if (i < 4) nc.record.closed_at = FromUnixSeconds(2000);
    if (i >= 4 && i < 8) nc.record.co_unit_ids = {office_, office_};
    batch.push_back(nc);
  }
  auto ids = store_->CreateCases(batch);
  ASSERT_TRUE(ids.ok());
  auto list = [&](CaseQuery q) {
    std::vector<Id> out;
    for (;;) {
      auto page = store_->ListCases(q);
      EXPECT_TRUE(page.ok()) << page.status().ToString();
      if (!page.ok()) return out;
      for (auto& c : page->cases) out.push_back(c.id);
      if (!page->next_cursor) return out;
      q.cursor = page->next_cursor;
    }
  };
  auto idx = [&](std::initializer_list<int> is) {
    std::vector<Id> out;
    for (int i : is) out.push_back((*ids)[i]);
    return out;
  };
  CaseQuery by_created;
  by_created.limit = 5;
  EXPECT_EQ(list(by_created), idx({11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}));
  CaseQuery by_updated;
  by_updated.sort = SortOrder::kUpdatedDesc;
  by_updated.limit = 4;
  EXPECT_EQ(list(by_updated), idx({0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  CaseQuery by_due;
  by_due.sort = SortOrder::kDueAsc;
  by_due.limit = 3;
  EXPECT_EQ(list(by_due), idx({10, 9, 7, 6, 4, 3, 1, 0, 2, 5, 8, 11}));  // no limit: last

  CaseQuery open;
  open.open_only = true;
  EXPECT_EQ(list(open).size(), 8u);
  CaseQuery co;
  co.unit_id = office_;
  EXPECT_EQ(list(co), idx({7, 6, 5, 4}));
  EXPECT_EQ(store_->GetCase((*ids)[4])->co_unit_ids, std::vector<Id>{office_});
  CaseQuery visible;
  visible.visible_unit_ids = {office_};
  EXPECT_EQ(list(visible), idx({7, 6, 5, 4}));
  visible.visible_creator = user_;
  EXPECT_EQ(list(visible).size(), 12u);
  CaseQuery keyword;
  keyword.keyword = "parking";  // ASCII letters match regardless of case
  EXPECT_EQ(list(keyword).size(), 6u);
  CaseQuery yellow;
  yellow.light = "yellow";
  yellow.now = FromUnixSeconds(4000);  // open, due >= 4000, yellow_at <= 4000
  EXPECT_EQ(list(yellow), idx({10, 9, 7, 6}));
  CaseQuery green = yellow;
  green.light = "green";  // 4: due 4600, yellow 4100
  EXPECT_EQ(list(green), idx({4}));
  CaseQuery unknown;
  unknown.light = "blue";
  EXPECT_EQ(store_->ListCases(unknown).status().code(), ErrorCode::kInvalidArgument);
  CaseQuery window;
  window.due_from = FromUnixSeconds(4300);
  window.due_to = FromUnixSeconds(4600);
  window.state = "registered";
  window.kind = "assignment";
  window.created_by = user_;
  EXPECT_EQ(list(window), idx({7, 6, 4}));
}

// A bulk import prepares its batches on one thread while another writes them: the cases are
// written as CreateCases writes them (the fields, the events' data, the co-units, the audit
// record), with consecutive ids that the keyword index names correctly.
TEST_P(StoreTest, PreparedBatchesAreWrittenAsCreateCasesWritesThem) {
  auto make = [&](int i) {
    NewCase nc = MakeCase("批量" + std::to_string(i) + "号 路灯", 100 + i, 5000);
    nc.record.fields = {{"content", "第" + std::to_string(i) + "件 \"引号\" 换行\n"}, {"votes", i}};
    nc.events[0].data = {
        {"kind", "assignment"}, {"title", nc.record.title}, {"fields", nc.record.fields}};
    if (i % 7 == 3) nc.record.fields["reply"] = "已答复";  // the case's fields differ
    if (i % 5 == 0) nc.record.co_unit_ids = {office_};
    return nc;
  };
  std::unique_ptr<CasePreparer> preparer = store_->NewCasePreparer();
  std::vector<Id> ids;
  for (int batch = 0; batch < 2; ++batch) {
    for (int i = batch * 40; i < batch * 40 + 40; ++i) preparer->Add(make(i));
    std::unique_ptr<PreparedCases> prepared = preparer->Take();
    ASSERT_EQ(prepared->cases.size(), 40u);
    AuditEntry a;
    a.at = FromUnixSeconds(200);
    a.actor_id = user_;
    a.action = "hotline.import";
    a.target = "case:{id}";
    prepared->cases.back().audit = a;
    auto written = store_->CreatePrepared(*prepared);
    ASSERT_TRUE(written.ok()) << written.status().ToString();
    ids.insert(ids.end(), written->begin(), written->end());
  }
  ASSERT_EQ(ids.size(), 80u);
  for (size_t i = 1; i < ids.size(); ++i) EXPECT_EQ(ids[i], ids[i - 1] + 1);
  std::vector<NewCase> same;
  for (int i = 0; i < 80; ++i) same.push_back(make(i));
  auto plain = store_->CreateCases(same);
  ASSERT_TRUE(plain.ok());
  for (int i = 0; i < 80; ++i) {
    SCOPED_TRACE(i);
    CaseRecord a = *store_->GetCase(ids[i]), b = *store_->GetCase((*plain)[i]);
    EXPECT_EQ(a.title, b.title);
    EXPECT_EQ(a.fields, b.fields);
    EXPECT_EQ(a.fields, make(i).record.fields);
    EXPECT_EQ(a.co_unit_ids, b.co_unit_ids);
    EXPECT_EQ(a.due_at, b.due_at);
    auto ea = *store_->ListEvents(ids[i]), eb = *store_->ListEvents((*plain)[i]);
    ASSERT_EQ(ea.size(), 1u);
    EXPECT_EQ(ea[0].data, eb[0].data);
    EXPECT_EQ(ea[0].data, make(i).events[0].data);
  }
  // Each case is found by its own number: the prepared index names the written ids.
  for (int i : {0, 39, 40, 79}) {
    CaseQuery q;
    q.keyword = "批量" + std::to_string(i) + "号";
    auto page = store_->ListCases(q);
    ASSERT_TRUE(page.ok());
    std::set<Id> found;
    for (const auto& c : page->cases) found.insert(c.id);
    EXPECT_EQ(found, (std::set<Id>{ids[i], (*plain)[i]})) << i;
  }
  int audits = 0;
  for (const AuditEntry& a : *store_->ListAudit(0, 1000)) {
    if (a.action != "hotline.import") continue;
    EXPECT_EQ(a.target, "case:" + std::to_string(ids[audits == 0 ? 39 : 79]));
    ++audits;
  }
  EXPECT_EQ(audits, 2);
}

// The keyword filter finds Chinese phrases, not their characters in another order: on SQLite
// with LIKE, on PostgreSQL with tsvectors built from zhengban's search tokenizer (GIN index).
TEST_P(StoreTest, KeywordSearchFindsChinesePhrases) {
  auto make = [&](const std::string& title, const std::string& content, int64_t at) {
    NewCase nc = MakeCase(title, at, std::nullopt);
    nc.record.fields = {{"content", content}, {"phone", "13800001111"}};
    return nc;
  };
  Id parking = *store_->CreateCase(make("小区门口停车难", "雨后积水严重，车辆无法通行", 1));
  Id road = *store_->CreateCase(make("道路积水", "排水管堵塞", 2));
  Id pavement = *store_->CreateCase(make("车停在人行道上", "占道", 3));
  std::vector<NewCase> bulk;  // enough for the bulk path (COPY on PostgreSQL)
  for (int i = 0; i < 10; ++i)
    bulk.push_back(make("路灯不亮 " + std::to_string(i), "夜间", 10 + i));
  bulk[4].record.title = "Parking lot 停车场收费";
  auto bulk_ids = store_->CreateCases(bulk);
  ASSERT_TRUE(bulk_ids.ok());
  Id lot = (*bulk_ids)[4];

  auto found = [&](const std::string& keyword) {
    CaseQuery q;
    q.keyword = keyword;
    q.sort = SortOrder::kCreatedDesc;
    std::set<Id> out;
    auto page = store_->ListCases(q);
    EXPECT_TRUE(page.ok()) << keyword << ": " << page.status().ToString();
    if (page.ok()) {
      for (const auto& c : page->cases) out.insert(c.id);
    }
    return out;
  };
  EXPECT_EQ(found("停车"), (std::set<Id>{parking, lot}));
  EXPECT_EQ(found("积水"), (std::set<Id>{parking, road}));
  EXPECT_EQ(found("车停"), (std::set<Id>{pavement}));  // not 停车 read backwards
  EXPECT_EQ(found("积水严重"), (std::set<Id>{parking}));
  EXPECT_EQ(found("严重积水"), (std::set<Id>{}));
  EXPECT_EQ(found("排水管"), (std::set<Id>{road}));  // a field's value
  EXPECT_EQ(found("停车场"), (std::set<Id>{lot}));
  EXPECT_EQ(found("PARKING"), (std::set<Id>{lot}));
  EXPECT_EQ(found("路灯").size(), 9u);
  EXPECT_EQ(found("'; DROP TABLE cases; --"), (std::set<Id>{}));
  EXPECT_EQ(found("停车&!积水|路灯<->:*"), (std::set<Id>{}));  // no tsquery syntax

  // A change re-indexes the case: the old title no longer matches, the new one does.
  CaseRecord r = *store_->GetCase(road);
  CaseChange ch;
  ch.updated = r;
  ch.updated.title = "道路停车位不足";
  ch.updated.fields = {{"content", "已疏通"}};
  ch.expected_version = r.version;
  EventRecord e;
  e.type = "edited";
  e.action = "edit";
  e.actor_id = user_;
  e.at = FromUnixSeconds(100);
  e.from_state = e.to_state = r.state;
  ch.events = {e};
  ASSERT_TRUE(store_->ApplyChange(ch).ok());
  EXPECT_EQ(found("停车"), (std::set<Id>{parking, lot, road}));
  EXPECT_EQ(found("积水"), (std::set<Id>{parking}));

  // The filter means "title or fields contain": digits inside a number too (caller lookups).
  EXPECT_EQ(found("1111").size(), 12u);
  EXPECT_EQ(found("停车 积水"), (std::set<Id>{}));
  if (IsPostgres()) {
    // Rows from before the search column (or copied from SQLite) are indexed at the next open.
    ASSERT_TRUE(ExecDirect("UPDATE cases SET search = NULL"));
    EXPECT_EQ(found("积水"), (std::set<Id>{}));
    store_.reset();
    store_ = std::move(OpenStore(url_)).value();
    EXPECT_EQ(found("积水"), (std::set<Id>{parking}));
    EXPECT_EQ(PgQueryInt(url_, "SELECT count(*) FROM cases WHERE search IS NULL"), 0);
    // The filter can use the GIN index.
    pqxx::connection c(url_);
    pqxx::work w(c);
    w.exec("SET LOCAL enable_seqscan = off");
    std::string plan;
    for (const auto& row : w.exec("EXPLAIN SELECT id FROM cases WHERE search @@ "
                                  "$$'停车'$$::tsquery")) {
      plan += row[0].c_str();
    }
    EXPECT_NE(plan.find("cases_search"), std::string::npos) << plan;
  }
}

// PostgreSQL keeps events in monthly partitions (China time); SQLite needs none.
TEST_P(StoreTest, EventsArePartitionedByMonthOnPostgres) {
  if (!IsPostgres()) GTEST_SKIP() << "partitions are PostgreSQL's";
  // The start of next month in China time, by PostgreSQL's own time-zone data.
  pqxx::connection c(url_);
  auto month = pqxx::nontransaction(c).exec1(
      "SELECT extract(epoch FROM (date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai') + "
      "INTERVAL '1 month') AT TIME ZONE 'Asia/Shanghai')::bigint, "
      "'events_' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYYMM'), "
      "'events_' || to_char(now() AT TIME ZONE 'Asia/Shanghai' + INTERVAL '1 month', 'YYYYMM')");
  int64_t next_month = month[0].as<int64_t>();
  NewCase nc = MakeCase("跨月", next_month - 10, std::nullopt);
  for (int64_t at : {next_month - 1, next_month, int64_t{86400}}) {
    EventRecord e = nc.events[0];
    e.type = "commented";
    e.at = FromUnixSeconds(at);
    nc.events.push_back(e);
  }
  for (bool bulk : {false, true}) {
    std::vector<NewCase> batch(bulk ? 8 : 1, nc);
    auto ids = store_->CreateCases(batch);
    ASSERT_TRUE(ids.ok()) << ids.status().ToString();
    Id id = (*ids)[0];
    std::vector<std::string> parts;
    for (const auto& row : pqxx::nontransaction(c).exec(
             "SELECT tableoid::regclass::text FROM events WHERE case_id=" + std::to_string(id) +
             " ORDER BY seq")) {
      parts.push_back(row[0].c_str());
    }
    std::string now_part = month[1].c_str(), next_part = month[2].c_str();
    EXPECT_EQ(parts, (std::vector<std::string>{now_part, now_part, next_part, "events_default"}))
        << (bulk ? "COPY" : "INSERT");
    auto events = store_->ListEvents(id);
    ASSERT_EQ(events->size(), 4u);
    for (int i = 0; i < 4; ++i) EXPECT_EQ((*events)[i].seq, i + 1);
  }
  EXPECT_GE(
      PgQueryInt(url_, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass"),
      13);  // this month, the next twelve, and the default
  // Partitions are append-only too.
  EXPECT_FALSE(ExecDirect("TRUNCATE events_default"));
  EXPECT_FALSE(ExecDirect("TRUNCATE " + std::string(month[1].c_str())));
  EXPECT_FALSE(ExecDirect("DELETE FROM " + std::string(month[2].c_str())));
  EXPECT_FALSE(ExecDirect("UPDATE events_default SET type='x'"));
  // A node running for more than a year without a restart: its writes extend the partitions; a
  // month's partition is made once.
  auto* pg = dynamic_cast<postgres::PgStore*>(store_.get());
  ASSERT_NE(pg, nullptr);
  Instant later = FromUnixSeconds(next_month) + std::chrono::days(600);
  EXPECT_EQ(*pg->AddEventPartitions(later, later), 1);
  EXPECT_EQ(*pg->AddEventPartitions(later, later), 0);
  // Opening again adds no partitions twice.
  store_.reset();
  store_ = std::move(OpenStore(url_)).value();
  EXPECT_EQ(store_->ListEvents(1)->size(), 4u);
}

TEST_P(StoreTest, BulkCreateKeepsEveryFieldExactly) {
  std::vector<NewCase> batch;
  for (int i = 0; i < 20; ++i) {
    NewCase nc = MakeCase("标题\t制表\\反斜杠\n换行 \"引号\" '单引号' #" + std::to_string(i),
                          100 + i, 900 + i);
    nc.record.fields = {{"content", "内容\r\n第二行\\N"},
                        {"n", i},
                        {"ratio", 0.1 * i},
                        {"big", 9007199254740993LL},
                        {"nested", {{"list", {1, "二", nullptr, true}}, {"empty", {}}}}};
    nc.record.urgency = i % 2 ? "urgent" : "";
    nc.record.step_due_at = FromUnixSeconds(800 + i);
    nc.record.paused_at = FromUnixSeconds(700 + i);
    nc.record.co_unit_ids = {office_};
    nc.events[0].data = {{"note", "备注\t" + std::to_string(i)}};
    nc.events[0].on_behalf_of = user_;
    EventRecord second = nc.events[0];
    second.type = "progress";
    second.from_state = "registered";
    nc.events.push_back(second);
    nc.audit = AuditEntry{};
    nc.audit->action = "case.create";
    nc.audit->target = "case:{id}";
    nc.audit->detail = {{"i", i}};
    batch.push_back(nc);
  }
  auto ids = store_->CreateCases(batch);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  ASSERT_EQ(ids->size(), batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    auto c = store_->GetCase((*ids)[i]);
    ASSERT_TRUE(c.ok());
    const CaseRecord& want = batch[i].record;
    EXPECT_EQ(c->title, want.title);
    EXPECT_EQ(c->fields, want.fields);
    EXPECT_EQ(c->fields.dump(), want.fields.dump());
    EXPECT_EQ(c->urgency, want.urgency);
    EXPECT_EQ(c->due_at, want.due_at);
    EXPECT_EQ(c->step_due_at, want.step_due_at);
    EXPECT_EQ(c->paused_at, want.paused_at);
    EXPECT_FALSE(c->closed_at.has_value());
    EXPECT_EQ(c->co_unit_ids, want.co_unit_ids);
    EXPECT_EQ(c->version, 2);
    auto events = store_->ListEvents((*ids)[i]);
    ASSERT_EQ(events->size(), 2u);
    EXPECT_EQ((*events)[0].data, batch[i].events[0].data);
    EXPECT_EQ((*events)[1].seq, 2);
    EXPECT_EQ((*events)[1].on_behalf_of, user_);
  }
  auto audit = store_->ListAudit(0, -1);
  ASSERT_EQ(audit->size(), batch.size());
  EXPECT_EQ(audit->back().target, "case:" + std::to_string(ids->back()));
  EXPECT_FALSE(VerifyAuditChain(*store_)->first_broken.has_value());

  // A failing batch leaves nothing behind.
  std::vector<NewCase> broken(10, MakeCase("x", 1, std::nullopt));
  broken[7].record.created_by = 424242;  // no such user
  EXPECT_FALSE(store_->CreateCases(broken).ok());
  EXPECT_EQ(*store_->CountCases(), 20);
}

TEST_P(StoreTest, NotADatabaseIsAClearError) {
  if (IsPostgres()) {
    // A database that belongs to something else: refused, and left as it was.
    std::string other = WithDatabase(pg_base_, NewDatabase());
    ASSERT_TRUE(ExecOn(other,
                       "CREATE TABLE schema_migrations (version TEXT, note TEXT);"
                       "INSERT INTO schema_migrations VALUES ('20240101', 'another program')"));
    auto s = OpenStore(other);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(s.status().message().find("数据库"), std::string::npos);
    EXPECT_EQ(PgQueryInt(other, "SELECT count(*) FROM schema_migrations"), 1);
    EXPECT_FALSE(ExecOn(other, "SELECT * FROM units"));
    return;
  }
  fs::path junk = dir_ / "junk.db";
  std::ofstream(junk) << std::string(8192, 'x');
  auto s = OpenStore(junk.string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find("数据库"), std::string::npos);
  // The file is left as it was.
  EXPECT_EQ(fs::file_size(junk), 8192u);
}

TEST_P(StoreTest, UnreachableDatabaseIsUnavailable) {
  std::string url = IsPostgres() ? "postgresql://zhengban@127.0.0.1:1/zhengban"
                                 : (dir_ / "no" / "such" / "dir" / "t.db").string();
  auto s = OpenStore(url);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kUnavailable);
  if (IsPostgres()) {
    EXPECT_NE(s.status().message().find("127.0.0.1:1"), std::string::npos);
    EXPECT_NE(s.status().message_en().find("127.0.0.1:1"), std::string::npos);
  }
}

// No server listens on port 1: every attempt fails at once, and the injected sleep only records.
TEST(OpenStoreRetry, UnreachableServerIsRetriedWithBackoffWithinTheBound) {
  std::vector<int64_t> waits;
  std::vector<int> attempts;
  OpenOptions options;
  options.retry_for = std::chrono::seconds(10);
  options.sleep = [&](std::chrono::milliseconds ms) { waits.push_back(ms.count()); };
  options.on_retry = [&](const Status& why, int attempt, std::chrono::milliseconds) {
    EXPECT_EQ(why.code(), ErrorCode::kUnavailable);
    attempts.push_back(attempt);
  };
  auto s = OpenStore("postgresql://zhengban@127.0.0.1:1/zhengban", options);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(waits, (std::vector<int64_t>{500, 1000, 2000, 4000, 2500}));  // 10 s in all
  EXPECT_EQ(attempts, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_NE(s.status().message().find("127.0.0.1:1"), std::string::npos);
  EXPECT_NE(s.status().message().find("尝试 6 次"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message_en().find("6 attempts in 10 s"), std::string::npos);
}

TEST(OpenStoreRetry, NoRetryByDefaultNorForErrorsThatWaitingCannotFix) {
  int sleeps = 0;
  OpenOptions options;
  options.sleep = [&](std::chrono::milliseconds) { ++sleeps; };
  auto once = OpenStore("postgresql://zhengban@127.0.0.1:1/zhengban", options);
  EXPECT_EQ(once.status().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(sleeps, 0);
  options.retry_for = std::chrono::seconds(60);
  auto bad_url = OpenStore("postgresql://zhengban@127.0.0.1:1/zhengban?nosuchoption=1", options);
  EXPECT_EQ(bad_url.status().code(), ErrorCode::kInvalidArgument) << bad_url.status().ToString();
  EXPECT_EQ(sleeps, 0);
}

TEST_P(StoreTest, SchemaNewerThanTheProgramIsRefused) {
  store_.reset();
  ASSERT_TRUE(ExecDirect("INSERT INTO schema_migrations(version) VALUES (9999)"));
  auto s = OpenStore(url_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.status().message_en().find("9999"), std::string::npos);
}

TEST_P(StoreTest, BackupIsAWorkingCopy) {
  Id id = *store_->CreateCase(MakeCase("备份测试", 1, std::nullopt));
  if (IsPostgres()) {
    // PostgreSQL is backed up with its own tools.
    Status s = store_->Backup(dir_ / "copy.db");
    EXPECT_EQ(s.code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(s.message_en().find("pg_dump"), std::string::npos);
    EXPECT_FALSE(fs::exists(dir_ / "copy.db"));
    return;
  }
  ASSERT_TRUE(store_->Backup(dir_ / "copy.db").ok());
  auto copy = OpenStore((dir_ / "copy.db").string());
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ((*copy)->GetCase(id)->title, "备份测试");
}

TEST_P(StoreTest, ReopenKeepsDataAndSchema) {
  Id id = *store_->CreateCase(MakeCase("持久", 1, std::nullopt));
  store_.reset();
  auto again = OpenStore(IsPostgres() ? url_ : "sqlite:" + url_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->GetCase(id)->title, "持久");
}

TEST_P(StoreTest, SessionsAndSignInAttempts) {
  Session s{
      "hash1",    user_, "csrf1", FromUnixSeconds(100), FromUnixSeconds(100), FromUnixSeconds(1000),
      "127.0.0.1"};
  ASSERT_TRUE(store_->CreateSession(s).ok());
  EXPECT_EQ(store_->GetSession("hash1")->csrf_token, "csrf1");
  ASSERT_TRUE(store_->TouchSession("hash1", FromUnixSeconds(200), FromUnixSeconds(2000)).ok());
  EXPECT_EQ(ToUnixSeconds(store_->GetSession("hash1")->expires_at), 2000);
  ASSERT_TRUE(store_->DeleteSessionsOf(user_).ok());
  EXPECT_EQ(store_->GetSession("hash1").status().code(), ErrorCode::kNotFound);

  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(store_->RecordLoginAttempt("staff", "ip", false, FromUnixSeconds(100 + i)).ok());
  }
  EXPECT_EQ(*store_->CountLoginFailures("staff", FromUnixSeconds(0)), 3);
  EXPECT_EQ(*store_->CountLoginFailures("staff", FromUnixSeconds(101)), 2);
  ASSERT_TRUE(store_->RecordLoginAttempt("staff", "ip", true, FromUnixSeconds(200)).ok());
  EXPECT_EQ(*store_->CountLoginFailures("staff", FromUnixSeconds(0)), 0);  // reset by success
}

TEST_P(StoreTest, ApiTokens) {
  ApiToken t;
  t.name = "电话系统";
  t.token_hash = "th";
  t.user_id = user_;
  t.scopes = {"hotline:create"};
  Id id = *store_->AddApiToken(t);
  EXPECT_EQ(store_->FindApiToken("th")->scopes, std::vector<std::string>{"hotline:create"});
  ASSERT_TRUE(store_->RevokeApiToken(id, FromUnixSeconds(5)).ok());
  EXPECT_TRUE(store_->FindApiToken("th")->revoked_at.has_value());
  EXPECT_EQ(store_->RevokeApiToken(id, FromUnixSeconds(6)).code(), ErrorCode::kNotFound);
}

TEST_P(StoreTest, AuditChainVerifiesAndDetectsTampering) {
  for (int i = 0; i < 5; ++i) {
    AuditEntry e;
    e.at = FromUnixSeconds(1000 + i);
    e.actor_id = user_;
    e.action = "case.comment";
    e.target = "case:" + std::to_string(i);
    e.request_id = "r" + std::to_string(i);
    e.detail = {{"n", i}};
    auto a = store_->AppendAudit(e);
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->id, i + 1);
  }
  // A case created with its audit record in the same transaction.
  NewCase nc = MakeCase("审计", 1, std::nullopt);
  nc.audit = AuditEntry{};
  nc.audit->action = "case.create";
  nc.audit->target = "case:{id}";
  Id cid = *store_->CreateCase(nc);
  auto all = store_->ListAudit(0, 100);
  ASSERT_EQ(all->size(), 6u);
  EXPECT_EQ(all->back().target, "case:" + std::to_string(cid));
  auto ok = VerifyAuditChain(*store_);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->records, 6);
  EXPECT_FALSE(ok->first_broken.has_value());

  // The triggers refuse changes; someone with the database alters record 3 behind their back.
  store_.reset();
  EXPECT_FALSE(ExecDirect("UPDATE audit SET target='case:99' WHERE id=3"));
  EXPECT_TRUE(ExecDirect(DropTrigger("audit_append_only_update", "audit") +
                         " UPDATE audit SET target='case:99' WHERE id=3;"));
  store_ = std::move(OpenStore(url_)).value();
  auto bad = VerifyAuditChain(*store_);
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->first_broken, 3);
  EXPECT_NE(bad->problem.find("altered"), std::string::npos);
}

TEST_P(StoreTest, AuditDeletionIsDetected) {
  for (int i = 0; i < 4; ++i) {
    AuditEntry e;
    e.action = "x";
    ASSERT_TRUE(store_->AppendAudit(e).ok());
  }
  store_.reset();
  EXPECT_FALSE(ExecDirect("DELETE FROM audit WHERE id=2"));
  EXPECT_TRUE(ExecDirect(DropTrigger("audit_append_only_delete", "audit") +
                         " DELETE FROM audit WHERE id=2;"));
  store_ = std::move(OpenStore(url_)).value();
  auto bad = VerifyAuditChain(*store_);
  EXPECT_EQ(bad->first_broken, 3);
  EXPECT_NE(bad->problem.find("missing"), std::string::npos);
}

// Two stores on one database stand for two application nodes appending at the same time.
TEST_P(StoreTest, ConcurrentAuditAppendsFromTwoNodesFormOneChain) {
  auto second = OpenStore(url_);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  std::vector<Store*> nodes = {store_.get(), second->get()};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      Store& node = *nodes[t % 2];
      for (int i = 0; i < 20; ++i) {
        AuditEntry e;
        e.action = "case.comment";
        e.actor_id = user_;
        e.target = "case:" + std::to_string(t);
        e.detail = {{"i", i}};
        if (i % 5 == 4) {
          NewCase nc = MakeCase("并发", i, std::nullopt);
          nc.audit = e;
          if (!node.CreateCase(nc).ok()) ++failures;
        } else if (!node.AppendAudit(e).ok()) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto v = VerifyAuditChain(*store_);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->records, 120);
  EXPECT_FALSE(v->first_broken.has_value()) << v->problem;
  EXPECT_EQ(*(*second)->CountCases(), 24);
}

TEST_P(StoreTest, NodesStartingTogetherMigrateOnce) {
  if (!IsPostgres()) GTEST_SKIP() << "one node per SQLite file";
  std::string url = WithDatabase(pg_base_, NewDatabase());
  std::vector<std::thread> nodes;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    nodes.emplace_back([&] {
      if (!OpenStore(url).ok()) ++failures;
    });
  }
  for (auto& n : nodes) n.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(PgQueryInt(url, "SELECT count(*) FROM schema_migrations"),
            postgres::LatestSchemaVersion());
}

TEST_P(StoreTest, LostConnectionsFailCleanlyAndAreReplaced) {
  if (!IsPostgres()) GTEST_SKIP() << "PostgreSQL only: server connections";
  Id id = *store_->CreateCase(MakeCase("断线", 1, std::nullopt));
  std::string db = databases_.front();
  // The server ends every session of the store (as a restart or a network cut would).
  ASSERT_TRUE(AdminExec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname='" +
                        db + "'"));
  for (int i = 0;
       i < 100 &&
       PgQueryInt(pg_base_, "SELECT count(*) FROM pg_stat_activity WHERE datname='" + db + "'") > 0;
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Requests on a lost connection fail with kUnavailable; the pool then opens new ones.
  int failed = 0;
  for (int i = 0; i < 10; ++i) {
    auto c = store_->GetCase(id);
    if (!c.ok()) {
      ++failed;
      EXPECT_EQ(c.status().code(), ErrorCode::kUnavailable) << c.status().ToString();
    }
  }
  EXPECT_LE(failed, 8);
  EXPECT_EQ(store_->GetCase(id)->title, "断线");
  EXPECT_TRUE(store_->CreateCase(MakeCase("恢复", 2, std::nullopt)).ok());
  EXPECT_EQ(*store_->CountCases(), 2);
}

}  // namespace
}  // namespace zb::store

namespace zb::store {
namespace {

TEST_P(StoreTest, DeadlineAlertsAreRaisedOnceAndFeedTheInbox) {
  // Case 1 turns yellow at 800 and is due at 1000; case 2 is due at 5000 (yellow at 4000).
  NewCase a = MakeCase("即将到期", 100, 1000);
  a.record.yellow_at = FromUnixSeconds(800);
  NewCase b = MakeCase("尚早", 100, 5000);
  b.record.yellow_at = FromUnixSeconds(4000);
  Id id1 = *store_->CreateCase(a);
  *store_->CreateCase(b);
  EXPECT_EQ(*store_->NextAlertAt(FromUnixSeconds(100)), FromUnixSeconds(800));
  EXPECT_EQ(*store_->NextAlertAt(FromUnixSeconds(800)), FromUnixSeconds(1000));
  EXPECT_TRUE(store_->CasesNeedingAlert(FromUnixSeconds(799), 10)->empty());
  EXPECT_EQ(*store_->CasesNeedingAlert(FromUnixSeconds(900), 10), std::vector<Id>{id1});

  auto raise = [&](const std::string& stage, int64_t at) {
    CaseRecord c = *store_->GetCase(id1);
    CaseChange ch;
    ch.updated = c;
    ch.expected_version = c.version;
    EventRecord e;
    e.type = "urged";
    e.action = "remind";
    e.actor_id = user_;
    e.at = FromUnixSeconds(at);
    e.from_state = e.to_state = c.state;
    ch.events = {e};
    ch.alert = DeadlineAlert{id1, stage, *c.due_at};
    ch.notifications = {Notification{0, user_, id1, "reminder", "即将到期", "请尽快办理",
                                     FromUnixSeconds(at), std::nullopt}};
    ch.outbox = {OutboxMessage{0, "sms", "staff", "即将到期", FromUnixSeconds(at)}};
    return store_->ApplyChange(ch);
  };
  ASSERT_TRUE(raise("yellow", 900).ok());
  // The same alert again (a second node) is refused and writes nothing.
  EXPECT_EQ(raise("yellow", 901).code(), ErrorCode::kConflict);
  EXPECT_TRUE(store_->CasesNeedingAlert(FromUnixSeconds(900), 10)->empty());
  EXPECT_EQ(*store_->CountUnreadNotifications(user_), 1);
  EXPECT_EQ(store_->ListOutbox(10)->size(), 1u);
  EXPECT_EQ(store_->ListEvents(id1)->size(), 2u);
  // Overdue is a second, separate alert.
  EXPECT_EQ(*store_->CasesNeedingAlert(FromUnixSeconds(1000), 10), std::vector<Id>{id1});
  ASSERT_TRUE(raise("overdue", 1000).ok());
  EXPECT_EQ(*store_->CountUnreadNotifications(user_), 2);
  auto inbox = store_->ListNotifications(user_, true, 10);
  ASSERT_EQ(inbox->size(), 2u);
  ASSERT_TRUE(store_->MarkNotificationsRead(user_, (*inbox)[0].id, FromUnixSeconds(2000)).ok());
  EXPECT_EQ(*store_->CountUnreadNotifications(user_), 1);
  ASSERT_TRUE(store_->MarkNotificationsRead(user_, 0, FromUnixSeconds(2000)).ok());
  EXPECT_EQ(*store_->CountUnreadNotifications(user_), 0);
  EXPECT_EQ(store_->ListNotifications(user_, false, 10)->size(), 2u);
}

}  // namespace
}  // namespace zb::store

namespace zb::store {
namespace {

// A new database's office and one staff member in it: the member's id.
Id AddStaff(Store& s) {
  Id unit = *s.AddUnit({0, "office", "办公室", "office", std::nullopt, 0});
  User u;
  u.username = "u";
  u.display_name = "u";
  u.role = "staff";
  u.unit_id = unit;
  return *s.AddUser(u);
}

// A registered assignment of `user`'s with its created event.
NewCase RegisteredCase(Id user, int i) {
  NewCase nc;
  nc.record.kind = "assignment";
  nc.record.state = "registered";
  nc.record.title = "案件 " + std::to_string(i);
  nc.record.created_by = user;
  EventRecord e;
  e.type = "created";
  e.action = "create";
  e.actor_id = user;
  e.to_state = "registered";
  nc.events.push_back(e);
  return nc;
}

// Migration 12 keeps a case's events together, an event's id being its case's and its seq
// (sqlite/event_id.h): the events of a database of version 11, interleaved in time across
// cases, keep their order and data under their new ids; they stay append-only.
TEST(SqliteMigration, TwelveKeepsEachCasesEventsTogether) {
  fs::path dir = fs::temp_directory_path() / ("zb_events_by_case_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string path = (dir / "t.db").string();
  auto exec = [&](const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc == SQLITE_OK;
  };
  std::vector<Id> cases;
  Id user = 0;
  auto act = [&](Store& s, Id id, int n) {
    auto c = s.GetCase(id);
    CaseChange ch;
    ch.updated = *c;
    ch.expected_version = c->version;
    EventRecord e;
    e.type = "progress";
    e.action = "progress";
    e.actor_id = user;
    e.at = FromUnixSeconds(1000 + n);
    e.from_state = e.to_state = "registered";
    e.data = {{"text", "进展 " + std::to_string(n)}, {"due_at", 5000 + n}};
    ch.updated.version = c->version + 1;
    ch.events = {e};
    ASSERT_TRUE(s.ApplyChange(ch).ok());
  };
  {
    auto s = OpenStore(path);
    ASSERT_TRUE(s.ok());
    user = AddStaff(**s);
    for (int i = 0; i < 3; ++i) cases.push_back(*(*s)->CreateCase(RegisteredCase(user, i)));
    for (int n = 0; n < 6; ++n) act(**s, cases[n % 3], n);  // interleaved in time
  }
  // As a database of version 11: the events keyed by ids given in the order they were written.
  ASSERT_TRUE(
      exec("CREATE TABLE old_events (id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL REFERENCES "
           "cases(id), seq INTEGER NOT NULL, type TEXT NOT NULL, action TEXT NOT NULL, actor_id "
           "INTEGER NOT NULL REFERENCES users(id), on_behalf_of INTEGER REFERENCES users(id), at "
           "INTEGER NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, data TEXT NOT NULL "
           "DEFAULT '{}', UNIQUE (case_id, seq));"
           "INSERT INTO old_events(case_id, seq, type, action, actor_id, on_behalf_of, at, "
           "from_state, to_state, data) SELECT case_id, seq, type, action, actor_id, on_behalf_of, "
           "at, from_state, to_state, data FROM events ORDER BY at, case_id;"  // ids in time order
           "DROP TABLE events; ALTER TABLE old_events RENAME TO events;"
           "DELETE FROM schema_migrations WHERE version>=12;"));
  auto s = OpenStore(path);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  for (int i = 0; i < 3; ++i) {
    auto events = (*s)->ListEvents(cases[i]);
    ASSERT_EQ(events->size(), 3u);
    for (int k = 0; k < 3; ++k) EXPECT_EQ((*events)[k].seq, k + 1);
    for (int k = 0; k < 3; ++k) EXPECT_EQ((*events)[k].id, sqlite::EventId(cases[i], k + 1));
    EXPECT_EQ((*events)[1].data["text"], "进展 " + std::to_string(i));
    EXPECT_EQ((*events)[2].data["text"], "进展 " + std::to_string(i + 3));
    auto h = (*s)->GetCaseHistory(cases[i]);
    ASSERT_EQ(h->events.size(), 3u);
    EXPECT_EQ(nlohmann::json::parse(h->events[1].data_json)["due_at"], 5000 + i);
  }
  act(**s, cases[0], 6);
  EXPECT_EQ((*s)->ListEvents(cases[0])->back().id, sqlite::EventId(cases[0], 4));
  EXPECT_EQ((*s)->ListEvents(cases[1])->size(), 3u);
  s->reset();
  EXPECT_FALSE(exec("UPDATE events SET type='x'"));
  EXPECT_FALSE(exec("DELETE FROM events"));
  auto insert = [&](Id case_id, int64_t seq, int64_t id) {
    return exec(
        "INSERT INTO events(id, case_id, seq, type, action, actor_id, at, from_state, "
        "to_state) VALUES (" +
        std::to_string(id) + ", " + std::to_string(case_id) + ", " + std::to_string(seq) +
        ", 'x', 'x', " + std::to_string(user) + ", 0, '', '')");
  };
  EXPECT_FALSE(insert(cases[1], 4, 99));                            // not its place
  EXPECT_FALSE(insert(cases[1], 3, sqlite::EventId(cases[1], 3)));  // taken
  EXPECT_FALSE(insert(cases[1], 0, sqlite::EventId(cases[1], 0)));  // seq from 1
  EXPECT_TRUE(insert(cases[1], 4, sqlite::EventId(cases[1], 4)));
  fs::remove_all(dir);
}

// A full disk: the write fails with a clear message and the database is as it was.
TEST(SqliteFullDisk, ClearErrorAndNothingWritten) {
  fs::path dir = fs::temp_directory_path() / ("zb_full_disk_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string path = (dir / "full.db").string();
  Id user = 0;
  {
    auto s = OpenStore(path);
    ASSERT_TRUE(s.ok());
    user = AddStaff(**s);
  }
  sqlite3* raw = nullptr;
  sqlite3_open(path.c_str(), &raw);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(raw, "PRAGMA page_count", -1, &st, nullptr);
  sqlite3_step(st);
  int64_t pages = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(raw);

  auto store = sqlite::SqliteStore::Open(path, 2, pages + 8);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto make = [&](int i) {
    NewCase nc = RegisteredCase(user, i);
    nc.record.fields = {{"content", std::string(2000, 'x')}};
    return nc;
  };
  // Fill up to the limit one case at a time.
  Status last;
  int written = 0;
  for (int i = 0; i < 200 && last.ok(); ++i) {
    last = (*store)->CreateCase(make(i)).status();
    if (last.ok()) ++written;
  }
  ASSERT_FALSE(last.ok()) << "the size limit was never reached";
  EXPECT_EQ(last.code(), ErrorCode::kUnavailable);
  EXPECT_NE(last.message().find("磁盘已满"), std::string::npos) << last.ToString();
  EXPECT_NE(last.message_en().find("disk is full"), std::string::npos);
  // The failed write left nothing; everything acknowledged is there; the store still works.
  EXPECT_EQ(*(*store)->CountCases(), written);
  std::vector<NewCase> batch;
  for (int i = 0; i < 50; ++i) batch.push_back(make(1000 + i));
  EXPECT_FALSE((*store)->CreateCases(batch).ok());
  EXPECT_EQ(*(*store)->CountCases(), written);
  EXPECT_EQ((*store)->GetCase(1)->title, "案件 0");
  store->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace zb::store

namespace zb::store {
namespace {

TEST_P(StoreTest, JobsAreClaimedOnceAndReclaimedAfterTheirLease) {
  using std::chrono::seconds;
  auto t = [](int64_t s) { return FromUnixSeconds(s); };
  ASSERT_TRUE(store_->ScheduleJob("deadline_sweep", "", t(200)).ok());
  // Scheduling again moves the waiting job earlier, never later, and adds no second one.
  ASSERT_TRUE(store_->ScheduleJob("deadline_sweep", "", t(300)).ok());
  ASSERT_TRUE(store_->ScheduleJob("deadline_sweep", "", t(100)).ok());
  EXPECT_FALSE(store_->ClaimJob("deadline_sweep", "a", t(99), seconds(30))->has_value());
  auto job = store_->ClaimJob("deadline_sweep", "a", t(100), seconds(30));
  ASSERT_TRUE(job.ok()) << job.status().ToString();
  ASSERT_TRUE(job->has_value());
  EXPECT_EQ((*job)->run_at, t(100));
  EXPECT_EQ((*job)->claimed_by, "a");
  EXPECT_EQ((*job)->claimed_until, t(130));
  EXPECT_EQ((*job)->attempts, 1);
  Id first = (*job)->id;
  // While "a" holds it, nobody else gets it, nor a newly requested run of the same job.
  EXPECT_FALSE(store_->ClaimJob("deadline_sweep", "b", t(110), seconds(30))->has_value());
  ASSERT_TRUE(store_->ScheduleJob("deadline_sweep", "", t(110)).ok());
  EXPECT_FALSE(store_->ClaimJob("deadline_sweep", "b", t(120), seconds(30))->has_value());
  // "a" dies: after its lease, "b" takes the job over, and "a" can no longer complete it.
  auto again = store_->ClaimJob("deadline_sweep", "b", t(131), seconds(30));
  ASSERT_TRUE(again->has_value());
  EXPECT_EQ((*again)->id, first);
  EXPECT_EQ((*again)->attempts, 2);
  EXPECT_EQ(store_->CompleteJob(first, "a", t(140)).code(), ErrorCode::kConflict);
  ASSERT_TRUE(store_->CompleteJob(first, "b", t(140)).ok());
  EXPECT_EQ(store_->CompleteJob(first, "b", t(141)).code(), ErrorCode::kConflict);
  // The run requested meanwhile comes next; then nothing is left.
  auto next = store_->ClaimJob("deadline_sweep", "a", t(150), seconds(30));
  ASSERT_TRUE(next->has_value());
  EXPECT_NE((*next)->id, first);
  EXPECT_EQ((*next)->run_at, t(110));
  ASSERT_TRUE(store_->CompleteJob((*next)->id, "a", t(151)).ok());
  EXPECT_FALSE(store_->ClaimJob("deadline_sweep", "a", t(1000), seconds(30))->has_value());
  // Other kinds and keys are separate.
  ASSERT_TRUE(store_->ScheduleJob("export", "7", t(100)).ok());
  ASSERT_TRUE(store_->ScheduleJob("export", "8", t(100)).ok());
  EXPECT_FALSE(store_->ClaimJob("deadline_sweep", "a", t(1000), seconds(30))->has_value());
  auto e1 = store_->ClaimJob("export", "a", t(1000), seconds(30));
  auto e2 = store_->ClaimJob("export", "b", t(1000), seconds(30));
  ASSERT_TRUE(e1->has_value() && e2->has_value());
  EXPECT_NE((*e1)->key, (*e2)->key);
}

TEST_P(StoreTest, NodesClaimingAtOnceNeverShareAJob) {
  using std::chrono::seconds;
  constexpr int kJobs = 60;
  for (int i = 0; i < kJobs; ++i) {
    ASSERT_TRUE(store_->ScheduleJob("export", std::to_string(i), FromUnixSeconds(100)).ok());
  }
  auto second = OpenStore(url_);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  std::vector<Store*> nodes = {store_.get(), second->get()};
  std::mutex mu;
  std::vector<Id> claimed;
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w) {
    workers.emplace_back([&, w] {
      Store& node = *nodes[w % 2];
      std::string me = "worker" + std::to_string(w);
      for (;;) {
        auto job = node.ClaimJob("export", me, FromUnixSeconds(200), seconds(60));
        if (!job.ok()) {
          // SQLite's writers from two processes may meet a busy database; try again.
          if (job.status().code() != ErrorCode::kUnavailable) ++failures;
          continue;
        }
        if (!job->has_value()) return;
        if (!node.CompleteJob((*job)->id, me, FromUnixSeconds(201)).ok()) ++failures;
        std::lock_guard lock(mu);
        claimed.push_back((*job)->id);
      }
    });
  }
  for (auto& th : workers) th.join();
  EXPECT_EQ(failures.load(), 0);
  std::sort(claimed.begin(), claimed.end());
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kJobs));
  EXPECT_EQ(std::adjacent_find(claimed.begin(), claimed.end()), claimed.end());
}

TEST_P(StoreTest, CaseChangesReachTheOtherNodes) {
  if (!IsPostgres()) {
    EXPECT_EQ(store_->WatchCases([](Id, bool) {}, [] {}), nullptr);
    GTEST_SKIP() << "one server process per SQLite file: no feed between nodes";
  }
  auto other = OpenStore(url_);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::pair<Id, bool>> seen;
  int gaps = 0;
  auto feed = store_->WatchCases(
      [&](Id id, bool created) {
        std::lock_guard lock(mu);
        seen.emplace_back(id, created);
        cv.notify_all();
      },
      [&] {
        std::lock_guard lock(mu);
        ++gaps;
        cv.notify_all();
      });
  ASSERT_NE(feed, nullptr);
  auto wait_for = [&](size_t n) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(10), [&] { return seen.size() >= n; });
  };
  // The feed's connection needs a moment to LISTEN; until then notifications are not queued.
  Id probe = 0;
  for (int i = 0; i < 100 && seen.empty(); ++i) {
    probe = *(*other)->CreateCase(MakeCase("探测", 1, std::nullopt));
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::milliseconds(100), [&] { return !seen.empty(); });
  }
  ASSERT_TRUE(wait_for(1));
  {
    std::lock_guard lock(mu);
    seen.clear();
  }
  // This node's own changes are not echoed back; the other node's arrive after they commit.
  Id mine = *store_->CreateCase(MakeCase("本节点", 2, std::nullopt));
  Id theirs = *(*other)->CreateCase(MakeCase("他节点", 3, std::nullopt));
  CaseRecord c = *(*other)->GetCase(probe);
  CaseChange ch;
  ch.updated = c;
  ch.updated.title = "改过";
  ch.expected_version = c.version;
  EventRecord e;
  e.type = "progress";
  e.action = "progress";
  e.actor_id = user_;
  e.from_state = e.to_state = c.state;
  ch.events = {e};
  ASSERT_TRUE((*other)->ApplyChange(ch).ok());
  // A change that fails (stale version) commits nothing and announces nothing.
  EXPECT_EQ((*other)->ApplyChange(ch).code(), ErrorCode::kConflict);
  ASSERT_TRUE(wait_for(2));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0], std::make_pair(theirs, true));
    EXPECT_EQ(seen[1], std::make_pair(probe, false));
    EXPECT_NE(seen[0].first, mine);
    seen.clear();
  }
  // A split announces its part and the original's change; a stale one announces nothing.
  ch.expected_version = (*other)->GetCase(probe)->version;
  std::vector<NewCase> part = {MakeCase("分办件", 4, std::nullopt)};
  auto parts = (*other)->CreateCasesAndApply(part, ch, nullptr);
  ASSERT_TRUE(parts.ok()) << parts.status().ToString();
  EXPECT_EQ((*other)->CreateCasesAndApply(part, ch, nullptr).status().code(), ErrorCode::kConflict);
  ASSERT_TRUE(wait_for(2));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(seen.size(), 2u);
    EXPECT_EQ(seen[0], std::make_pair((*parts)[0], true));
    EXPECT_EQ(seen[1], std::make_pair(probe, false));
    seen.clear();
  }
  // A bulk load is announced as one "reload everything".
  std::vector<NewCase> many;
  for (int i = 0; i < 150; ++i) many.push_back(MakeCase("批量", 10 + i, std::nullopt));
  ASSERT_TRUE((*other)->CreateCases(many).ok());
  {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return gaps >= 1; }));
    EXPECT_TRUE(seen.empty());
  }
  // The feed survives losing its connection: it reconnects and reports the gap.
  int gaps_before = gaps;
  ASSERT_TRUE(AdminExec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%LISTEN%' AND "
      "datname='" +
      databases_.front() + "'"));
  {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return gaps > gaps_before; }));
  }
  Id later = *(*other)->CreateCase(MakeCase("重连后", 500, std::nullopt));
  ASSERT_TRUE(wait_for(1));
  std::lock_guard lock(mu);
  EXPECT_EQ(seen.back(), std::make_pair(later, true));
}

TEST_P(StoreTest, HotlineCategoriesAndDictionaryWords) {
  EXPECT_TRUE(store_->ListHotlineCategories()->empty());
  std::vector<HotlineCategory> seed(3);
  seed[0].code = "01";
  seed[0].name = "城乡建设";
  seed[1].code = "01.01";
  seed[1].name = "安全生产";
  seed[1].parent_id = -1;  // the first record of this call
  seed[2].code = "01.02";
  seed[2].name = "市政管理";
  seed[2].parent_id = -1;
  seed[2].sort = 1;
  AuditEntry audit;
  audit.at = FromUnixSeconds(1000);
  audit.actor_id = user_;
  audit.action = "hotline.category.seed";
  audit.target = "hotline-categories";
  auto ids = store_->SaveHotlineCategories(seed, audit);
  ASSERT_TRUE(ids.ok()) << ids.status().ToString();
  ASSERT_EQ(ids->size(), 3u);
  auto all = store_->ListHotlineCategories();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].parent_id, (*ids)[0]);
  EXPECT_EQ(store_->ListAudit(0, 100)->back().action, "hotline.category.seed");

  // A sibling with the same name: refused, nothing written (not even the audit record).
  size_t audits = store_->ListAudit(0, 1000)->size();
  HotlineCategory renamed = (*all)[2];
  renamed.name = "安全生产";
  renamed.unit_code = "dept.housing";
  EXPECT_EQ(store_->SaveHotlineCategories({&renamed, 1}, audit).status().code(),
            ErrorCode::kConflict);
  EXPECT_EQ(store_->ListAudit(0, 1000)->size(), audits);
  renamed.name = "市政设施";
  ASSERT_TRUE(store_->SaveHotlineCategories({&renamed, 1}, audit).ok());
  EXPECT_EQ(store_->ListHotlineCategories()->at(2).unit_code, "dept.housing");
  HotlineCategory ghost = renamed;
  ghost.id = 999999;
  EXPECT_EQ(store_->SaveHotlineCategories({&ghost, 1}, std::nullopt).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(store_->DeleteHotlineCategory((*ids)[0], std::nullopt).code(), ErrorCode::kConflict);
  EXPECT_TRUE(store_->DeleteHotlineCategory((*ids)[2], audit).ok());
  EXPECT_EQ(store_->ListHotlineCategories()->size(), 2u);

  // The migration seeds the office's local names.
  auto words = store_->ListDictionaryWords();
  ASSERT_TRUE(words.ok());
  size_t seeded = words->size();
  EXPECT_GE(seeded, 30u);
  DictionaryWord w;
  w.word = "凤凰路";
  w.freq = 20;
  w.tag = "ns";
  w.added_by = user_;
  w.added_at = FromUnixSeconds(2000);
  std::vector<std::string> remove = {"泰州"};
  ASSERT_TRUE(store_->WriteDictionaryWords({&w, 1}, remove, audit).ok());
  words = store_->ListDictionaryWords();
  EXPECT_EQ(words->size(), seeded);
  auto it = std::find_if(words->begin(), words->end(),
                         [](const DictionaryWord& d) { return d.word == "凤凰路"; });
  ASSERT_NE(it, words->end());
  EXPECT_EQ(it->freq, 20);
  EXPECT_EQ(it->added_by, user_);
  w.freq.reset();  // replaced
  ASSERT_TRUE(store_->WriteDictionaryWords({&w, 1}, {}, std::nullopt).ok());
  words = store_->ListDictionaryWords();
  it = std::find_if(words->begin(), words->end(),
                    [](const DictionaryWord& d) { return d.word == "凤凰路"; });
  EXPECT_FALSE(it->freq);
}

}  // namespace
}  // namespace zb::store
