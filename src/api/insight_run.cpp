#include "api/insight_run.h"

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "analytics/corpus.h"
#include "analytics/series.h"
#include "analytics/ticket_features.h"
#include "api/insight_evidence.h"
#include "api/text_admin_api.h"
#include "hotline/system_user.h"
#include "text/keywords.h"
#include "text/segmenter.h"

namespace zb::api {

namespace {

using nlohmann::json;

// CPU milliseconds this process has used (all threads), for the run's log line.
int64_t CpuMillis() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000 +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000;
}

int32_t Day(Date d) {
  return analytics::DayNumber(d);
}

std::string FieldText(const store::CaseRecord& c, const char* name) {
  auto it = c.fields.find(name);
  return it != c.fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json Note(const std::string& zh, const std::string& en) {
  return {{"message", zh}, {"message_en", en}};
}

// Why a detector judged nothing, in both languages.
json Notes(const analytics::Corpus& corpus, const Analysis& a) {
  json notes = json::array();
  int days = corpus.size() == 0 ? 0 : corpus.days();
  analytics::EmergingOptions eo;
  if (days < eo.window_days + eo.min_baseline_days) {
    notes.push_back(
        Note("历史数据不足 " + std::to_string(eo.window_days + eo.min_baseline_days) +
                 " 天（现有 " + std::to_string(days) + " 天），无法判断苗头性问题",
             "not enough history to judge emerging problems: " + std::to_string(days) + " days"));
  }
  // The detectors' notes read "中文 / English".
  for (const std::string* note : {&a.trending.note, &a.periodic.note}) {
    if (note->empty()) continue;
    size_t cut = note->find(" / ");
    if (cut == std::string::npos) {
      notes.push_back(Note(*note, *note));
    } else {
      notes.push_back(Note(note->substr(0, cut), note->substr(cut + 3)));
    }
  }
  return notes;
}

}  // namespace

int RecentDays(const std::string& kind) {
  if (kind == "daily" || kind == "weekly") return 7;
  if (kind == "monthly") return 31;
  return 0;
}

Status CheckInsightPeriod(Date from, Date to, Date today) {
  if (!from.ok() || !to.ok()) return Invalid("日期无效", "invalid date");
  if (to < from) return Invalid("结束日期应不早于开始日期", "to must not be before from");
  if (to > today) {
    return Invalid("不能分析未来的日期：" + FormatDate(to) + "（今天是 " + FormatDate(today) + "）",
                   "cannot analyse dates in the future: " + FormatDate(to) + " (today is " +
                       FormatDate(today) + ")");
  }
  if (Day(to) - Day(from) + 1 > kMaxRunDays) {
    return Invalid("分析期间最长 " + std::to_string(kMaxRunDays) + " 天",
                   "a run covers at most " + std::to_string(kMaxRunDays) + " days");
  }
  return Status();
}

namespace {
constexpr char kStampEnd = '\x1c';  // FS: not in a line, whose control characters become spaces
}  // namespace

std::string StampFeatures(std::string_view dictionary_tag, std::string_view line) {
  std::string out(dictionary_tag);
  out += kStampEnd;
  out += line;
  return out;
}

std::string_view StampedLine(std::string_view stored, std::string_view dictionary_tag) {
  size_t end = stored.find(kStampEnd);
  if (end == std::string_view::npos) return dictionary_tag.empty() ? stored : std::string_view();
  if (!dictionary_tag.empty() && stored.substr(0, end) != dictionary_tag) return {};
  return stored.substr(end + 1);
}

struct InsightRunner::Engine {
  std::shared_ptr<const text::Segmenter> segmenter;  // the office's words, or jieba's alone
  std::string dictionary_tag;                        // OfficeSegmenter's tag of those words
  text::IdfTable idf;
  analytics::TermExtractor extractor;
  Engine(std::shared_ptr<const text::Segmenter> s, std::string tag, text::IdfTable i)
      : segmenter(std::move(s)),
        dictionary_tag(std::move(tag)),
        idf(std::move(i)),
        extractor(*segmenter, idf) {}
};

InsightRunner::InsightRunner(std::string dict_dir)
    : dict_dir_(dict_dir.empty() ? text::DefaultJiebaDir() : dict_dir) {}

InsightRunner& InsightRunner::Shared() {
  static InsightRunner runner;
  return runner;
}

InsightRunner::~InsightRunner() = default;

Status InsightRunner::Load() {
  // The segmenter with the office's dictionary (api/text_admin_api.h); after an edit of the
  // dictionary the next run takes the new one.
  std::string tag = "0";
  std::shared_ptr<const text::Segmenter> office = OfficeSegmenter(&tag);
  if (engine_ && (!office || engine_->segmenter == office)) return Status();
  if (!office) {
    ZB_ASSIGN_OR_RETURN(auto own, text::Segmenter::Load(dict_dir_));
    office = std::make_shared<const text::Segmenter>(std::move(own));
    tag = "0";
  }
  ZB_ASSIGN_OR_RETURN(auto idf, text::IdfTable::LoadFromJiebaDir(dict_dir_));
  engine_ = std::make_unique<Engine>(std::move(office), std::move(tag), std::move(idf));
  return Status();
}

namespace {

InsightTicket ToTicket(store::CaseRecord& c) {
  InsightTicket t;
  t.case_id = c.id;
  t.version = c.version;
  t.ticket.id = std::to_string(c.id);
  t.ticket.title = std::move(c.title);
  t.ticket.content = FieldText(c, "content");
  std::string category = FieldText(c, "category");
  t.ticket.category = category.substr(0, category.find('/'));
  t.ticket.district = FieldText(c, "district");
  t.ticket.caller = FieldText(c, "phone");
  t.ticket.day = Day(ChinaDate(c.created_at));
  return t;
}

int64_t MillisSince(std::chrono::steady_clock::time_point began) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               began)
      .count();
}

}  // namespace

