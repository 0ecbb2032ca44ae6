// Computes due_at for 1,000,000 cases with mixed time limits and start instants on one thread and
// prints the rate. Target: at least 2,000,000 per second per core.
//
//   calendar_bench [HOLIDAY_DIR]     (default: $ZB_SOURCE_DIR/data/holidays-cn or data/holidays-cn)
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "calendar/due.h"
#include "calendar/time_limit.h"
#include "calendar/working_calendar.h"

namespace {

using namespace std::chrono;
using zb::Instant;
using zb::calendar::TimeLimit;
using zb::calendar::WorkingCalendar;

constexpr int kCases = 1'000'000;
constexpr int kRounds = 5;

std::string HolidayDir(int argc, char** argv) {
  if (argc > 1) return argv[1];
  const char* source = std::getenv("ZB_SOURCE_DIR");
  return std::string(source && *source ? source : ".") + "/data/holidays-cn";
}

}  // namespace

int main(int argc, char** argv) {
  auto loaded = WorkingCalendar::LoadDirectory(HolidayDir(argc, argv));
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
    return 1;
  }
  const WorkingCalendar& calendar = *loaded;

  // The mix of a day's work: hotline tickets, documents, instructions, proposals.
  std::vector<TimeLimit> policies;
  for (const char* expression :
       {"3 working days", "5 working days", "13 working days", "10 working days", "2 working hours",
        "1 working hour", "same working day", "2 working days", "overnight", "5 working days",
        "3 months", "15 days", "by 06-30", "3 working days", "13 working days",
        "2 working hours"}) {
    policies.push_back(*TimeLimit::Parse(expression));
  }

  // Start instants spread over 2024–2026, any second of the day, including nights and holidays.
  std::vector<Instant> starts(kCases);
  std::vector<uint8_t> which(kCases);
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  const Instant first = zb::ChinaMidnight(2024y / January / 1d);
  const int64_t span = 3 * 365 * 86400;
  for (int i = 0; i < kCases; ++i) {
    starts[i] = first + seconds{int64_t(next() % uint64_t(span))};
    which[i] = uint8_t(next() % policies.size());
  }

  double best = 0;
  int64_t checksum = 0;
  for (int round = 0; round < kRounds; ++round) {
    auto t0 = steady_clock::now();
    for (int i = 0; i < kCases; ++i) {
      checksum +=
          zb::calendar::DueAt(calendar, policies[which[i]], starts[i]).time_since_epoch().count();
    }
    double elapsed = duration<double>(steady_clock::now() - t0).count();
    double rate = kCases / elapsed;
    best = std::max(best, rate);
    std::printf("round %d: %d due_at in %.3f s = %.2f M/s\n", round + 1, kCases, elapsed,
                rate / 1e6);
  }
  std::printf(
      "calendar_bench: best %.2f M due_at/s on one thread (target >= 2 M/s) [checksum %lld]\n",
      best / 1e6, static_cast<long long>(checksum));
  return best >= 2e6 ? 0 : 1;
}
