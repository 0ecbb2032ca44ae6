#include "api/insight_evidence.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <unordered_map>

#include "analytics/findings.h"

namespace zb::api {

namespace {

using nlohmann::json;
using Member = std::function<bool(size_t)>;

constexpr size_t kRepresentative = 5;

double Round(double v, double unit) {
  return std::isfinite(v) ? std::round(v / unit) * unit : 0;
}

std::string DayText(int32_t day) {
  return FormatDate(analytics::DateOfDay(day));
}

// Whether ticket i belongs to the series (kind, id).
Member SeriesMember(const analytics::Corpus& c, const analytics::Series& s) {
  switch (s.kind) {
    case analytics::SeriesKind::kTerm:
      return [&c, id = s.id](size_t i) {
        auto t = c.TermsOf(i);
        return std::find(t.begin(), t.end(), id) != t.end();
      };
    case analytics::SeriesKind::kCategory:
      return [&c, id = s.id](size_t i) { return c.category_of[i] == id; };
    case analytics::SeriesKind::kDistrict:
      return [&c, id = s.id](size_t i) { return c.district_of[i] == id; };
    case analytics::SeriesKind::kPlace:
      return [&c, id = s.id](size_t i) {
        for (uint32_t p : c.PlacesOf(i)) {
          if (c.place_key[p] == id) return true;
        }
        return false;
      };
  }
  return [](size_t) { return false; };
}

const analytics::Series* FindSeries(const analytics::SeriesSet& set, analytics::SeriesKind kind,
                                    const std::string& name) {
  for (const auto& s : set.series) {
    if (s.kind == kind && s.name == name) return &s;
  }
  return nullptr;
}

// Tickets of `member` received on days [from, to], in corpus order.
std::vector<size_t> Matching(const analytics::Corpus& c, const Member& member, int32_t from,
                             int32_t to) {
  std::vector<size_t> out;
  for (size_t i = 0; i < c.size(); ++i) {
    if (c.day_of[i] >= from && c.day_of[i] <= to && member(i)) out.push_back(i);
  }
  return out;
}

json DailyCounts(const analytics::Corpus& c, const std::vector<size_t>& tickets, int32_t from,
                 int32_t to) {
  std::vector<int64_t> counts(static_cast<size_t>(std::max(0, to - from + 1)), 0);
  for (size_t i : tickets) {
    int32_t d = c.day_of[i];
    if (d >= from && d <= to) ++counts[static_cast<size_t>(d - from)];
  }
  json out = json::array();
  for (size_t k = 0; k < counts.size(); ++k) {
    out.push_back({{"date", DayText(from + static_cast<int32_t>(k))}, {"count", counts[k]}});
  }
  return out;
}

json MonthlyCounts(const analytics::Corpus& c, const std::vector<size_t>& tickets) {
  std::map<std::string, int64_t> months;
  if (c.size() > 0) {
    for (int32_t d = c.first_day; d <= c.last_day; ++d) months[DayText(d).substr(0, 7)];
  }
  for (size_t i : tickets) ++months[DayText(c.day_of[i]).substr(0, 7)];
  json out = json::array();
  for (const auto& [month, n] : months) out.push_back({{"month", month}, {"count", n}});
  return out;
}

// The latest `kRepresentative` of `tickets` (or the first ones when `earliest`).
json Representative(const analytics::Corpus& c, const TicketSide& side,
                    const std::vector<size_t>& tickets, bool earliest = false) {
  json out = json::array();
  size_t n = std::min(kRepresentative, tickets.size());
  for (size_t k = 0; k < n; ++k) {
    size_t i = earliest ? tickets[k] : tickets[tickets.size() - 1 - k];
    json t = {{"number", std::string(c.IdOf(i))},
              {"title", i < side.titles.size() ? side.titles[i] : ""},
              {"date", DayText(c.day_of[i])}};
    store::Id case_id = i < side.case_ids.size() ? side.case_ids[i] : 0;
    t["case_id"] = case_id > 0 ? json(case_id) : json(nullptr);
    out.push_back(std::move(t));
  }
  return out;
}

// The terms weighing most over `tickets`.
json Keywords(const analytics::Corpus& c, const std::vector<size_t>& tickets, size_t k = 5) {
  std::unordered_map<uint32_t, double> weight;
  for (size_t i : tickets) {
    auto terms = c.TermsOf(i);
    auto weights = c.WeightsOf(i);
    for (size_t t = 0; t < terms.size(); ++t) weight[terms[t]] += weights[t];
  }
  std::vector<std::pair<uint32_t, double>> ranked(weight.begin(), weight.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  json out = json::array();
  for (size_t n = 0; n < ranked.size() && n < k; ++n) out.push_back(c.terms[ranked[n].first]);
  return out;
}

json HotIssueEvidence(const analytics::Corpus& c, const TicketSide& side,
                      const analytics::HotIssue& h) {
  return {{"place", h.place},
          {"district", h.district},
          {"keywords", h.keywords},
          {"first_date", DayText(h.first_day)},
          {"last_date", DayText(h.last_day)},
          {"tickets", h.tickets.size()},
          {"callers", h.callers},
          {"likes", h.likes},
          {"growth", Round(h.growth, 0.01)},
          {"daily", DailyCounts(c, h.tickets, h.first_day, h.last_day)},
          {"representative", Representative(c, side, h.tickets)}};
}

json EmergingEvidence(const analytics::Corpus& c, const analytics::SeriesSet& set,
                      const TicketSide& side, const analytics::EmergingFinding& f) {
  json j = {{"series", analytics::SeriesKindName(f.kind)},
            {"keywords", f.names},
            {"first_date", DayText(f.first_day)},
            {"last_date", DayText(f.last_day)},
            {"observed", f.observed},
            {"expected", Round(f.expected, 0.01)},
            {"never_seen", f.never_seen}};
  const analytics::Series* s = f.names.empty() ? nullptr : FindSeries(set, f.kind, f.names.front());
  if (s) {
    Member member = SeriesMember(c, *s);
    int32_t from = std::max(c.first_day, f.first_day - 34);
    std::vector<size_t> all = Matching(c, member, from, c.last_day);
    j["daily"] = DailyCounts(c, all, from, c.last_day);
    j["representative"] = Representative(c, side, Matching(c, member, f.first_day - 6, f.last_day));
    if (f.kind == analytics::SeriesKind::kPlace) j["place"] = f.names.front();
  }
  return j;
}

json TrendingEvidence(const analytics::Corpus& c, const analytics::SeriesSet& set,
                      const TicketSide& side, const analytics::TrendingFinding& f) {
  json weekly = json::array();
  int32_t n = static_cast<int32_t>(f.weekly.size());
  for (int32_t k = 0; k < n; ++k) {
    weekly.push_back({{"week_end", DayText(c.last_day - 7 * (n - 1 - k))},
                      {"count", Round(f.weekly[static_cast<size_t>(k)], 0.1)}});
  }
  json j = {{"series", analytics::SeriesKindName(f.kind)},
            {"name", f.name},
            {"direction", f.rising ? "rising" : "falling"},
            {"slope_per_week", Round(f.slope_per_week, 0.01)},
            {"weekly_mean", Round(f.weekly_mean, 0.01)},
            {"p", f.p},
            {"weekly", weekly}};
  if (const analytics::Series* s = FindSeries(set, f.kind, f.name)) {
    std::vector<size_t> recent =
        Matching(c, SeriesMember(c, *s), c.last_day - 7 * n + 1, c.last_day);
    j["representative"] = Representative(c, side, recent);
    j["keywords"] = Keywords(c, recent);
    if (f.kind == analytics::SeriesKind::kPlace) j["place"] = f.name;
  }
  return j;
}

json PeriodicEvidence(const analytics::Corpus& c, const analytics::SeriesSet& set,
                      const TicketSide& side, const analytics::PeriodicFinding& f) {
  bool yearly = f.period == analytics::Period::kYear;
  json j = {{"series", analytics::SeriesKindName(f.kind)},
            {"name", f.name},
            {"period", yearly ? "year" : "week"},
            {"ratio", Round(f.ratio, 0.01)},
            {"p", f.p}};
  if (yearly) {
    j["peak_month"] = f.peak_month;
    j["next_peak"] = FormatDate(f.next_peak);
    j["expected_at_peak"] = Round(f.expected_at_peak, 0.1);
  } else {
    j["more_on_rest_days"] = f.more_on_rest_days;
  }
  if (const analytics::Series* s = FindSeries(set, f.kind, f.name)) {
    std::vector<size_t> all = Matching(c, SeriesMember(c, *s), c.first_day, c.last_day);
    j["monthly"] = MonthlyCounts(c, all);
    j["representative"] = Representative(c, side, all);
    j["keywords"] = Keywords(c, all);
    if (f.kind == analytics::SeriesKind::kPlace) j["place"] = f.name;
  }
  return j;
}

struct Described {
  analytics::FindingRecord record;
  json evidence;
  int rank = 0;
};

analytics::FindingType TypeOf(const std::string& name) {
  for (auto t : {analytics::FindingType::kHotIssue, analytics::FindingType::kEmerging,
                 analytics::FindingType::kTrending, analytics::FindingType::kPeriodic}) {
    if (name == analytics::FindingTypeName(t)) return t;
  }
  return analytics::FindingType::kHotIssue;
}

}  // namespace

std::vector<store::InsightFinding> DescribeFindings(
    const analytics::Corpus& corpus, const analytics::SeriesSet& series, const Analysis& analysis,
    const TicketSide& side, const std::vector<store::InsightFinding>& previous) {
  std::vector<Described> current;
  auto add = [&](const auto& findings, auto evidence) {
    int rank = 0;
    for (size_t k = 0; k < findings.size() && k < kFindingsPerType; ++k) {
      current.push_back({analytics::RecordOf(findings[k]), evidence(findings[k]), ++rank});
    }
  };
  add(analysis.hot_issues,
      [&](const analytics::HotIssue& h) { return HotIssueEvidence(corpus, side, h); });
  add(analysis.emerging, [&](const analytics::EmergingFinding& f) {
    return EmergingEvidence(corpus, series, side, f);
  });
  add(analysis.trending.findings, [&](const analytics::TrendingFinding& f) {
    return TrendingEvidence(corpus, series, side, f);
  });
  add(analysis.periodic.findings, [&](const analytics::PeriodicFinding& f) {
    return PeriodicEvidence(corpus, series, side, f);
  });

  std::vector<analytics::FindingRecord> before, now;
  std::unordered_map<std::string, const store::InsightFinding*> previous_by_key;
  for (const auto& p : previous) {
    if (p.status == "subsided") continue;  // already gone in the last run
    before.push_back({TypeOf(p.type), p.key, p.title, p.score, 0, 0});
    previous_by_key.emplace(p.key, &p);
  }
  std::unordered_map<std::string, const Described*> current_by_key;
  for (const auto& d : current) {
    now.push_back(d.record);
    current_by_key.emplace(d.record.key, &d);
  }
  std::vector<store::InsightFinding> out;
  for (const analytics::FindingChange& change : analytics::CompareRuns(before, now)) {
    store::InsightFinding f;
    f.type = analytics::FindingTypeName(change.record.type);
    f.key = change.record.key;
    f.status = analytics::FindingStatusName(change.status);
    f.title = change.record.title;
    f.score = Round(change.record.score, 0.01);
    if (change.status != analytics::FindingStatus::kNew) {
      f.previous_score = Round(change.previous_score, 0.01);
    }
    if (change.status == analytics::FindingStatus::kSubsided) {
      const store::InsightFinding* p = previous_by_key.at(change.record.key);
      f.rank = p->rank;
      f.evidence = p->evidence;
    } else {
      const Described* d = current_by_key.at(change.record.key);
      f.rank = d->rank;
      f.evidence = d->evidence;
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace zb::api
