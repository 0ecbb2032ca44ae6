#include "http/event_hub.h"

#include <atomic>
#include <charconv>
#include <chrono>
#include <optional>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "base/json_writer.h"

namespace zb::http {

// The shared state behind an EventHub; subscriptions hold it weakly so that either may be
// destroyed first.
class EventHubCore {
 public:
  struct Stored {
    Event event;
    Visibility visible;
  };

  explicit EventHubCore(EventHub::Options options) : options_(options) {
    // Ids start at the current time in microseconds so they keep increasing across restarts
    // and a browser's Last-Event-ID from before a restart is never mistaken for a newer event.
    next_id_ = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  }

  static bool Visible(const Visibility& visible, const Subscription& sub) {
    if (!visible) return true;
    return sub.principal() != nullptr && visible(*sub.principal());
  }

  uint64_t Publish(std::string type, std::shared_ptr<const std::string> data, Visibility visible) {
    std::vector<std::function<void()>> notify;
    uint64_t id;
    {
      std::lock_guard lock(mu_);
      id = next_id_++;
      Stored stored{Event{id, std::move(type), std::move(data)}, std::move(visible)};
      for (Subscription* sub : subscribers_) {
        if (!Visible(stored.visible, *sub)) continue;
        if (auto n = sub->Push(stored.event)) notify.push_back(std::move(n));
      }
      history_.push_back(std::move(stored));
      while (history_.size() > options_.history) history_.pop_front();
    }
    for (auto& n : notify) n();
    return id;
  }

  // Registers `sub`. With `after`, first queues the visible events published after that id;
  // if some of those are no longer in the history (or too many to queue), queues one "resync"
  // event instead, telling the client to reload what it shows.
  void Add(Subscription* sub, std::optional<uint64_t> after) {
    std::lock_guard lock(mu_);
    if (after && *after + 1 < next_id_) {
      uint64_t oldest = history_.empty() ? next_id_ : history_.front().event.id;
      std::vector<const Stored*> missed;
      for (const Stored& s : history_) {
        if (s.event.id > *after && Visible(s.visible, *sub)) missed.push_back(&s);
      }
      if (oldest > *after + 1 || missed.size() > options_.max_queue / 2) {
        static const auto kEmpty = std::make_shared<const std::string>("{}");
        sub->Push(Event{next_id_ - 1, "resync", kEmpty});
      } else {
        for (const Stored* s : missed) sub->Push(s->event);
      }
    }
    subscribers_.insert(sub);
  }

  void Remove(Subscription* sub) {
    std::lock_guard lock(mu_);
    subscribers_.erase(sub);
  }

  // Closes every subscription (the hub is going away).
  void CloseAll() {
    std::vector<std::function<void()>> notify;
    {
      std::lock_guard lock(mu_);
      for (Subscription* s : subscribers_) {
        if (auto n = s->CloseFromHub()) notify.push_back(std::move(n));
      }
      subscribers_.clear();
    }
    for (auto& n : notify) n();
  }

  size_t count() const {
    std::lock_guard lock(mu_);
    return subscribers_.size();
  }

  std::atomic<uint64_t> dropped{0};
  const EventHub::Options options_;

 private:
  mutable std::mutex mu_;
  uint64_t next_id_;                               // guarded by mu_
  std::unordered_set<Subscription*> subscribers_;  // guarded by mu_
  std::deque<Stored> history_;                     // guarded by mu_
};

Subscription::Subscription(std::weak_ptr<EventHubCore> hub,
                           std::shared_ptr<const Principal> principal, size_t max_queue)
    : hub_(std::move(hub)), principal_(std::move(principal)), max_queue_(max_queue) {}

Subscription::~Subscription() {
  Close();
}

std::function<void()> Subscription::Push(const Event& event) {
  std::lock_guard lock(mu_);
  if (closed_) return {};
  if (queue_.size() >= max_queue_) {
    // Fell behind: close rather than grow. The browser reconnects with Last-Event-ID.
    closed_ = true;
    queue_.clear();
    if (auto core = hub_.lock()) core->dropped.fetch_add(1, std::memory_order_relaxed);
  } else {
    queue_.push_back(event);
  }
  if (!waiting_) return {};
  waiting_ = false;
  return notify_;
}

std::vector<Event> Subscription::Take(bool* closed) {
  std::lock_guard lock(mu_);
  *closed = closed_;
  std::vector<Event> out(std::make_move_iterator(queue_.begin()),
                         std::make_move_iterator(queue_.end()));
  queue_.clear();
  waiting_ = out.empty() && !closed_;
  return out;
}

void Subscription::SetNotifier(std::function<void()> notify) {
  std::lock_guard lock(mu_);
  notify_ = std::move(notify);
}

std::function<void()> Subscription::CloseFromHub() {
  std::lock_guard lock(mu_);
  hub_.reset();
  if (closed_) return {};
  closed_ = true;
  queue_.clear();
  bool waiting = waiting_;
  waiting_ = false;
  return waiting ? notify_ : std::function<void()>();
}

void Subscription::Close() {
  std::shared_ptr<EventHubCore> core;
  std::function<void()> notify;
  {
    std::lock_guard lock(mu_);
    core = hub_.lock();
    hub_.reset();
    if (!closed_) {
      closed_ = true;
      queue_.clear();
      if (waiting_) notify = notify_;
      waiting_ = false;
    }
  }
  if (core) core->Remove(this);
  if (notify) notify();
}

EventHub::EventHub() : EventHub(Options{}) {}
EventHub::EventHub(Options options) : core_(std::make_shared<EventHubCore>(options)) {}
EventHub::~EventHub() {
  core_->CloseAll();
}

uint64_t EventHub::Publish(std::string type, const nlohmann::json& data, Visibility visible) {
  auto text = std::make_shared<const std::string>(DumpJson(data));
  return core_->Publish(std::move(type), std::move(text), std::move(visible));
}

std::shared_ptr<Subscription> EventHub::Subscribe(std::shared_ptr<const Principal> principal,
                                                  const std::string* last_event_id) {
  std::optional<uint64_t> after;
  if (last_event_id != nullptr) {
    uint64_t v = 0;
    const char* end = last_event_id->data() + last_event_id->size();
    auto [ptr, ec] = std::from_chars(last_event_id->data(), end, v);
    if (ec == std::errc() && ptr == end) after = v;
  }
  std::shared_ptr<Subscription> sub(
      new Subscription(core_, std::move(principal), core_->options_.max_queue));
  core_->Add(sub.get(), after);
  return sub;
}

size_t EventHub::subscriber_count() const {
  return core_->count();
}

uint64_t EventHub::dropped_subscribers() const {
  return core_->dropped.load(std::memory_order_relaxed);
}

}  // namespace zb::http
