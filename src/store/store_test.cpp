#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "store/audit.h"
#include "store/store.h"

namespace zb::store {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("zb_store_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto s = OpenStore((dir_ / "t.db").string());
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
    fs::remove_all(dir_);
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
  std::unique_ptr<Store> store_;
  Id office_ = 0, dept_ = 0, user_ = 0;
};

TEST_F(StoreTest, OrganisationRoundTrip) {
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

TEST_F(StoreTest, CaseWithEventsAndOptimisticConcurrency) {
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

TEST_F(StoreTest, EventsAreAppendOnly) {
  Id id = *store_->CreateCase(MakeCase("a", 1, std::nullopt));
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "t.db").c_str(), &db), SQLITE_OK);
  char* err = nullptr;
  int rc =
      sqlite3_exec(db, ("UPDATE events SET type='x' WHERE case_id=" + std::to_string(id)).c_str(),
                   nullptr, nullptr, &err);
  EXPECT_NE(rc, SQLITE_OK);
  sqlite3_free(err);
  rc = sqlite3_exec(db, "DELETE FROM events", nullptr, nullptr, &err);
  EXPECT_NE(rc, SQLITE_OK);
  sqlite3_free(err);
  sqlite3_close(db);
}

TEST_F(StoreTest, ListFiltersAndPages) {
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

TEST_F(StoreTest, NotADatabaseIsAClearError) {
  fs::path junk = dir_ / "junk.db";
  std::ofstream(junk) << std::string(8192, 'x');
  auto s = OpenStore(junk.string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find("数据库"), std::string::npos);
  // The file is left as it was.
  EXPECT_EQ(fs::file_size(junk), 8192u);
}

TEST_F(StoreTest, BackupIsAWorkingCopy) {
  Id id = *store_->CreateCase(MakeCase("备份测试", 1, std::nullopt));
  ASSERT_TRUE(store_->Backup(dir_ / "copy.db").ok());
  auto copy = OpenStore((dir_ / "copy.db").string());
  ASSERT_TRUE(copy.ok());
  EXPECT_EQ((*copy)->GetCase(id)->title, "备份测试");
}

TEST_F(StoreTest, ReopenKeepsDataAndSchema) {
  Id id = *store_->CreateCase(MakeCase("持久", 1, std::nullopt));
  store_.reset();
  auto again = OpenStore("sqlite:" + (dir_ / "t.db").string());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->GetCase(id)->title, "持久");
}

TEST_F(StoreTest, SessionsAndSignInAttempts) {
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

TEST_F(StoreTest, ApiTokens) {
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

TEST_F(StoreTest, AuditChainVerifiesAndDetectsTampering) {
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

  // Someone with the database file alters record 3 behind the triggers' back.
  store_.reset();
  sqlite3* db = nullptr;
  sqlite3_open((dir_ / "t.db").c_str(), &db);
  sqlite3_exec(db,
               "DROP TRIGGER audit_append_only_update; UPDATE audit SET target='case:99' WHERE "
               "id=3;",
               nullptr, nullptr, nullptr);
  sqlite3_close(db);
  store_ = std::move(OpenStore((dir_ / "t.db").string())).value();
  auto bad = VerifyAuditChain(*store_);
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->first_broken, 3);
  EXPECT_NE(bad->problem.find("altered"), std::string::npos);
}

TEST_F(StoreTest, AuditDeletionIsDetected) {
  for (int i = 0; i < 4; ++i) {
    AuditEntry e;
    e.action = "x";
    ASSERT_TRUE(store_->AppendAudit(e).ok());
  }
  store_.reset();
  sqlite3* db = nullptr;
  sqlite3_open((dir_ / "t.db").c_str(), &db);
  sqlite3_exec(db, "DROP TRIGGER audit_append_only_delete; DELETE FROM audit WHERE id=2;", nullptr,
               nullptr, nullptr);
  sqlite3_close(db);
  store_ = std::move(OpenStore((dir_ / "t.db").string())).value();
  auto bad = VerifyAuditChain(*store_);
  EXPECT_EQ(bad->first_broken, 3);
  EXPECT_NE(bad->problem.find("missing"), std::string::npos);
}

}  // namespace
}  // namespace zb::store
