#include "http/metrics.h"

#include <gtest/gtest.h>

namespace zb::http {
namespace {

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MetricsTest, RendersRoutesCountersAndGauges) {
  Metrics m;
  auto& route = m.Route("GET", "/api/cases/{id}");
  route.Observe(200, std::chrono::milliseconds(3));
  route.Observe(404, std::chrono::milliseconds(30));
  EXPECT_EQ(&route, &m.Route("GET", "/api/cases/{id}"));
  m.AddCounter("zb_job_runs_total", "Job runs", {{"job", "remind"}}).Inc(2);
  m.AddGauge("zb_db_pool_in_use", "Connections in use", [] { return 3.0; });
  m.AddGauge("zb_cases_open", "Open cases by light", [] {
    return Metrics::Samples{{{{"light", "red"}}, 7}, {{{"light", "green\"x"}}, 1}};
  });
  std::string text = m.Render();
  EXPECT_TRUE(Contains(text, "# TYPE zb_http_requests_total counter\n"));
  EXPECT_TRUE(Contains(
      text, "zb_http_requests_total{method=\"GET\",route=\"/api/cases/{id}\",code=\"2xx\"} 1\n"));
  EXPECT_TRUE(Contains(
      text, "zb_http_requests_total{method=\"GET\",route=\"/api/cases/{id}\",code=\"4xx\"} 1\n"));
  EXPECT_TRUE(Contains(text,
                       "zb_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/"
                       "cases/{id}\",le=\"0.005\"} 1\n"));
  EXPECT_TRUE(Contains(text,
                       "zb_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/"
                       "cases/{id}\",le=\"+Inf\"} 2\n"));
  EXPECT_TRUE(Contains(
      text,
      "zb_http_request_duration_seconds_count{method=\"GET\",route=\"/api/cases/{id}\"} 2\n"));
  EXPECT_TRUE(Contains(text, "zb_job_runs_total{job=\"remind\"} 2\n"));
  EXPECT_TRUE(Contains(text, "# TYPE zb_db_pool_in_use gauge\nzb_db_pool_in_use 3\n"));
  EXPECT_TRUE(Contains(text, "zb_cases_open{light=\"red\"} 7\n"));
  EXPECT_TRUE(Contains(text, "zb_cases_open{light=\"green\\\"x\"} 1\n"));
}

}  // namespace
}  // namespace zb::http
