#include "calendar/policy.h"

#include <gtest/gtest.h>

#include "calendar/test_support.h"

namespace zb::calendar {
namespace {

using testing::SourceDir;

TEST(PolicySet, ShippedFileResolves) {
  auto set = PolicySet::LoadFile(SourceDir() / "config" / "time_limits.toml");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  struct Case {
    const char* kind;
    const char* urgency;
    const char* request_type;
    const char* limit;
  } cases[] = {
      {"hotline", "urgent", "complaint", "2 working hours"},  // urgency first
      {"hotline", "", "inquiry", "3 working days"},
      {"hotline", "normal", "complaint", "13 working days"},  // unknown urgency: skipped
      {"hotline", "", "", "5 working days"},
      {"hotline", "", "unheard_of", "5 working days"},
      {"document", "", "circulation", "same working day"},
      {"document", "", "for_signature", "2 working days"},
      {"document", "", "urgent", "overnight"},
      {"document", "urgent", "circulation", "overnight"},
      {"deputy_suggestion", "", "", "3 months"},
      {"assignment", "", "", "5 working days"},
  };
  for (const Case& c : cases) {
    auto limit = set->Resolve(c.kind, c.urgency, c.request_type);
    ASSERT_TRUE(limit.ok()) << c.kind << "/" << c.urgency << "/" << c.request_type;
    EXPECT_EQ(limit->ToString(), c.limit) << c.kind << "/" << c.urgency << "/" << c.request_type;
  }
  EXPECT_EQ(set->Resolve("no_such_kind", "", "").status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(set->working_hours().ToString(), "08:30-12:00,13:30-17:30");
  EXPECT_DOUBLE_EQ(set->light_policy().yellow_fraction, 0.2);
  EXPECT_EQ(set->light_policy().yellow_working_minutes, std::chrono::minutes{450});
}

TEST(PolicySet, EveryNumberIsConfigurable) {
  auto set = PolicySet::Parse(R"(
[working_hours]
periods = ["09:00-12:00", "14:00-18:00"]
[lights]
yellow_fraction = 0.25
yellow_working_minutes = 420
[hotline]
[hotline.request_type]
inquiry = "2个工作日"
)",
                              "custom.toml");
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->working_hours().ToString(), "09:00-12:00,14:00-18:00");
  EXPECT_DOUBLE_EQ(set->light_policy().yellow_fraction, 0.25);
  EXPECT_EQ(set->light_policy().yellow_working_minutes, std::chrono::minutes{420});
  EXPECT_EQ(set->Resolve("hotline", "", "inquiry")->ToString(), "2 working days");
  auto none = set->Resolve("hotline", "", "complaint");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), ErrorCode::kNotFound);
}

TEST(PolicySet, ErrorsNameTheFileAndLine) {
  struct Case {
    const char* toml;
    const char* expected;
  } cases[] = {
      {"[hotline]\ndefault = \"5 working days\"\nurgent = \"2 working hours\"\n",
       "policy.toml:3: unknown key 'urgent'"},
      {"[hotline]\n\n[hotline.request_type]\ninquiry = \"3 weeks\"\n",
       "policy.toml:4: unknown time-limit expression '3 weeks'"},
      {"[hotline]\ndefault = 5\n", "policy.toml:2: a time limit must be a string"},
      {"[hotline\ndefault = \"5 days\"\n", "policy.toml:1: bad TOML"},
      {"[lights]\nyellow_fraction = 1.5\n", "policy.toml:2: yellow_fraction"},
      {"[working_hours]\nperiods = [\"17:30-08:30\"]\n", "policy.toml:2: working periods"},
      {"hotline = \"5 days\"\n", "policy.toml:1: top-level 'hotline' must be a table"},
  };
  for (const Case& c : cases) {
    auto set = PolicySet::Parse(c.toml, "policy.toml");
    ASSERT_FALSE(set.ok()) << c.toml;
    EXPECT_EQ(set.status().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(set.status().message_en().find(c.expected), std::string::npos)
        << set.status().message_en();
    EXPECT_NE(set.status().message().find("policy.toml:"), std::string::npos);
  }
  auto missing = PolicySet::LoadFile(SourceDir() / "config" / "no_such_file.toml");
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace zb::calendar
