#include "analytics/message_csv.h"

#include <gtest/gtest.h>

#include "analytics/test_support.h"

namespace zb::analytics {
namespace {

int32_t Day(const char* iso) {
  return DayNumber(*ParseDate(iso));
}

TEST(MessageCsvTest, TimesAsTextOrExcelSerial) {
  EXPECT_EQ(ParseMessageDay("43667.53"), Day("2019-07-21"));
  EXPECT_EQ(ParseMessageDay("2020/1/6 12:09:38"), Day("2020-01-06"));
  EXPECT_EQ(ParseMessageDay(" 2019-07-21 "), Day("2019-07-21"));
  EXPECT_EQ(ParseMessageDay("2020年1月6日"), Day("2020-01-06"));
  EXPECT_FALSE(ParseMessageDay(""));
  EXPECT_FALSE(ParseMessageDay("昨天"));
  EXPECT_FALSE(ParseMessageDay("2020/13/40"));
  EXPECT_FALSE(ParseMessageDay("-5"));
  EXPECT_FALSE(ParseMessageDay("1e300"));
}

TEST(MessageCsvTest, ReadsAttachment3) {
  const auto& tickets = testing::Attachment3();
  ASSERT_EQ(tickets.size(), 30u);
  EXPECT_EQ(tickets[0].id, "360114");
  EXPECT_EQ(tickets[0].caller, "A0182491");
  EXPECT_EQ(tickets[0].likes, 9);
  EXPECT_EQ(tickets[0].day, Day("2017-06-08"));
  EXPECT_EQ(tickets[0].content.substr(0, 6), "书记");  // indentation removed
}

TEST(MessageCsvTest, BadInput) {
  EXPECT_FALSE(ParseMessageCsv("").ok());
  EXPECT_FALSE(ParseMessageCsv("a,b\n1,2\n").ok());
  EXPECT_FALSE(ParseMessageCsv("留言编号,留言时间,留言主题\n1,2020-01-01,\"open").ok());
  auto file = ParseMessageCsv(
      "留言编号,留言时间,留言主题\n1,2020-01-01,路灯不亮\n2,坏时间,x\n3,2020-01-02,\n4\n");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->tickets.size(), 1u);
  EXPECT_EQ(file->skipped, 3u);
}

}  // namespace
}  // namespace zb::analytics
