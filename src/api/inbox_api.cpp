#include "api/inbox_api.h"

#include "api/handler_support.h"

namespace zb::api {

void RegisterInboxRoutes(http::Router& router, ApiContext& ctx) {
  router.Get("/api/notifications", [&ctx](http::Request& r) {
    bool unread = r.Query("unread").value_or("") == "1";
    store::Id me = Me(r).actor.user.id;
    auto list = ctx.store.ListNotifications(me, unread, 200);
    if (!list.ok()) return http::Response::Error(list.status());
    auto count = ctx.store.CountUnreadNotifications(me);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& n : *list) {
      items.push_back({{"id", n.id},
                       {"case_id", n.case_id ? nlohmann::json(*n.case_id) : nlohmann::json()},
                       {"kind", n.kind},
                       {"title", n.title},
                       {"body", n.body},
                       {"created_at", FormatIso(n.created_at)},
                       {"read", n.read_at.has_value()}});
    }
    return http::Response::Json(200,
                                {{"notifications", items}, {"unread", count.ok() ? *count : 0}});
  });
  router.Post("/api/notifications/{id}/read", [&ctx](http::Request& r) {
    auto id = IdParam(r, "id");
    if (!id.ok()) return http::Response::Error(id.status());
    Status s = ctx.store.MarkNotificationsRead(Me(r).actor.user.id, *id, ctx.clock.Now());
    if (!s.ok()) return http::Response::Error(s);
    Audit(ctx, r, "notification.read", "notification:" + std::to_string(*id));
    return http::Response::Json(200, {{"ok", true}});
  });
  router.Post("/api/notifications/read-all", [&ctx](http::Request& r) {
    Status s = ctx.store.MarkNotificationsRead(Me(r).actor.user.id, 0, ctx.clock.Now());
    if (!s.ok()) return http::Response::Error(s);
    Audit(ctx, r, "notification.read_all", "user:" + std::to_string(Me(r).actor.user.id));
    return http::Response::Json(200, {{"ok", true}});
  });
}

}  // namespace zb::api
