#include "calendar/time_limit.h"

#include <gtest/gtest.h>

namespace zb::calendar {
namespace {

struct Form {
  const char* written;
  const char* canonical;
};

TEST(TimeLimit, ParsesEveryForm) {
  const Form forms[] = {
      {"5 days", "5 days"},
      {"1 day", "1 day"},
      {"7 calendar days", "7 days"},
      {"  5   Days ", "5 days"},
      {"within 10 days", "10 days"},
      {"3 working days", "3 working days"},
      {"1 working day", "1 working day"},
      {"3 Working Days", "3 working days"},
      {"5 workdays", "5 working days"},
      {"2 working hours", "2 working hours"},
      {"1 working hour", "1 working hour"},
      {"same working day", "same working day"},
      {"Same Day", "same working day"},
      {"overnight", "overnight"},
      {"3 months", "3 months"},
      {"1 month", "1 month"},
      {"by 06-30", "by 06-30"},
      {"by 6-30", "by 06-30"},
      {"by 12/31", "by 12-31"},
      {"by 02-29", "by 02-29"},
      // The Chinese forms office staff write.
      {"3个工作日", "3 working days"},
      {"3个工作日内", "3 working days"},
      {"三个工作日", "3 working days"},
      {"十三个工作日", "13 working days"},
      {"13工作日", "13 working days"},
      {"３个工作日", "3 working days"},
      {"2个工作小时", "2 working hours"},
      {"两个工作小时", "2 working hours"},
      {"当日", "same working day"},
      {"当天", "same working day"},
      {"连夜", "overnight"},
      {"3个月", "3 months"},
      {"三个月内", "3 months"},
      {"5天", "5 days"},
      {"5日", "5 days"},
      {"5日内", "5 days"},
      {"二十天", "20 days"},
      {"15个自然日", "15 days"},
      {"6月30日前", "by 06-30"},
      {"6月30日", "by 06-30"},
      {"06-30前", "by 06-30"},
  };
  for (const Form& f : forms) {
    auto limit = TimeLimit::Parse(f.written);
    ASSERT_TRUE(limit.ok()) << f.written << ": " << limit.status().ToString();
    EXPECT_EQ(limit->ToString(), f.canonical) << f.written;
    // The canonical form parses back to the same limit.
    auto again = TimeLimit::Parse(limit->ToString());
    ASSERT_TRUE(again.ok()) << limit->ToString();
    EXPECT_EQ(*again, *limit) << f.written;
    // So does the Chinese form.
    auto chinese = TimeLimit::Parse(limit->ToChinese());
    ASSERT_TRUE(chinese.ok()) << limit->ToChinese();
    EXPECT_EQ(*chinese, *limit) << limit->ToChinese();
  }
}

TEST(TimeLimit, ExposesItsParts) {
  auto limit = TimeLimit::Parse("13 working days");
  ASSERT_TRUE(limit.ok());
  EXPECT_EQ(limit->unit(), TimeLimit::Unit::kWorkingDays);
  EXPECT_EQ(limit->count(), 13);
  EXPECT_EQ(limit->basis(), TimeLimit::Basis::kWorkingTime);
  EXPECT_EQ(limit->ToChinese(), "13个工作日");
  auto date = TimeLimit::Parse("by 06-30");
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(date->month(), 6u);
  EXPECT_EQ(date->day(), 30u);
  EXPECT_EQ(date->basis(), TimeLimit::Basis::kCalendarTime);
  EXPECT_EQ(date->ToChinese(), "6月30日前");
  EXPECT_EQ(TimeLimit::Overnight().basis(), TimeLimit::Basis::kCalendarTime);
  EXPECT_EQ(TimeLimit::SameWorkingDay().basis(), TimeLimit::Basis::kWorkingTime);
}

TEST(TimeLimit, RefusesUnknownExpressions) {
  for (const char* bad : {"",
                          "   ",
                          "soon",
                          "3 weeks",
                          "3",
                          "working days",
                          "three working days",
                          "3 working",
                          "by 13-01",
                          "by 02-30",
                          "by tomorrow",
                          "3月",
                          "下周",
                          "0 days",
                          "0个工作日",
                          "-1 days",
                          "4000 days",
                          "121 months",
                          "2001 working days",
                          "3 working days please",
                          "6月31日前"}) {
    auto limit = TimeLimit::Parse(bad);
    ASSERT_FALSE(limit.ok()) << bad << " parsed as " << limit->ToString();
    EXPECT_EQ(limit.status().code(), ErrorCode::kInvalidArgument) << bad;
    EXPECT_NE(limit.status().message_en().find(std::string("'") + bad + "'"), std::string::npos)
        << limit.status().message_en();
    EXPECT_FALSE(limit.status().message().empty());
  }
}

}  // namespace
}  // namespace zb::calendar
