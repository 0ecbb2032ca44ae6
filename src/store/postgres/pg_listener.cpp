#include "store/postgres/pg_listener.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>

namespace zb::store::postgres {

namespace {

class Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& conn, std::function<void(const std::string&)> deliver)
      : pqxx::notification_receiver(conn, kCaseChannel), deliver_(std::move(deliver)) {}
  void operator()(const std::string& payload, int) override { deliver_(payload); }

 private:
  std::function<void(const std::string&)> deliver_;
};

}  // namespace

std::string FormatCaseNotice(const CaseNotice& n) {
  return n.node + " " + std::to_string(n.case_id) + " " + n.what;
}

bool ParseCaseNotice(const std::string& payload, CaseNotice& n) {
  size_t a = payload.find(' ');
  if (a == std::string::npos || a == 0) return false;
  size_t b = payload.find(' ', a + 1);
  if (b == std::string::npos || b + 2 != payload.size()) return false;
  Id id = 0;
  auto r = std::from_chars(payload.data() + a + 1, payload.data() + b, id);
  if (r.ec != std::errc() || r.ptr != payload.data() + b) return false;
  char what = payload[b + 1];
  if (what != 'c' && what != 'u' && what != 'r') return false;
  n = CaseNotice{payload.substr(0, a), id, what};
  return true;
}

PgCaseFeed::PgCaseFeed(std::string conninfo, ServerAddress address, std::string own_node,
                       std::function<void(Id, bool)> on_change, std::function<void()> on_gap)
    : conninfo_(std::move(conninfo)),
      address_(std::move(address)),
      own_node_(std::move(own_node)),
      on_change_(std::move(on_change)),
      on_gap_(std::move(on_gap)) {
  thread_ = std::thread([this] { Run(); });
}

PgCaseFeed::~PgCaseFeed() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool PgCaseFeed::Pause(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  return !cv_.wait_for(lock, d, [this] { return stopping_.load(); });
}

void PgCaseFeed::Deliver(const std::string& payload) {
  CaseNotice n;
  if (!ParseCaseNotice(payload, n) || n.node == own_node_) return;
  if (n.what == 'r') {
    if (on_gap_) on_gap_();
  } else if (on_change_) {
    on_change_(n.case_id, n.what == 'c');
  }
}

void PgCaseFeed::Run() {
  auto backoff = std::chrono::milliseconds(200);
  bool connected_before = false;
  while (!stopping_) {
    try {
      pqxx::connection conn(conninfo_);
      Receiver receiver(conn, [this](const std::string& p) { Deliver(p); });
      if (connected_before) {
        spdlog::info("live updates from other nodes resumed ({})", address_.ToString());
        if (on_gap_) on_gap_();
      }
      connected_before = true;
      backoff = std::chrono::milliseconds(200);
      while (!stopping_) conn.await_notification(0, 200'000);
    } catch (const std::exception& e) {
      Status s = FromException(e, "listen", address_);
      spdlog::warn("live updates from other nodes interrupted: {}; retrying in {} ms", s.ToString(),
                   backoff.count());
      if (!Pause(backoff)) return;
      backoff = std::min(backoff * 2, std::chrono::milliseconds(10'000));
    }
  }
}

}  // namespace zb::store::postgres
