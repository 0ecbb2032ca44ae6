// Metrics: a small registry rendered in the Prometheus text format at /metrics.
//
// Thread-safe. Registration takes a lock; the hot path (RouteStats::Observe, Counter::Inc) only
// touches atomics. References returned by the registry stay valid for its lifetime.
//
//   metrics.AddGauge("zb_cases_open", "Open cases by light", [&] {
//     return Metrics::Samples{{{{"light", "red"}}, store.CountRed()}, ...};
//   });
//   Metrics::Counter& runs = metrics.AddCounter("zb_job_runs_total", "Job runs", {{"job",
//   "remind"}}); runs.Inc();
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace zb::http {

class Metrics {
 public:
  using Labels = std::vector<std::pair<std::string, std::string>>;
  using Samples = std::vector<std::pair<Labels, double>>;

  // Request count by status class and a latency histogram, for one (method, route).
  class RouteStats {
   public:
    static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,   0.25,   0.5,   1.0,  2.5,   10.0};
    void Observe(int http_status, std::chrono::nanoseconds elapsed);

   private:
    friend class Metrics;
    std::array<std::atomic<uint64_t>, 5> by_class_{};                   // 1xx..5xx
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets_{};  // last: +Inf
    std::atomic<uint64_t> sum_ns_{0};
  };

  class Counter {
   public:
    void Inc(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
    uint64_t value() const { return value_.load(std::memory_order_relaxed); }

   private:
    std::atomic<uint64_t> value_{0};
  };

  Metrics();
  ~Metrics();

  // The stats for requests matched to `route` (a pattern, or "(static)", "(unmatched)").
  RouteStats& Route(const std::string& method, const std::string& route);
  // A counter `name{labels}`; the same name and labels give the same counter.
  Counter& AddCounter(const std::string& name, const std::string& help, Labels labels = {});
  // A gauge read when /metrics is scraped. `read` runs on the scraping thread, must be
  // thread-safe and must not call the registry.
  void AddGauge(const std::string& name, const std::string& help, std::function<double()> read);
  // A labelled gauge family, e.g. open cases by light.
  void AddGauge(const std::string& name, const std::string& help, std::function<Samples()> read);
  // A counter family whose values another component keeps (e.g. a scheduler's job runs); read
  // when scraped, like a gauge.
  void AddCounterFunc(const std::string& name, const std::string& help,
                      std::function<Samples()> read);

  // Everything, in the Prometheus text exposition format 0.0.4.
  std::string Render() const;

 private:
  struct Family;
  Family& FamilyFor(const std::string& name, const std::string& help, const char* type);

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Family>> families_;  // guarded by mu_
  std::map<std::pair<std::string, std::string>, std::unique_ptr<RouteStats>> routes_;  // mu_
};

}  // namespace zb::http
