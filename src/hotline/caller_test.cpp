#include "hotline/caller.h"

#include <gtest/gtest.h>

namespace zb::hotline {
namespace {

TEST(Caller, MasksNumbersAndNames) {
  EXPECT_EQ(MaskPhone("13807310001"), "138****0001");
  EXPECT_EQ(MaskPhone("0523-86000003"), "052******0003");
  EXPECT_EQ(MaskPhone("12345"), "***45");
  EXPECT_EQ(MaskName("王女士"), "王**");
  EXPECT_EQ(MaskName(""), "");
}

TEST(Caller, OnlyTheHotlineOfficeSeesConfidentialCallers) {
  cases::Actor op, liaison, admin;
  op.user.role = "hotline_operator";
  liaison.user.role = "unit_liaison";
  liaison.unit_ids = {7};
  admin.user.role = "admin";
  cases::Actor chief;
  chief.user.role = "section_chief";
  chief.unit_ids = {3};
  EXPECT_TRUE(SeesConfidentialCallers(op, 3));
  EXPECT_TRUE(SeesConfidentialCallers(admin, 3));
  EXPECT_TRUE(SeesConfidentialCallers(chief, 3));
  EXPECT_FALSE(SeesConfidentialCallers(liaison, 3));
}

TEST(Caller, MaskFieldsHidesOnlyConfidentialCallers) {
  nlohmann::json f = {{"caller_name", "王女士"}, {"phone", "13807310001"}, {"confidential", true}};
  auto masked = MaskFields(f, false);
  EXPECT_EQ(masked["phone"], "138****0001");
  EXPECT_EQ(masked["caller_name"], "王**");
  EXPECT_EQ(MaskFields(f, true)["phone"], "13807310001");
  f["confidential"] = false;
  EXPECT_EQ(MaskFields(f, false)["phone"], "13807310001");
  f["merged_callers"] =
      R"([{"case_id":5,"name":"李先生","phone":"13900000000","confidential":true}])";
  auto callers = CallersOf(1, f);
  ASSERT_EQ(callers.size(), 2u);
  EXPECT_EQ(callers[1].case_id, 5);
  auto m = nlohmann::json::parse(MaskFields(f, false)["merged_callers"].get<std::string>());
  EXPECT_EQ(m[0]["phone"], "139****0000");
}

}  // namespace
}  // namespace zb::hotline
