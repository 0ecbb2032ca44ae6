// Incremental insight runs (docs/insight.md): a run takes the features of tickets analysed before
// from the store (insight_ticket_features) and segments only the new or changed ones; it finds
// what a run over freshly read tickets finds; a damaged stored row is reported and redone. And
// the leaders' report by period (insight_period.h): a week's and a month's differ as they should.
#include <gtest/gtest.h>

#include "api/api_fixture.h"
#include "api/insight_api.h"
#include "api/insight_period.h"
#include "api/insight_run.h"
#include "api/text_admin_api.h"
#include "store/insight_store.h"

namespace zb::api {
namespace {

using std::chrono::days;
using std::chrono::hours;

class InsightIncrementalTest : public test_support::ApiFixture {
 protected:
  store::Id Ticket(const std::string& title, const std::string& content, const std::string& phone) {
    cases::CreateRequest req;
    req.kind = "hotline";
    req.title = title;
    req.fields = {{"channel", "phone"},   {"request_type", "complaint"},
                  {"district", "海陵区"}, {"category", "城乡建设/住房保障"},
                  {"phone", phone},       {"content", content}};
    auto id = office_.engine->Create(office_.actor("operator"), req);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  // 40 days of ordinary tickets before the fixture's start and, in the last week, seven callers
  // about sewage at one estate (a hot issue), one a day.
  void History() {
    static const char* const kMatters[][2] = {
        {"咨询社保缴费基数", "市民咨询今年社保缴费基数调整及个人缴费金额"},
        {"公交站台遮阳棚损坏", "站台遮阳棚被大风吹坏，等车乘客无处避雨"},
        {"咨询小孩入学政策", "外地户籍子女在本市就读小学需要哪些材料"},
        {"反映照明灯不亮", "夜间照明灯连续多日不亮，行人出行不便"},
        {"企业拖欠工资", "公司拖欠员工两个月工资，多次讨要无果"},
    };
    start_ = office_.clock.Now();
    for (int day = 40; day >= 1; --day) {
      for (int k = 0; k < 3; ++k) {
        office_.clock.Set(start_ - hours(24 * day) + std::chrono::minutes(30 * k));
        const auto& m = kMatters[(day * 3 + k) % 5];
        Ticket(m[0], m[1], "1390000" + std::to_string(1000 + day * 3 + k));
      }
    }
    for (int k = 0; k < 7; ++k) {
      office_.clock.Set(start_ - hours(24 * (7 - k)) + hours(2));
      hot_.push_back(Ticket("东方花园小区门口污水外溢",
                            "海陵区凤凰路东方花园小区门口污水井堵塞，污水外溢，臭味很大",
                            "1381111000" + std::to_string(k)));
    }
    office_.clock.Set(start_);
  }

  Date DaysBefore(int n) { return ChinaDate(start_ - days(n)); }

  Result<store::Id> Run(Date from, Date to) {
    InsightRequest req;
    req.from = from;
    req.to = to;
    req.actor_id = office_.user("clerk");
    return InsightRunner::Shared().Run(*office_.store, req, office_.clock,
                                       InsightCalendar(*office_.engine));
  }

  std::vector<store::InsightFinding> Findings(store::Id run) {
    auto f = store::ListInsightFindings(*office_.store, run);
    EXPECT_TRUE(f.ok());
    return f.ok() ? *f : std::vector<store::InsightFinding>{};
  }

  Instant start_{};
  std::vector<store::Id> hot_;
};

TEST_F(InsightIncrementalTest, AnIncrementalRunFindsWhatAFullRunFinds) {
  History();
  // Up to three days ago: everything is analysed and kept.
  auto first = Run(DaysBefore(40), DaysBefore(3));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  size_t first_tickets = 3 * 38 + 5;  // days 40..3, five of the sewage tickets
  EXPECT_EQ(InsightRunner::Shared().LastAnalysed(), first_tickets);
  auto kept = store::ListInsightTicketFeatures(*office_.store, analytics::DayNumber(DaysBefore(40)),
                                               analytics::DayNumber(DaysBefore(1)));
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->size(), first_tickets);