struct InsightRunner::Prepared {
  analytics::Corpus corpus;
  TicketSide side;
  json notes = json::array();  // besides the detectors'
  std::chrono::steady_clock::time_point began;
  int64_t cpu = 0;
  Instant started{};
};

Result<std::vector<InsightTicket>> InsightRunner::ReadTickets(store::Store& store, Date from,
                                                              Date to) {
  store::CaseQuery q;
  q.kind = "hotline";
  q.sort = store::SortOrder::kCreatedDesc;
  q.limit = 500;
  Instant begin = ChinaMidnight(from);
  Instant end = ChinaMidnight(Date{std::chrono::sys_days(to) + std::chrono::days{1}});
  std::vector<InsightTicket> out;
  ZB_RETURN_IF_ERROR(store::ForEachCase(store, q, [&](store::CaseRecord& c) {
    if (c.created_at < begin) return false;  // newest first: the rest are older
    if (c.created_at >= end) return true;
    out.push_back(ToTicket(c));
    return true;
  }));
  std::reverse(out.begin(), out.end());
  return out;
}

Result<std::vector<store::InsightTicketFeatures>> InsightRunner::Analyse(
    store::Store& store, const std::vector<store::Id>& ids, Date from, Date to) {
  // One by one: reading a case by its id costs the same however many there are (paging through
  // the whole list in creation order grows faster than the list on SQLite).
  std::vector<InsightTicket> tickets;
  tickets.reserve(ids.size());
  for (store::Id id : ids) {
    auto c = store.GetCase(id);
    if (!c.ok()) {
      if (c.status().code() == ErrorCode::kNotFound) continue;
      return c.status();
    }
    InsightTicket t = ToTicket(*c);
    if (t.ticket.day >= Day(from) && t.ticket.day <= Day(to)) tickets.push_back(std::move(t));
  }
  analytics::CorpusBuilder builder(engine_->extractor);
  std::vector<std::string> titles;
  for (InsightTicket& t : tickets) {
    titles.push_back(t.ticket.title);
    builder.Add(std::move(t.ticket));
  }
  analytics::Corpus corpus = builder.Finish();
  std::vector<store::InsightTicketFeatures> rows;
  rows.reserve(tickets.size());
  for (size_t i = 0; i < tickets.size(); ++i) {
    rows.push_back({tickets[i].case_id, corpus.day_of[i], tickets[i].version,
                    StampFeatures(engine_->dictionary_tag,
                                  analytics::EncodeTicketFeatures(corpus, i, titles[i]))});
  }
  return rows;
}

