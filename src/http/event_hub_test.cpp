#include "http/event_hub.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace zb::http {
namespace {

struct UnitUser : Principal {
  explicit UnitUser(std::string u) : unit(std::move(u)) {}
  std::string unit;
};

Visibility ForUnit(std::string unit) {
  return [unit](const Principal& p) {
    const auto* u = p.As<UnitUser>();
    return u != nullptr && u->unit == unit;
  };
}

std::vector<Event> TakeAll(Subscription& s, bool* closed = nullptr) {
  bool c = false;
  auto events = s.Take(&c);
  if (closed) *closed = c;
  return events;
}

TEST(EventHubTest, DeliversOnlyVisibleEvents) {
  EventHub hub;
  auto water = hub.Subscribe(std::make_shared<UnitUser>("水务局"));
  auto traffic = hub.Subscribe(std::make_shared<UnitUser>("交通局"));
  auto anonymous = hub.Subscribe(nullptr);
  EXPECT_EQ(hub.subscriber_count(), 3u);

  uint64_t a = hub.Publish("case.created", {{"id", 1}}, ForUnit("水务局"));
  uint64_t b = hub.Publish("notice", {{"text", "系统维护"}});
  EXPECT_GT(b, a);

  auto w = TakeAll(*water);
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0].type, "case.created");
  EXPECT_EQ(*w[0].data, R"({"id":1})");
  EXPECT_EQ(w[0].id, a);
  auto t = TakeAll(*traffic);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].type, "notice");
  EXPECT_EQ(TakeAll(*anonymous).size(), 1u);

  water.reset();
  EXPECT_EQ(hub.subscriber_count(), 2u);
}

TEST(EventHubTest, NotifiesAWaitingConsumerOnce) {
  EventHub hub;
  auto sub = hub.Subscribe(nullptr);
  int calls = 0;
  sub->SetNotifier([&] { ++calls; });
  hub.Publish("x", 1);  // not waiting yet: no call
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(TakeAll(*sub).size(), 1u);
  EXPECT_TRUE(TakeAll(*sub).empty());  // arms the notifier
  hub.Publish("x", 2);
  hub.Publish("x", 3);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(TakeAll(*sub).size(), 2u);
}

TEST(EventHubTest, ClosesASubscriberThatFallsBehind) {
  EventHub hub(EventHub::Options{.max_queue = 3, .history = 10});
  auto slow = hub.Subscribe(nullptr);
  for (int i = 0; i < 4; ++i) hub.Publish("x", i);
  bool closed = false;
  EXPECT_TRUE(TakeAll(*slow, &closed).empty());
  EXPECT_TRUE(closed);
  EXPECT_EQ(hub.dropped_subscribers(), 1u);
}

TEST(EventHubTest, ResumesFromLastEventIdOrAsksForResync) {
  EventHub hub(EventHub::Options{.max_queue = 100, .history = 3});
  auto user = std::make_shared<UnitUser>("水务局");
  uint64_t first = hub.Publish("a", 1, ForUnit("水务局"));
  hub.Publish("b", 2, ForUnit("交通局"));
  hub.Publish("c", 3, ForUnit("水务局"));
  std::string last = std::to_string(first);
  auto resumed = hub.Subscribe(user, &last);
  auto events = TakeAll(*resumed);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "c");

  hub.Publish("d", 4);  // history now holds b, c, d: "a" is gone
  std::string before = std::to_string(first - 1);
  auto stale = hub.Subscribe(user, &before);
  events = TakeAll(*stale);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "resync");
}

TEST(EventHubTest, DestroyingTheHubClosesSubscriptions) {
  std::shared_ptr<Subscription> sub;
  bool notified = false;
  {
    EventHub hub;
    sub = hub.Subscribe(nullptr);
    sub->SetNotifier([&] { notified = true; });
    TakeAll(*sub);
  }
  bool closed = false;
  TakeAll(*sub, &closed);
  EXPECT_TRUE(closed);
  EXPECT_TRUE(notified);
}

}  // namespace
}  // namespace zb::http