  // Up to yesterday: only the last days' tickets are segmented.
  auto incremental = Run(DaysBefore(40), DaysBefore(1));
  ASSERT_TRUE(incremental.ok()) << incremental.status().ToString();
  EXPECT_EQ(InsightRunner::Shared().LastAnalysed(), 3u * 2 + 2);
  EXPECT_EQ(store::GetInsightRun(*office_.store, *incremental)->tickets,
            static_cast<int64_t>(first_tickets + 8));

  // The same period read and analysed afresh, as before runs were incremental.
  auto tickets = InsightRunner::ReadTickets(*office_.store, DaysBefore(40), DaysBefore(1));
  ASSERT_TRUE(tickets.ok());
  InsightRequest req;
  req.from = DaysBefore(40);
  req.to = DaysBefore(1);
  req.actor_id = office_.user("clerk");
  auto full = InsightRunner::Shared().RunOn(*office_.store, req, *tickets, office_.clock,
                                            InsightCalendar(*office_.engine));
  ASSERT_TRUE(full.ok());
  auto a = Findings(*incremental), b = Findings(*full);
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  bool hot = false;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].type, b[i].type);
    EXPECT_EQ(a[i].key, b[i].key);
    EXPECT_EQ(a[i].title, b[i].title);
    EXPECT_EQ(a[i].score, b[i].score);
    EXPECT_EQ(a[i].evidence, b[i].evidence);
    if (a[i].type == "hot_issue" && a[i].evidence["tickets"] == 7) hot = true;
  }
  EXPECT_TRUE(hot) << "the seven sewage tickets are one hot issue";
}

TEST_F(InsightIncrementalTest, AChangedTicketIsAnalysedAgain) {
  History();
  ASSERT_TRUE(Run(DaysBefore(40), DaysBefore(1)).ok());
  ASSERT_TRUE(Run(DaysBefore(40), DaysBefore(1)).ok());
  EXPECT_EQ(InsightRunner::Shared().LastAnalysed(), 0u);  // nothing new
  auto before = store::ListInsightTicketFeatures(*office_.store, 0, 1 << 30);
  // An answer to one of the hot tickets is an event: the case's version moves on.
  cases::ActionRequest answer;
  answer.case_id = hot_[2];
  answer.action = "answer";
  answer.text = "已通知物业疏通";
  answer.set_fields = {{"reply", "已通知物业疏通"}};
  ASSERT_TRUE(office_.engine->Perform(office_.actor("operator"), answer).ok());
  auto run = Run(DaysBefore(40), DaysBefore(1));
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(InsightRunner::Shared().LastAnalysed(), 1u);
  auto after = store::ListInsightTicketFeatures(*office_.store, 0, 1 << 30);
  ASSERT_EQ(after->size(), before->size());
  for (const auto& row : *after) {
    if (row.case_id == hot_[2]) {
      EXPECT_EQ(row.version, office_.store->GetCase(hot_[2])->version);
    }
  }
}

TEST_F(InsightIncrementalTest, ADamagedStoredRowIsReportedAndAnalysedAgain) {
  History();
  auto first = Run(DaysBefore(40), DaysBefore(1));
  ASSERT_TRUE(first.ok());
  auto rows = store::ListInsightTicketFeatures(*office_.store, 0, 1 << 30);
  ASSERT_TRUE(rows.ok());
  store::InsightTicketFeatures good;
  for (const auto& row : *rows) {
    if (row.case_id == hot_[0]) good = row;
  }
  ASSERT_EQ(good.case_id, hot_[0]);
  store::InsightTicketFeatures bad = good;
  bad.features = good.features.substr(0, good.features.find('\x1e'));  // cut after a term
  ASSERT_TRUE(store::SaveInsightTicketFeatures(*office_.store, {bad}).ok());

  auto run = Run(DaysBefore(40), DaysBefore(1));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(InsightRunner::Shared().LastAnalysed(), 1u);
  auto stored = store::GetInsightRun(*office_.store, *run);
  EXPECT_EQ(stored->tickets, static_cast<int64_t>(rows->size()));
  EXPECT_NE(stored->notes.dump().find("分析特征存档已损坏"), std::string::npos) << stored->notes;
  // The row is whole again, and the finding is what it was.
  for (const auto& row : *store::ListInsightTicketFeatures(*office_.store, 0, 1 << 30)) {
    if (row.case_id == hot_[0]) {
      EXPECT_EQ(row.features, good.features);
    }
  }
  auto a = Findings(*first), b = Findings(*run);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].evidence, b[i].evidence);
}

