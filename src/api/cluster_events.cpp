#include "api/cluster_events.h"

#include <spdlog/spdlog.h>

#include "api/json_views.h"
#include "api/user_principal.h"

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
  // The time limits may have moved: the scheduler looks again.
  if (ctx_.on_case_changed) ctx_.on_case_changed();
  auto c = ctx_.store.GetCase(case_id);
  if (!c.ok()) {
    spdlog::warn("live update for case {} dropped: {}", case_id, c.status().ToString());
    return;
  }
  nlohmann::json data = CaseJson(ctx_, *c, ctx_.clock.Now());
  cases::CaseEngine* engine = &ctx_.engine;
  ctx_.events.Publish(created ? "case.created" : "case.updated", data,
                      [engine, rec = *c](const http::Principal& p) {
                        const auto* u = p.As<UserPrincipal>();
                        return u && engine->CanSee(u->actor, rec);
                      });
}

void ClusterEvents::OnGap() {
  if (ctx_.on_case_changed) ctx_.on_case_changed();
  ctx_.events.Publish("resync", nlohmann::json::object());
}

}  // namespace zb::api
