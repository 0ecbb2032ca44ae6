#include "analytics/findings.h"

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "analytics/generator.h"
#include "analytics/message_csv.h"
#include "analytics/test_support.h"

namespace zb::analytics {
namespace {

FindingRecord Record(FindingType type, std::string key, double score) {
  return {type, std::move(key), "", score, 0, 0};
}

TEST(FindingsTest, NewContinuingAndSubsided) {
  std::vector<FindingRecord> before = {Record(FindingType::kHotIssue, "hot_issue|甲小区", 30),
                                       Record(FindingType::kEmerging, "emerging|term|充电桩", 12)};
  std::vector<FindingRecord> after = {
      Record(FindingType::kEmerging, "emerging|term|充电桩", 9),
      Record(FindingType::kTrending, "trending|term|加装|rising", 6),
      Record(FindingType::kTrending, "trending|term|加装|rising", 5)};
  auto changes = CompareRuns(before, after);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].status, FindingStatus::kContinuing);
  EXPECT_EQ(changes[0].record.score, 9);
  EXPECT_EQ(changes[0].previous_score, 12);
  EXPECT_EQ(changes[1].status, FindingStatus::kNew);  // the repeated key counts once
  EXPECT_EQ(changes[2].status, FindingStatus::kSubsided);
  EXPECT_EQ(changes[2].record.key, "hot_issue|甲小区");
  EXPECT_STREQ(FindingStatusName(changes[2].status), "subsided");
  EXPECT_TRUE(CompareRuns({}, {}).empty());
}

TEST(FindingsTest, KeysNameTheMatterNotTheRun) {
  TrendingFinding up, down;
  up.name = down.name = "加装电梯";
  up.kind = down.kind = SeriesKind::kTerm;
  down.rising = false;
  EXPECT_NE(RecordOf(up).key, RecordOf(down).key);  // a turn is a new finding
  up.p = 1e-6;
  TrendingFinding again;
  again.name = "加装电梯";
  again.kind = SeriesKind::kTerm;
  EXPECT_EQ(RecordOf(up).key, RecordOf(again).key);
  EXPECT_NEAR(RecordOf(up).score, 6, 1e-9);
  PeriodicFinding yearly{SeriesKind::kTerm, "供暖", Period::kYear};
  PeriodicFinding weekly{SeriesKind::kTerm, "供暖", Period::kWeek};
  EXPECT_NE(RecordOf(yearly).key, RecordOf(weekly).key);
  EmergingFinding none;  // no names: still a record, never a crash
  EXPECT_EQ(RecordOf(none).type, FindingType::kEmerging);
}

// Two runs over overlapping periods of one stream: hot issues planted only in the first run's
// period subside, those in both continue, those only in the second are new.
TEST(FindingsTest, HotIssuesAcrossTwoRuns) {
  std::ifstream in(testing::SourceDir() + "/data/tipdm2020-sample/attachment2.csv");
  std::stringstream buffer;
  buffer << in.rdbuf();
  GeneratorOptions o;
  o.days = 365;
  o.hot_issues = 30;
  o.seed = 23;
  GeneratedStream s =
      GenerateStream(ParseMessageCsv(buffer.str())->tickets, testing::RealCalendar(), o);
  int32_t start = DayNumber(o.start);
  auto run = [&](int32_t from, int32_t to) {
    std::vector<Ticket> period;
    for (const Ticket& t : s.tickets)
      if (t.day >= start + from && t.day < start + to) period.push_back(t);
    std::vector<FindingRecord> records;
    for (const HotIssue& h : FindHotIssues(BuildCorpus(period, testing::SharedExtractor())))
      records.push_back(RecordOf(h));
    return records;
  };
  auto changes = CompareRuns(run(0, 200), run(100, 365));
  // The planted site "金银华苑小区" is found as the place 金银华苑; as 杨旺苑 in "和杨旺苑小区" (和
  // is a function character); as 城润新福桃苑 where the message has 城润 before the site.
  auto status_of = [&](const PlantedSignal& p) -> std::optional<FindingStatus> {
    std::string stem = p.phrase.substr(0, p.phrase.size() - std::string("小区").size());
    for (const FindingChange& c : changes) {
      std::string place = c.record.key.substr(c.record.key.find('|') + 1);
      if (!place.empty() &&
          (p.phrase.find(place) != std::string::npos || place.find(stem) != std::string::npos))
        return c.status;
    }
    return std::nullopt;
  };
  size_t checked = 0, found = 0;
  for (const PlantedSignal& p : s.truth) {
    int32_t first = p.first_day - start, last = p.last_day - start;
    std::optional<FindingStatus> expected;
    if (last < 100) expected = FindingStatus::kSubsided;
    if (first >= 100 && last < 200) expected = FindingStatus::kContinuing;
    if (first >= 200) expected = FindingStatus::kNew;
    if (!expected) continue;  // across a boundary: part of it in each period
    ++checked;
    std::optional<FindingStatus> status = status_of(p);
    if (!status) continue;  // not detected (recall is InsightEvalTest's)
    ++found;
    EXPECT_EQ(FindingStatusName(*status), std::string(FindingStatusName(*expected))) << p.phrase;
  }
  EXPECT_GE(checked, 20u);
  EXPECT_GE(found, checked * 9 / 10);
}

}  // namespace
}  // namespace zb::analytics