// A ticket's stored features are segmented with the office's dictionary of the time: after an
// administrator adds a word, the next run analyses every ticket of its period again (and says
// so), and the run after it none.
TEST_F(InsightIncrementalTest, ADictionaryChangeAnalysesTheStoredTicketsAgain) {
  History();
  ASSERT_TRUE(Run(DaysBefore(40), DaysBefore(1)).ok());
  size_t tickets = InsightRunner::Shared().LastAnalysed();
  ASSERT_EQ(tickets, 3u * 40 + 7);
  ASSERT_TRUE(Run(DaysBefore(40), DaysBefore(1)).ok());
  EXPECT_EQ(InsightRunner::Shared().LastAnalysed(), 0u);

  store::DictionaryWord word;
  word.word = "东方花园小区";
  word.added_by = office_.user("admin");
  word.added_at = office_.clock.Now();
  ASSERT_TRUE(office_.store->WriteDictionaryWords({&word, 1}, {}, std::nullopt).ok());
  ASSERT_TRUE(ReloadOfficeDictionary(*office_.store).ok());
  std::string tag;
  ASSERT_TRUE(OfficeSegmenter(&tag));
  EXPECT_NE(tag, "0");
  auto run = Run(DaysBefore(40), DaysBefore(1));
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(InsightRunner::Shared().LastAnalysed(), tickets);
  auto stored = store::GetInsightRun(*office_.store, *run);
  EXPECT_NE(stored->notes.dump().find("按修改后的分词词典重新分析"), std::string::npos)
      << stored->notes;
  for (const auto& row : *store::ListInsightTicketFeatures(*office_.store, 0, 1 << 30)) {
    EXPECT_FALSE(StampedLine(row.features, tag).empty()) << row.case_id;
  }
  ASSERT_TRUE(Run(DaysBefore(40), DaysBefore(1)).ok());
  EXPECT_EQ(InsightRunner::Shared().LastAnalysed(), 0u);
}

TEST(InsightFeatureStampTest, ReadsTheLineOfItsOwnDictionaryOnly) {
  const std::string line = std::string("f1\x1f") + "7";  // features separated by U+001F
  std::string stored = StampFeatures("a1b2", line);
  EXPECT_EQ(StampedLine(stored, "a1b2"), line);
  EXPECT_EQ(StampedLine(stored, "0"), "");
  EXPECT_EQ(StampedLine(stored), line);      // any dictionary (the report's counts)
  EXPECT_EQ(StampedLine(line, "a1b2"), "");  // a row from before the tags
  EXPECT_EQ(StampedLine(line), line);
}

