// EventHub: live updates fanned out to Server-Sent Events subscribers, each seeing only what it
// may see.
//
//   hub.Publish("case.updated", {{"id", id}, {"state", "办理中"}},
//               [unit](const Principal& p) { return p.As<Session>()->CanSee(unit); });
//
//   router.AddStream("/api/events", [&hub](Request& r) -> zb::Result<std::shared_ptr<Subscription>>
//   {
//     return hub.Subscribe(r.principal, r.Header("last-event-id"));
//   });
//
// Thread-safe: Publish and Subscribe may be called from any thread. A visibility predicate runs
// on the publishing thread while the hub is locked, once per subscriber: keep it quick and do not
// call the hub from it. Each subscriber has a bounded queue; a subscriber that falls behind by
// more than `max_queue` events is closed (the browser reconnects and resumes with Last-Event-ID
// from the hub's recent history) instead of growing memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "http/principal.h"

namespace zb::http {

// Whether a subscriber with this principal may receive an event. An empty predicate means
// "everyone, including anonymous subscribers"; a non-empty one is never shown to subscribers
// without a principal.
using Visibility = std::function<bool(const Principal&)>;

struct Event {
  uint64_t id = 0;                          // increasing; sent as the SSE `id:`
  std::string type;                         // SSE `event:`
  std::shared_ptr<const std::string> data;  // compact JSON, shared by all subscribers
};

class EventHubCore;

// One subscriber's queue. Created by EventHub::Subscribe; consumed by the server.
// Thread-safe. Destroying it (or Close) unsubscribes.
class Subscription {
 public:
  ~Subscription();
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;

  // Takes all queued events. When there are none, arms the notifier: it is called (on the
  // publishing thread) once when the next event arrives or the subscription closes.
  // `*closed` is set when the subscription was closed (overflow, Close, hub shut down).
  std::vector<Event> Take(bool* closed);
  void SetNotifier(std::function<void()> notify);
  void Close();
  const std::shared_ptr<const Principal>& principal() const { return principal_; }

 private:
  friend class EventHubCore;
  friend class EventHub;
  Subscription(std::weak_ptr<EventHubCore> hub, std::shared_ptr<const Principal> principal,
               size_t max_queue);
  // Called with the hub locked. Returns the notifier to call after unlocking, if any.
  std::function<void()> Push(const Event& event);
  // Called with the hub locked when the hub shuts down. Returns the notifier to call, if any.
  std::function<void()> CloseFromHub();

  std::weak_ptr<EventHubCore> hub_;
  const std::shared_ptr<const Principal> principal_;
  const size_t max_queue_;
  std::mutex mu_;
  std::deque<Event> queue_;       // guarded by mu_
  std::function<void()> notify_;  // guarded by mu_
  bool waiting_ = false;          // guarded by mu_: Take found nothing, notify on push
  bool closed_ = false;           // guarded by mu_
};

class EventHub {
 public:
  struct Options {
    size_t max_queue = 256;  // per subscriber
    size_t history = 1024;   // recent events kept for Last-Event-ID resumption
  };
  EventHub();
  explicit EventHub(Options options);
  ~EventHub();  // closes all subscriptions

  // Returns the event id. `data` is serialized once.
  uint64_t Publish(std::string type, const nlohmann::json& data, Visibility visible = {});
  // A new subscription. With `last_event_id` (the Last-Event-ID header), the visible events
  // after that id are queued first; if they are no longer all in the recent history, a single
  // "resync" event (data {}) is queued instead, telling the client to reload what it shows.
  std::shared_ptr<Subscription> Subscribe(std::shared_ptr<const Principal> principal,
                                          const std::string* last_event_id = nullptr);
  size_t subscriber_count() const;
  uint64_t dropped_subscribers() const;  // closed for falling behind, since start

 private:
  std::shared_ptr<EventHubCore> core_;
};

}  // namespace zb::http
