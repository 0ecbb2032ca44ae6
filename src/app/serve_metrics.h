// What /metrics tells about the office besides HTTP traffic: open cases by light, the
// time-limit sweeps (job runs, failures, alerts raised) and the database connection pool.
#pragma once

#include "base/time.h"
#include "cases/deadline_monitor.h"
#include "http/metrics.h"
#include "store/store.h"

namespace zb::app {

// Registers the gauges and counters. The light counts are read at most every `light_ttl`
// (counting a million open cases takes tens of milliseconds; scrapers come every few seconds).
void RegisterServeMetrics(http::Metrics& metrics, store::Store& store,
                          const cases::Scheduler& scheduler, const Clock& clock,
                          std::chrono::seconds light_ttl = std::chrono::seconds(15));

}  // namespace zb::app
