// Runs of hotline insight over stored tickets (docs/insight.md): the hotline tickets received in
// a period are read from the store, analysed (src/analytics/), and the findings stored with their
// status against the last run of the same kind and an audit record naming the run's actor.
// On demand over any period (the API), and daily by a job claimed through the store, so that of
// several nodes exactly one runs each day's update.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "analytics/ticket.h"
#include "calendar/working_calendar.h"
#include "store/insight_store.h"

namespace zb::api {

struct InsightRequest {
  std::string kind = "on_demand";  // daily | weekly | monthly | on_demand
  Date from{}, to{};               // China dates, both included
  store::Id actor_id = 0;
  std::string request_id;
  std::string source = "hotline";
};

// A ticket to analyse and the case it is (0 for a synthetic one).
struct InsightTicket {
  analytics::Ticket ticket;
  store::Id case_id = 0;
  int64_t version = 0;  // the case's version when read
};

// The longest period one run may cover.
inline constexpr int kMaxRunDays = 3 * 366;

// Hot issues and emerging problems of a run of this kind are those still active in its last
// RecentDays(kind) days (daily and weekly: 7, monthly: 31); an on-demand run reports every one in
// its period (0). Trending and periodic problems are judged over the whole period.
int RecentDays(const std::string& kind);

// InvalidArgument, in both languages, for a period that cannot be analysed: from after to, to
// after `today` (the future has no tickets yet), longer than kMaxRunDays.
Status CheckInsightPeriod(Date from, Date to, Date today);

// Stored ticket features (insight_ticket_features) are "<dictionary tag> FS <line>": the tag of
// the office dictionary they were segmented with (OfficeSegmenter), then the line of
// analytics/ticket_features.h. After the dictionary changes, a run analyses its tickets again.
std::string StampFeatures(std::string_view dictionary_tag, std::string_view line);
// The line of stored features made with `dictionary_tag`, or empty (another dictionary, or a row
// from before tags); with no tag given, the line whatever the dictionary.
std::string_view StampedLine(std::string_view stored, std::string_view dictionary_tag = {});

class InsightRunner {
 public:
  // Jieba's data is loaded from `dict_dir` (default: text::DefaultJiebaDir()) on the first run.
  explicit InsightRunner(std::string dict_dir = "");
  ~InsightRunner();
  // One runner for the process (the segmenter's data is large).
  static InsightRunner& Shared();

  // Runs over the hotline tickets created in [from, to]. Only the tickets not analysed before
  // (or changed since) are read and segmented; the others' features come from the store
  // (insight_ticket_features), and a stored row that cannot be read is reported in the run's
  // notes and the ticket analysed again. InvalidArgument for a bad period or one without tickets
  // (no run is written then).
  // `calendar` classes days for the weekly periodicity.
  Result<store::Id> Run(store::Store& store, const InsightRequest& req, const Clock& clock,
                        const calendar::WorkingCalendar& calendar);
  // Runs on the given tickets (e.g. the demo's synthetic history).
  Result<store::Id> RunOn(store::Store& store, const InsightRequest& req,
                          std::vector<InsightTicket> tickets, const Clock& clock,
                          const calendar::WorkingCalendar& calendar);

  // Analyses and stores the features of the hotline tickets created in [from, to] that have none
  // yet (or changed since), without a run: the leaders' report counts the tickets of its period
  // from them. A derived cache, like a run's. Returns how many were analysed.
  Result<size_t> PrepareFeatures(store::Store& store, Date from, Date to);

  // How many tickets the last Run analysed (segmented) rather than took from the store.
  size_t LastAnalysed() const { return last_analysed_; }

  // The hotline tickets created in [from, to], oldest first.
  static Result<std::vector<InsightTicket>> ReadTickets(store::Store& store, Date from, Date to);

 private:
  struct Engine;
  struct Prepared;
  Status Load();
  // The features of the given cases, analysed now (those no longer in [from, to] left out).
  Result<std::vector<store::InsightTicketFeatures>> Analyse(store::Store& store,
                                                            const std::vector<store::Id>& ids,
                                                            Date from, Date to);
  // Detects, compares with the last run of the kind and stores the run; mu_ held.
  Result<store::Id> Detect(store::Store& store, const InsightRequest& req, Prepared prepared,
                           const Clock& clock, const calendar::WorkingCalendar& calendar);

  std::string dict_dir_;
  std::mutex mu_;  // one run at a time; guards engine_
  std::unique_ptr<Engine> engine_;
  std::atomic<size_t> last_analysed_{0};
};

// The daily update: at 01:00 China time a job "insight_daily" keyed by the date it covers
// (yesterday) is scheduled and claimed through the store; the claimer runs it over the
// `window_days` days up to yesterday, as the system user, unless a daily run for that date is
// already stored. Tests call RunDueDaily with an injected instant and never sleep.
class InsightDaily {
 public:
  static constexpr const char* kJob = "insight_daily";

  InsightDaily(InsightRunner& runner, store::Store& store, const Clock& clock,
               const calendar::WorkingCalendar& calendar, std::string worker, int window_days = 730)
      : runner_(runner),
        store_(store),
        calendar_(calendar),
        clock_(clock),
        worker_(std::move(worker)),
        window_days_(window_days) {}
  ~InsightDaily() { Stop(); }

  // Schedules and, if this worker can claim it, runs the day's update due at `now`. Returns the
  // run stored, or 0 when there was nothing to do here (not due yet, done already, claimed by
  // another worker, no tickets).
  Result<store::Id> RunDueDaily(Instant now);

  void Start();  // checks every few minutes on its own thread
  void Stop();

 private:
  void Loop();

  InsightRunner& runner_;
  store::Store& store_;
  const calendar::WorkingCalendar& calendar_;
  const Clock& clock_;
  const std::string worker_;
  const int window_days_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
};

// The id of the account scheduled runs are recorded under ("system"), created when missing.
Result<store::Id> InsightSystemUser(store::Store& store, Instant now);

}  // namespace zb::api
