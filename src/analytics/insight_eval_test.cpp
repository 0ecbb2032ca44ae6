// Detection quality on generated streams with planted signals (generator.h): recall and precision
// per signal type, and false findings on a stream with nothing planted.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "analytics/emerging.h"
#include "analytics/generator.h"
#include "analytics/hot_issues.h"
#include "analytics/message_csv.h"
#include "analytics/periodic.h"
#include "analytics/test_support.h"
#include "analytics/trending.h"

namespace zb::analytics {
namespace {

const std::vector<Ticket>& Templates() {
  static const auto* templates = [] {
    std::ifstream in(testing::SourceDir() + "/data/tipdm2020-sample/attachment2.csv");
    std::stringstream buffer;
    buffer << in.rdbuf();
    return new std::vector<Ticket>(std::move(ParseMessageCsv(buffer.str())->tickets));
  }();
  return *templates;
}

GeneratedStream Generate(int days, int emerging, int hot, uint64_t seed, int trending = 0,
                         int yearly = 0, int weekly = 0) {
  GeneratorOptions o;
  o.days = days;
  o.emerging = emerging;
  o.hot_issues = hot;
  o.trending = trending;
  o.yearly = yearly;
  o.weekly = weekly;
  o.seed = seed;
  return GenerateStream(Templates(), testing::RealCalendar(), o);
}

// Recall and precision of `findings` against `truth` under `match`, printed and checked against
// the issue's bar: recall >= 0.95 and precision >= 0.90 for every type.
template <typename Finding, typename Match>
void Score(const char* what, const std::vector<Finding>& findings,
           const std::vector<PlantedSignal>& truth, Match match) {
  size_t found = 0, correct = 0;
  for (const PlantedSignal& p : truth) {
    bool hit = std::any_of(findings.begin(), findings.end(),
                           [&](const Finding& f) { return match(f, p); });
    found += hit;
    if (!hit) std::printf("missed %s: %s\n", what, p.phrase.c_str());
  }
  for (const Finding& f : findings) {
    bool ok = std::any_of(truth.begin(), truth.end(),
                          [&](const PlantedSignal& p) { return match(f, p); });
    correct += ok;
    if (!ok) std::printf("false %s: %s\n", what, f.name.c_str());
  }
  double recall = truth.empty() ? 1 : double(found) / truth.size();
  double precision = findings.empty() ? 0 : double(correct) / findings.size();
  std::printf("%s: recall %.3f (%zu/%zu) precision %.3f (%zu/%zu)\n", what, recall, found,
              truth.size(), precision, correct, findings.size());
  EXPECT_GE(recall, 0.95) << what;
  EXPECT_GE(precision, 0.90) << what;
}

bool Matches(const EmergingFinding& f, const PlantedSignal& p) {
  if (f.first_day > p.last_day + 7 || f.last_day < p.first_day) return false;
  for (const std::string& name : f.names)
    if (p.phrase.find(name) != std::string::npos) return true;
  return false;
}

TEST(InsightEvalTest, EmergingRecallAndPrecision) {
  GeneratedStream s = Generate(2 * 365, 20, 0, 7);
  Corpus c = BuildCorpus(s.tickets, testing::SharedExtractor());
  auto findings = FindEmerging(c, BuildSeries(c));
  size_t found = 0, correct = 0;
  for (const PlantedSignal& p : s.truth)
    found += std::any_of(findings.begin(), findings.end(),
                         [&](const EmergingFinding& f) { return Matches(f, p); });
  for (const EmergingFinding& f : findings) {
    bool ok = std::any_of(s.truth.begin(), s.truth.end(),
                          [&](const PlantedSignal& p) { return Matches(f, p); });
    correct += ok;
    if (!ok) std::printf("false emerging: %s %s\n", SeriesKindName(f.kind), f.names[0].c_str());
  }
  double recall = double(found) / s.truth.size();
  double precision = findings.empty() ? 0 : double(correct) / findings.size();
  std::printf("emerging: recall %.3f (%zu/%zu) precision %.3f (%zu/%zu)\n", recall, found,
              s.truth.size(), precision, correct, findings.size());
  EXPECT_GE(recall, 0.95);
  EXPECT_GE(precision, 0.90);
}

class HotIssueEval : public ::testing::TestWithParam<uint64_t> {};

TEST_P(HotIssueEval, RecallAndPrecision) {
  GeneratedStream s = Generate(365, 0, 30, GetParam());
  Corpus c = BuildCorpus(s.tickets, testing::SharedExtractor());
  auto issues = FindHotIssues(c);
  auto overlap = [&](const HotIssue& h, const PlantedSignal& p) {
    std::set<std::string> planted(p.ticket_ids.begin(), p.ticket_ids.end());
    size_t shared = 0;
    for (size_t i : h.tickets) shared += planted.count(s.tickets[i].id);
    return 2 * shared >= h.tickets.size() && 2 * shared >= planted.size();
  };
  size_t found = 0, correct = 0;
  for (const PlantedSignal& p : s.truth)
    found +=
        std::any_of(issues.begin(), issues.end(), [&](const HotIssue& h) { return overlap(h, p); });
  for (const HotIssue& h : issues) {
    bool ok = std::any_of(s.truth.begin(), s.truth.end(),
                          [&](const PlantedSignal& p) { return overlap(h, p); });
    correct += ok;
    if (!ok) std::printf("false hot issue: %s (%zu tickets)\n", h.title.c_str(), h.tickets.size());
  }
  double recall = double(found) / s.truth.size();
  double precision = issues.empty() ? 0 : double(correct) / issues.size();
  std::printf("hot issues: recall %.3f (%zu/%zu) precision %.3f (%zu/%zu)\n", recall, found,
              s.truth.size(), precision, correct, issues.size());
  EXPECT_GE(recall, 0.95);
  EXPECT_GE(precision, 0.90);
}

INSTANTIATE_TEST_SUITE_P(Seeds, HotIssueEval, ::testing::Values(11, 12, 13));

TEST(InsightEvalTest, TrendingRecallAndPrecision) {
  GeneratedStream s = Generate(2 * 365, 0, 0, 13, 12);
  Corpus c = BuildCorpus(s.tickets, testing::SharedExtractor());
  auto result = FindTrending(BuildSeries(c));
  Score("trending", result.findings, s.truth, [](const TrendingFinding& f, const PlantedSignal& p) {
    return p.phrase.find(f.name) != std::string::npos && f.rising == p.rising;
  });
}

class PeriodicEval : public ::testing::TestWithParam<uint64_t> {};

TEST_P(PeriodicEval, RecallAndPrecision) {
  GeneratedStream s = Generate(3 * 365, 0, 0, GetParam(), 0, 8, 4);
  Corpus c = BuildCorpus(s.tickets, testing::SharedExtractor());
  auto result = FindPeriodic(BuildSeries(c), testing::RealCalendar());
  Score("periodic", result.findings, s.truth, [](const PeriodicFinding& f, const PlantedSignal& p) {
    if (p.phrase.find(f.name) == std::string::npos) return false;
    if (f.period == Period::kWeek) return p.type == SignalType::kWeekly && f.more_on_rest_days;
    int distance = std::abs(f.peak_month - p.peak_month);
    return p.type == SignalType::kYearly && std::min(distance, 12 - distance) <= 1;
  });
}

INSTANTIATE_TEST_SUITE_P(Seeds, PeriodicEval, ::testing::Values(17, 18));

TEST(InsightEvalTest, SignalFreeThreeYearsAtMostOneFalseFindingAMonth) {
  GeneratedStream s = Generate(3 * 365, 0, 0, 3);
  Corpus c = BuildCorpus(s.tickets, testing::SharedExtractor());
  size_t emerging = FindEmerging(c, BuildSeries(c)).size();
  size_t hot = FindHotIssues(c).size();
  SeriesSet series = BuildSeries(c);
  size_t trending = FindTrending(series).findings.size();
  size_t periodic = FindPeriodic(series, testing::RealCalendar()).findings.size();
  std::printf(
      "signal-free 36 months, %zu tickets: %zu emerging, %zu hot issues, %zu trending, %zu "
      "periodic\n",
      s.tickets.size(), emerging, hot, trending, periodic);
  EXPECT_LE(emerging + hot + trending + periodic, 36u);
}

TEST(InsightEvalTest, ShortAndOddStreams) {
  for (int days : {0, 1, 20}) {
    GeneratedStream s = Generate(days, 3, 2, 5);
    Corpus c = BuildCorpus(s.tickets, testing::SharedExtractor());
    SeriesSet series = BuildSeries(c);
    EXPECT_TRUE(FindEmerging(c, series).empty()) << days;  // too little history
    FindHotIssues(c);
    EXPECT_TRUE(FindTrending(series).findings.empty());
    EXPECT_FALSE(FindTrending(series).note.empty());
    auto periodic = FindPeriodic(series, testing::RealCalendar());
    EXPECT_TRUE(periodic.findings.empty());
    EXPECT_FALSE(periodic.note.empty());
  }
  GeneratedStream s = Generate(100, 0, 0, 5);
  Corpus c = BuildCorpus(s.tickets, testing::SharedExtractor());
  auto periodic = FindPeriodic(BuildSeries(c), testing::RealCalendar());
  EXPECT_NE(periodic.note.find("not enough history to judge periodicity: 3 months"),
            std::string::npos)
      << periodic.note;
}

}  // namespace
}  // namespace zb::analytics