Result<size_t> InsightRunner::PrepareFeatures(store::Store& store, Date from, Date to) {
  std::lock_guard lock(mu_);
  ZB_RETURN_IF_ERROR(Load());
  Instant end = ChinaMidnight(Date{std::chrono::sys_days(to) + std::chrono::days{1}});
  ZB_ASSIGN_OR_RETURN(auto stale,
                      store::ListUnanalysedInsightTickets(store, ChinaMidnight(from), end));
  ZB_ASSIGN_OR_RETURN(auto fresh, Analyse(store, stale, from, to));
  ZB_RETURN_IF_ERROR(store::SaveInsightTicketFeatures(store, fresh));
  return fresh.size();
}

Result<store::Id> InsightRunner::Run(store::Store& store, const InsightRequest& req,
                                     const Clock& clock,
                                     const calendar::WorkingCalendar& calendar) {
  ZB_RETURN_IF_ERROR(CheckInsightPeriod(req.from, req.to, ChinaDate(clock.Now())));
  std::lock_guard lock(mu_);
  Prepared p;
  p.began = std::chrono::steady_clock::now();
  p.cpu = CpuMillis();
  p.started = clock.Now();
  ZB_RETURN_IF_ERROR(Load());
  int64_t load_ms = MillisSince(p.began);
  Instant begin = ChinaMidnight(req.from);
  Instant end = ChinaMidnight(Date{std::chrono::sys_days(req.to) + std::chrono::days{1}});
  ZB_ASSIGN_OR_RETURN(auto stale, store::ListUnanalysedInsightTickets(store, begin, end));
  ZB_ASSIGN_OR_RETURN(auto rows,
                      store::ListInsightTicketFeatures(store, Day(req.from), Day(req.to)));
  std::unordered_set<store::Id> changed(stale.begin(), stale.end());
  std::erase_if(rows, [&](const auto& r) { return changed.count(r.case_id) > 0; });
  // Features segmented with another dictionary (the office's words changed since) are made again.
  size_t other_dictionary = 0;
  std::erase_if(rows, [&](const auto& r) {
    if (!StampedLine(r.features, engine_->dictionary_tag).empty()) return false;
    stale.push_back(r.case_id);
    ++other_dictionary;
    return true;
  });
  if (other_dictionary > 0) {
    p.notes.push_back(Note(std::to_string(other_dictionary) + " 件工单按修改后的分词词典重新分析",
                           std::to_string(other_dictionary) +
                               " tickets were analysed again with the changed dictionary"));
  }
  int64_t read_ms = MillisSince(p.began) - load_ms;
  ZB_ASSIGN_OR_RETURN(auto fresh, Analyse(store, stale, req.from, req.to));
  int64_t analyse_ms = MillisSince(p.began) - load_ms - read_ms;
  ZB_RETURN_IF_ERROR(store::SaveInsightTicketFeatures(store, fresh));
  size_t analysed = fresh.size(), stored = rows.size();
  rows.insert(rows.end(), std::make_move_iterator(fresh.begin()),
              std::make_move_iterator(fresh.end()));
  // Day order, then the order the cases came in, as a run over freshly read tickets.
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.day != b.day ? a.day < b.day : a.case_id < b.case_id;
  });
  std::vector<store::Id> corrupted;
  for (int pass = 0; pass < 2; ++pass) {
    analytics::FeatureCorpusBuilder builder;
    p.side = TicketSide();
    corrupted.clear();
    std::string title;
    for (const auto& r : rows) {
      if (builder.Add(StampedLine(r.features, engine_->dictionary_tag), &title)) {
        p.side.titles.push_back(std::move(title));
        p.side.case_ids.push_back(r.case_id);
      } else {
        corrupted.push_back(r.case_id);
      }
    }
    p.corpus = builder.Finish();
    if (corrupted.empty() || pass == 1) break;
    // A stored row that cannot be read: said so, and the ticket analysed again.
    spdlog::warn("insight: {} stored ticket features could not be read; analysing again",
                 corrupted.size());
    p.notes.push_back(
        Note(std::to_string(corrupted.size()) + " 件工单的分析特征存档已损坏，已重新分析",
             "the stored features of " + std::to_string(corrupted.size()) +
                 " tickets were damaged; they were analysed again"));
    ZB_ASSIGN_OR_RETURN(auto redone, Analyse(store, corrupted, req.from, req.to));
    ZB_RETURN_IF_ERROR(store::SaveInsightTicketFeatures(store, redone));
    std::unordered_map<store::Id, std::string> by_case;
    for (auto& r : redone) by_case[r.case_id] = std::move(r.features);
    for (auto& r : rows) {
      if (auto it = by_case.find(r.case_id); it != by_case.end()) r.features = it->second;
    }
    analysed += redone.size();
  }
  last_analysed_ = analysed;
  spdlog::info(
      "insight: {} tickets ({} stored, {} analysed now) ready in {} ms (segmenter {} ms, listing "
      "{} ms, analysing {} ms)",
      p.corpus.size(), stored, analysed, MillisSince(p.began), load_ms, read_ms, analyse_ms);
  if (p.corpus.size() == 0) {
    return Invalid("所选期间（" + FormatDate(req.from) + " 至 " + FormatDate(req.to) +
                       "）没有热线工单，未进行分析",
                   "no hotline tickets from " + FormatDate(req.from) + " to " + FormatDate(req.to) +
                       "; nothing was analysed");
  }
  return Detect(store, req, std::move(p), clock, calendar);
}

