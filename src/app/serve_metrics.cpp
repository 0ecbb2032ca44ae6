#include "app/serve_metrics.h"

#include <spdlog/spdlog.h>

#include <memory>
#include <mutex>

namespace zb::app {

namespace {

// The last light counts and when they were read; shared by the scraping threads.
struct LightCache {
  std::mutex mu;
  std::chrono::steady_clock::time_point read_at{};
  bool valid = false;
  store::LightCounts counts;  // guarded by mu
};

}  // namespace

void RegisterServeMetrics(http::Metrics& metrics, store::Store& store,
                          const cases::Scheduler& scheduler, const Clock& clock,
                          std::chrono::seconds light_ttl) {
  auto cache = std::make_shared<LightCache>();
  metrics.AddGauge("zb_cases_open", "Open cases by the light of their time limit",
                   [cache, &store, &clock, light_ttl] {
                     std::lock_guard lock(cache->mu);
                     auto now = std::chrono::steady_clock::now();
                     if (!cache->valid || now - cache->read_at >= light_ttl) {
                       auto n = store.CountOpenCasesByLight(clock.Now());
                       if (n.ok()) {
                         cache->counts = *n;
                         cache->valid = true;
                         cache->read_at = now;
                       } else {
                         spdlog::warn("metrics: {}", n.status().ToString());
                       }
                     }
                     const store::LightCounts& c = cache->counts;
                     return http::Metrics::Samples{
                         {{{"light", "red"}}, static_cast<double>(c.red)},
                         {{{"light", "yellow"}}, static_cast<double>(c.yellow)},
                         {{{"light", "green"}}, static_cast<double>(c.green)},
                         {{{"light", "none"}}, static_cast<double>(c.no_limit)}};
                   });
  const cases::Scheduler::Stats* stats = &scheduler.stats();
  auto job = [stats](const std::atomic<uint64_t>& v) {
    return http::Metrics::Samples{{{{"job", cases::Scheduler::kSweepJob}},
                                   static_cast<double>(v.load(std::memory_order_relaxed))}};
  };
  metrics.AddCounterFunc("zb_job_runs_total", "Background jobs run by this node",
                         [stats, job] { return job(stats->runs); });
  metrics.AddCounterFunc("zb_job_failures_total", "Background jobs that failed on this node",
                         [stats, job] { return job(stats->failures); });
  metrics.AddCounterFunc("zb_alerts_raised_total",
                         "Time-limit reminders and escalations raised by this node",
                         [stats, job] { return job(stats->alerts); });
  metrics.AddGauge(
      "zb_db_connections", "Database connections of this node, open and in use", [&store] {
        store::PoolUse use = store.pool_use();
        return http::Metrics::Samples{{{{"state", "open"}}, static_cast<double>(use.open)},
                                      {{{"state", "in_use"}}, static_cast<double>(use.in_use)}};
      });
}

}  // namespace zb::app
