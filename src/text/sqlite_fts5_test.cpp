#include "text/sqlite_fts5.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "text/search_tokenizer.h"

namespace zb::text {
namespace {

class Fts5Test : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_TRUE(RegisterSearchTokenizer(db_).ok());
    Exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize='zb')");
    Insert(1, "小区门口停车难，车辆乱停乱放");
    Insert(2, "暴雨后道路积水严重");
    Insert(3, "车停在路边");  // has 车停 but not 停车
    Insert(4, "Parking at 12345热线 iPhone");
  }
  void TearDown() override { sqlite3_close(db_); }

  void Exec(const char* sql) {
    ASSERT_EQ(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
  }

  void Insert(int id, const std::string& body) {
    sqlite3_stmt* stmt;
    ASSERT_EQ(
        sqlite3_prepare_v2(db_, "INSERT INTO t(rowid, body) VALUES (?, ?)", -1, &stmt, nullptr),
        SQLITE_OK);
    sqlite3_bind_int(stmt, 1, id);
    sqlite3_bind_text(stmt, 2, body.c_str(), static_cast<int>(body.size()), SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_DONE);
    sqlite3_finalize(stmt);
  }

  // Row ids matching what a user typed.
  std::vector<int> Search(const std::string& keywords) {
    std::vector<int> ids;
    std::string expr = FtsMatchExpression(keywords);
    if (expr.empty()) return ids;
    sqlite3_stmt* stmt;
    EXPECT_EQ(sqlite3_prepare_v2(db_, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", -1,
                                 &stmt, nullptr),
              SQLITE_OK);
    sqlite3_bind_text(stmt, 1, expr.c_str(), -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) ids.push_back(sqlite3_column_int(stmt, 0));
    EXPECT_EQ(rc, SQLITE_DONE) << sqlite3_errmsg(db_) << " for " << expr;
    sqlite3_finalize(stmt);
    return ids;
  }

  sqlite3* db_ = nullptr;
};

TEST_F(Fts5Test, TwoCharacterQueries) {
  EXPECT_EQ(Search("停车"), std::vector<int>{1});
  EXPECT_EQ(Search("积水"), std::vector<int>{2});
  EXPECT_EQ(Search("车停"), std::vector<int>{3});
  EXPECT_EQ(Search("停"), (std::vector<int>{1, 3}));
}

TEST_F(Fts5Test, LongerQueriesAndWords) {
  EXPECT_EQ(Search("乱停乱放"), std::vector<int>{1});
  EXPECT_EQ(Search("停车难 小区"), std::vector<int>{1});
  EXPECT_EQ(Search("道路 停车"), std::vector<int>{});
  EXPECT_EQ(Search("IPHONE"), std::vector<int>{4});
  EXPECT_EQ(Search("12345热线"), std::vector<int>{4});
  EXPECT_EQ(Search("热线1"), std::vector<int>{});
}

TEST_F(Fts5Test, HostileInputIsJustText) {
  EXPECT_EQ(Search("\"停车\" OR 积水"), std::vector<int>{});
  EXPECT_EQ(Search("body:停车"), std::vector<int>{});  // "body" is a word to find, not a column
  EXPECT_EQ(Search("NEAR(停车 积水) *"), std::vector<int>{});
  EXPECT_EQ(Search("\xFF\xFE"), std::vector<int>{});
}

}  // namespace
}  // namespace zb::text
