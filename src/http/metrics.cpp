#include "http/metrics.h"

#include <cmath>
#include <cstdio>
#include <variant>

namespace zb::http {

struct Metrics::Family {
  std::string help;
  const char* type;
  std::map<Labels, std::unique_ptr<Counter>> counters;
  std::vector<std::function<Samples()>> gauges;
};

namespace {

std::string Escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string LabelText(const Metrics::Labels& labels) {
  if (labels.empty()) return {};
  std::string out = "{";
  for (const auto& [k, v] : labels) {
    if (out.size() > 1) out += ",";
    out += k + "=\"" + Escape(v) + "\"";
  }
  return out + "}";
}

std::string Number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

void Header(std::string& out, const std::string& name, const std::string& help, const char* type) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

}  // namespace

void Metrics::RouteStats::Observe(int http_status, std::chrono::nanoseconds elapsed) {
  int cls = http_status / 100 - 1;
  if (cls < 0 || cls > 4) cls = 4;
  by_class_[cls].fetch_add(1, std::memory_order_relaxed);
  double seconds = std::chrono::duration<double>(elapsed).count();
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<uint64_t>(elapsed.count()), std::memory_order_relaxed);
}

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::RouteStats& Metrics::Route(const std::string& method, const std::string& route) {
  std::lock_guard lock(mu_);
  auto& slot = routes_[{route, method}];
  if (!slot) slot = std::make_unique<RouteStats>();
  return *slot;
}

Metrics::Family& Metrics::FamilyFor(const std::string& name, const std::string& help,
                                    const char* type) {
  auto& slot = families_[name];
  if (!slot) {
    slot = std::make_unique<Family>();
    slot->help = help;
    slot->type = type;
  }
  return *slot;
}

Metrics::Counter& Metrics::AddCounter(const std::string& name, const std::string& help,
                                      Labels labels) {
  std::lock_guard lock(mu_);
  auto& slot = FamilyFor(name, help, "counter").counters[std::move(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

void Metrics::AddGauge(const std::string& name, const std::string& help,
                       std::function<double()> read) {
  AddGauge(name, help, [read = std::move(read)] { return Samples{{Labels{}, read()}}; });
}

void Metrics::AddGauge(const std::string& name, const std::string& help,
                       std::function<Samples()> read) {
  std::lock_guard lock(mu_);
  FamilyFor(name, help, "gauge").gauges.push_back(std::move(read));
}

void Metrics::AddCounterFunc(const std::string& name, const std::string& help,
                             std::function<Samples()> read) {
  std::lock_guard lock(mu_);
  FamilyFor(name, help, "counter").gauges.push_back(std::move(read));
}

std::string Metrics::Render() const {
  std::string out;
  std::lock_guard lock(mu_);
  if (!routes_.empty()) {
    Header(out, "zb_http_requests_total", "HTTP requests by route and status class", "counter");
    for (const auto& [key, stats] : routes_) {
      for (int cls = 0; cls < 5; ++cls) {
        uint64_t n = stats->by_class_[cls].load(std::memory_order_relaxed);
        if (n == 0) continue;
        out += "zb_http_requests_total" +
               LabelText({{"method", key.second},
                          {"route", key.first},
                          {"code", std::to_string(cls + 1) + "xx"}}) +
               " " + std::to_string(n) + "\n";
      }
    }
    Header(out, "zb_http_request_duration_seconds", "HTTP request latency by route", "histogram");
    for (const auto& [key, stats] : routes_) {
      Labels base{{"method", key.second}, {"route", key.first}};
      uint64_t cumulative = 0;
      for (size_t i = 0; i <= RouteStats::kBuckets.size(); ++i) {
        cumulative += stats->buckets_[i].load(std::memory_order_relaxed);
        Labels l = base;
        l.emplace_back("le",
                       i < RouteStats::kBuckets.size() ? Number(RouteStats::kBuckets[i]) : "+Inf");
        out += "zb_http_request_duration_seconds_bucket" + LabelText(l) + " " +
               std::to_string(cumulative) + "\n";
      }
      double sum = static_cast<double>(stats->sum_ns_.load(std::memory_order_relaxed)) / 1e9;
      out += "zb_http_request_duration_seconds_sum" + LabelText(base) + " " + Number(sum) + "\n";
      out += "zb_http_request_duration_seconds_count" + LabelText(base) + " " +
             std::to_string(cumulative) + "\n";
    }
  }
  for (const auto& [name, family] : families_) {
    Header(out, name, family->help, family->type);
    for (const auto& [labels, counter] : family->counters) {
      out += name + LabelText(labels) + " " + std::to_string(counter->value()) + "\n";
    }
    for (const auto& read : family->gauges) {
      for (const auto& [labels, value] : read()) {
        out += name + LabelText(labels) + " " + Number(value) + "\n";
      }
    }
  }
  return out;
}

}  // namespace zb::http