Result<store::Id> InsightRunner::RunOn(store::Store& store, const InsightRequest& req,
                                       std::vector<InsightTicket> tickets, const Clock& clock,
                                       const calendar::WorkingCalendar& calendar) {
  std::lock_guard lock(mu_);
  Prepared p;
  p.began = std::chrono::steady_clock::now();
  p.cpu = CpuMillis();
  p.started = clock.Now();
  ZB_RETURN_IF_ERROR(Load());
  // Tickets outside the period are not analysed; the rest in day order.
  std::erase_if(tickets, [&](const InsightTicket& t) {
    return t.ticket.day < Day(req.from) || t.ticket.day > Day(req.to);
  });
  std::stable_sort(tickets.begin(), tickets.end(),
                   [](const auto& a, const auto& b) { return a.ticket.day < b.ticket.day; });
  analytics::CorpusBuilder builder(engine_->extractor);
  for (InsightTicket& t : tickets) {
    p.side.titles.push_back(t.ticket.title);
    p.side.case_ids.push_back(t.case_id);
    builder.Add(std::move(t.ticket));
  }
  p.corpus = builder.Finish();
  return Detect(store, req, std::move(p), clock, calendar);
}

Result<store::Id> InsightRunner::Detect(store::Store& store, const InsightRequest& req, Prepared p,
                                        const Clock& clock,
                                        const calendar::WorkingCalendar& calendar) {
  const analytics::Corpus& corpus = p.corpus;
  Analysis analysis;
  analytics::SeriesSet series;
  if (corpus.size() > 0) {
    series = analytics::BuildSeries(corpus);
    analysis.hot_issues = analytics::FindHotIssues(corpus);
    analysis.emerging = analytics::FindEmerging(corpus, series);
    analysis.trending = analytics::FindTrending(series);
    analysis.periodic = analytics::FindPeriodic(series, calendar);
    // A scheduled run reports the hot issues and emerging problems still active at its end.
    if (int recent = RecentDays(req.kind); recent > 0) {
      int32_t since = Day(req.to) - recent + 1;
      std::erase_if(analysis.hot_issues, [&](const auto& h) { return h.last_day < since; });
      std::erase_if(analysis.emerging, [&](const auto& f) { return f.last_day < since; });
    }
  }
  // Compared with the last run of the same kind.
  std::vector<store::InsightFinding> previous;
  ZB_ASSIGN_OR_RETURN(auto last, store::ListInsightRuns(store, 1, req.kind, true));
  if (!last.empty()) {
    ZB_ASSIGN_OR_RETURN(previous, store::ListInsightFindings(store, last.front().id));
  }
  store::InsightRun run;
  run.kind = req.kind;
  run.period_from = req.from;
  run.period_to = req.to;
  run.actor_id = req.actor_id;
  run.started_at = p.started;
  run.finished_at = clock.Now();
  run.tickets = static_cast<int64_t>(corpus.size());
  run.status = "done";
  run.source = req.source;
  run.notes = Notes(corpus, analysis);
  for (json& note : p.notes) run.notes.push_back(std::move(note));
  if (corpus.size() == 0) {
    run.notes.push_back(Note("所选期间没有热线工单", "no hotline tickets in the period"));
  }
  auto findings = DescribeFindings(corpus, series, analysis, p.side, previous);
  store::AuditEntry audit;
  audit.at = run.finished_at;
  audit.actor_id = req.actor_id;
  audit.request_id = req.request_id;
  int64_t counts[4] = {0, 0, 0, 0};
  for (const auto& f : findings) {
    if (f.status == "subsided") continue;
    counts[f.type == "hot_issue" ? 0 : f.type == "emerging" ? 1 : f.type == "trending" ? 2 : 3]++;
  }
  audit.detail = {
      {"kind", req.kind},       {"from", FormatDate(req.from)}, {"to", FormatDate(req.to)},
      {"tickets", run.tickets}, {"source", req.source},         {"hot_issue", counts[0]},
      {"emerging", counts[1]},  {"trending", counts[2]},        {"periodic", counts[3]}};
  auto saved = store::SaveInsightRun(store, run, findings, std::move(audit));
  spdlog::info("insight: {} run over {} tickets in {} ms ({} ms CPU), {} findings", req.kind,
               run.tickets, MillisSince(p.began), CpuMillis() - p.cpu, findings.size());
  return saved;
}

