#include "text/segmenter.h"

#include <gtest/gtest.h>

#include "text/test_support.h"

namespace zb::text {
namespace {

const Segmenter& Shared() {
  return testing::SharedSegmenter();
}

std::string Joined(const std::vector<std::string_view>& tokens) {
  std::string out;
  for (auto t : tokens) {
    if (!out.empty()) out += '/';
    out += t;
  }
  return out;
}

TEST(SegmenterTest, GoldenSentences) {
  const Segmenter& seg = Shared();
  // Expected outputs are jieba 0.42.1's lcut(text).
  EXPECT_EQ(Joined(seg.Cut("我来到北京清华大学")), "我/来到/北京/清华大学");
  EXPECT_EQ(Joined(seg.Cut("他来到了网易杭研大厦")), "他/来到/了/网易/杭研/大厦");
  EXPECT_EQ(Joined(seg.Cut("小区门口长期积水，车辆乱停乱放。")),
            "小区/门口/长期/积水/，/车辆/乱/停/乱放/。");
  EXPECT_EQ(Joined(seg.Cut("水4.23一吨，电0.64一度")), "水/4.23/一吨/，/电/0.64/一度");
  EXPECT_EQ(Joined(seg.Cut("A3区的iPhone 12 Pro\r\n好用")), "A3/区/的/iPhone/ /12/ /Pro/\r\n/好用");
}

TEST(SegmenterTest, NoHmm) {
  const Segmenter& seg = Shared();
  EXPECT_EQ(Joined(seg.Cut("他来到了网易杭研大厦", {.hmm = false})), "他/来到/了/网易/杭/研/大厦");
}

TEST(SegmenterTest, EmptyAndOddInput) {
  const Segmenter& seg = Shared();
  EXPECT_TRUE(seg.Cut("").empty());
  EXPECT_EQ(Joined(seg.Cut("😀积水")), "😀/积水");
  std::string bad = "积\xFF\xE7\x80水";
  auto tokens = seg.Cut(bad);
  std::string rebuilt;
  for (auto t : tokens) rebuilt += t;
  EXPECT_EQ(rebuilt, bad);
}

TEST(SegmenterTest, UserWords) {
  Segmenter seg = Shared();
  EXPECT_EQ(Joined(seg.Cut("泰州海陵区421工程")), "泰州/海陵区/421/工程");
  seg.AddWord("421工程");
  EXPECT_EQ(Joined(seg.Cut("泰州海陵区421工程")), "泰州/海陵区/421工程");
  ASSERT_TRUE(seg.LoadUserDictText("市长公开电话 100 nz\n杭研\n").ok());
  EXPECT_EQ(seg.Frequency("市长公开电话"), 100);
  EXPECT_EQ(seg.Tag("市长公开电话"), "nz");
  seg.AddWord("大厦", 0);
  EXPECT_EQ(Joined(seg.Cut("他来到了网易杭研大厦")), "他/来到/了/网易/杭研/大/厦");
}

}  // namespace
}  // namespace zb::text
