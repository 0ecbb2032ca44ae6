#include "api/cluster_events.h"

#include "api/cases_api.h"

namespace zb::api {

std::unique_ptr<ClusterEvents> ClusterEvents::Start(ApiContext& ctx) {
  std::unique_ptr<ClusterEvents> events(new ClusterEvents(ctx));
  ClusterEvents* self = events.get();
  events->feed_ =
      ctx.store.WatchCases([self](store::Id id, bool created) { self->OnChange(id, created); },
                           [self] { self->OnGap(); });
  if (!events->feed_) return nullptr;
  return events;
}

void ClusterEvents::OnChange(store::Id case_id, bool created) {
  // PublishCaseChange also wakes the scheduler: the time limits may have moved.
  PublishCaseChange(ctx_, case_id, created);
}

void ClusterEvents::OnGap() {
  if (ctx_.on_case_changed) ctx_.on_case_changed();
  ctx_.events.Publish("resync", nlohmann::json::object());
}

}  // namespace zb::api