// Three matters at three estates: 幸福里小区 (days 24–20 before the start: over before the last
// month's last week), 金港花园 (days 12–9 and 3: in the week before last and the last week) and
// 东方花园 (days 7–1: the last week). Daily runs up to days 15, 8 and 1 before the start.
TEST_F(InsightIncrementalTest, AWeeklyAndAMonthlyReportCoverTheirPeriods) {
  History();
  auto matter = [&](const char* place, std::vector<int> days, const char* phone) {
    for (size_t k = 0; k < days.size(); ++k) {
      office_.clock.Set(start_ - hours(24 * days[k]) + hours(3));
      Ticket(
          std::string(place) + "电梯故障困人",
          std::string("海陵区") + place + "电梯经常故障停运，多次困人，老人上下楼困难，物业不维修",
          std::string(phone) + std::to_string(k));
    }
    office_.clock.Set(start_);
  };
  matter("幸福里小区", {24, 23, 22, 21, 20}, "1372222000");
  matter("金港花园", {12, 11, 10, 9, 3}, "1373333000");
  for (int to : {15, 8, 1}) {
    InsightRequest req;
    req.kind = "daily";
    req.to = DaysBefore(to);
    req.from = DaysBefore(to + 39);
    req.actor_id = office_.user("clerk");
    ASSERT_TRUE(InsightRunner::Shared()
                    .Run(*office_.store, req, office_.clock, InsightCalendar(*office_.engine))
                    .ok());
  }
  auto latest = store::ListInsightRuns(*office_.store, 1, "daily", true);
  ASSERT_EQ(latest->size(), 1u);
  auto week = BuildPeriodReport(*office_.store, "week", latest->front());
  auto month = BuildPeriodReport(*office_.store, "month", latest->front());
  ASSERT_TRUE(week.ok() && month.ok());
  // 2026-03-01 is the last day: the week from 2026-02-23, the month from 2026-02-02.
  EXPECT_EQ(FormatDate(week->from), "2026-02-23");
  EXPECT_EQ(FormatDate(week->previous_from), "2026-02-16");
  EXPECT_EQ(FormatDate(month->from), "2026-02-02");
  EXPECT_EQ(FormatDate(month->previous_from), "2026-01-02");
  EXPECT_EQ(week->runs, 1);
  EXPECT_EQ(month->runs, 3);
  auto status = [](const InsightReport& r, const std::string& place) {
    std::string found;
    for (const auto& f : r.findings) {
      if (f.type == "hot_issue" && f.title.find(place) != std::string::npos) found += f.status;
    }
    return found.empty() ? std::string("absent") : found;
  };
  EXPECT_EQ(status(*week, "东方花园"), "new");
  EXPECT_EQ(status(*week, "金港花园"), "continuing");  // in last week's run too
  EXPECT_EQ(status(*week, "幸福里"), "absent");        // over before the week before
  EXPECT_EQ(status(*month, "东方花园"), "new");
  EXPECT_EQ(status(*month, "金港花园"), "new");  // no run in January found it
  EXPECT_EQ(status(*month, "幸福里"), "subsided");
  // Counts over the period and the one before, from the analysed tickets: three ordinary
  // tickets a day, and the matters' tickets.
  auto tickets = [](int first, int last, int extra) {
    return int64_t(3 * (first - last + 1) + extra);
  };
  EXPECT_EQ(week->total.count, tickets(7, 1, 7 + 1));
  EXPECT_EQ(week->total.previous, tickets(14, 8, 4));
  EXPECT_EQ(month->total.count, tickets(28, 1, 7 + 5 + 5));
  EXPECT_EQ(month->total.previous, tickets(40, 29, 0));  // the history starts 40 days back
  ASSERT_FALSE(week->districts.empty());
  EXPECT_EQ(week->districts[0].name, "海陵区");
  // The documents say so.
  week->date = month->date = "2026年3月2日";
  auto text = [](const supervision::Bulletin& b) {
    std::string all = b.title;
    for (const auto& s : b.sections) {
      for (const auto& p : s.paragraphs) all += p;
    }
    return all;
  };
  std::string w = text(InsightReportDocument(*week)), m = text(InsightReportDocument(*month));
  EXPECT_NE(w.find("周报（2月23日至3月1日）"), std::string::npos) << w;
  EXPECT_NE(m.find("月报（2月2日至3月1日）"), std::string::npos) << m;
  EXPECT_NE(w.find("受理市长公开电话工单 29 件，上周（2月16日至2月22日）25 件，较上期增加 4 件"),
            std::string::npos)
      << w;
  EXPECT_NE(m.find("幸福里小区"), std::string::npos);
  EXPECT_EQ(w.find("幸福里小区"), std::string::npos);
}

}  // namespace
}  // namespace zb::api