Result<store::Id> InsightSystemUser(store::Store& store, Instant now) {
  auto existing = store.FindUserByName("system");
  if (existing.ok()) return existing->id;
  return hotline::EnsureSystemUser(store, "system", "系统", now);
}

Result<store::Id> InsightDaily::RunDueDaily(Instant now) {
  Date today = ChinaDate(now);
  Date yesterday{std::chrono::sys_days(today) - std::chrono::days{1}};
  // Due at 01:00 China time, covering yesterday.
  Instant due = ChinaMidnight(today) + std::chrono::hours(1);
  if (now < due) return store::Id{0};
  std::string key = FormatDate(yesterday);
  auto done = [&]() -> Result<bool> {
    ZB_ASSIGN_OR_RETURN(auto last, store::ListInsightRuns(store_, 1, "daily", true));
    return !last.empty() && last.front().period_to >= yesterday;
  };
  ZB_ASSIGN_OR_RETURN(bool already, done());
  if (already) return store::Id{0};
  ZB_RETURN_IF_ERROR(store_.ScheduleJob(kJob, key, due));
  ZB_ASSIGN_OR_RETURN(auto job, store_.ClaimJob(kJob, worker_, now, std::chrono::minutes(10)));
  if (!job) return store::Id{0};
  store::Id id = 0;
  // Another worker may have run it between the look above and the claim.
  ZB_ASSIGN_OR_RETURN(already, done());
  if (!already && job->key == key) {
    ZB_ASSIGN_OR_RETURN(store::Id actor, InsightSystemUser(store_, now));
    InsightRequest req;
    req.kind = "daily";
    req.to = yesterday;
    req.from = Date{std::chrono::sys_days(yesterday) - std::chrono::days{window_days_ - 1}};
    req.actor_id = actor;
    req.request_id = std::string(kJob) + ":" + key;
    auto run = runner_.Run(store_, req, clock_, calendar_);
    if (run.ok()) {
      id = *run;
    } else if (run.status().code() != ErrorCode::kInvalidArgument) {
      return run.status();  // the job's lease expires and it is tried again
    } else {
      spdlog::info("insight daily run for {}: {}", key, run.status().ToString());
    }
  }
  ZB_RETURN_IF_ERROR(store_.CompleteJob(job->id, worker_, clock_.Now()));
  return id;
}

void InsightDaily::Start() {
  thread_ = std::thread([this] { Loop(); });
}

void InsightDaily::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void InsightDaily::Loop() {
  for (;;) {
    auto run = RunDueDaily(clock_.Now());
    if (!run.ok()) spdlog::warn("insight daily run: {}", run.status().ToString());
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::minutes(5), [this] { return stopping_; });
    if (stopping_) return;
  }
}

}  // namespace zb::api
