// Live updates across nodes on PostgreSQL. After each committed case change PgStore sends
// NOTIFY zb_cases '<node> <case id> <c|u|r>' in the changing transaction, so it is delivered only
// on commit; PgCaseFeed holds a dedicated connection that LISTENs on the channel and reports the
// changes made by other nodes (not by the store that started it, which publishes its own).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/postgres/pg_pool.h"
#include "store/store.h"

namespace zb::store::postgres {

inline constexpr const char* kCaseChannel = "zb_cases";

// What a notification on kCaseChannel says: which node, which case, and whether the case was
// created ('c'), changed ('u'), or many cases were written at once ('r': reload everything).
struct CaseNotice {
  std::string node;
  Id case_id = 0;
  char what = 'u';
};
std::string FormatCaseNotice(const CaseNotice& n);
// False for a payload that is not a case notice (it is then ignored).
bool ParseCaseNotice(const std::string& payload, CaseNotice& n);

// Thread-safe to destroy from any thread but its callbacks'. The callbacks run on the feed's
// thread, one at a time. When the connection is lost the feed reconnects with backoff (0.2 s
// doubling to 10 s) and then calls on_gap, since notifications sent meanwhile are lost.
class PgCaseFeed final : public CaseFeed {
 public:
  PgCaseFeed(std::string conninfo, ServerAddress address, std::string own_node,
             std::function<void(Id, bool)> on_change, std::function<void()> on_gap);
  ~PgCaseFeed() override;

 private:
  void Run();
  void Deliver(const std::string& payload);
  // Sleeps up to `d`; returns false when the feed is stopping.
  bool Pause(std::chrono::milliseconds d);

  const std::string conninfo_;
  const ServerAddress address_;
  const std::string own_node_;
  const std::function<void(Id, bool)> on_change_;
  const std::function<void()> on_gap_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace zb::store::postgres
