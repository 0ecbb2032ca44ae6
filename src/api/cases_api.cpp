// /api/cases: list, detail (with history and the actions the user may take now), create, act,
// attachments; /api/events: live updates.
#include "api/cases_api.h"

#include "api/handler_support.h"
#include "api/json_views.h"
#include "http/json_body.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

Result<std::optional<Instant>> InstantParam(const std::optional<std::string>& v, const char* name) {
  if (!v || v->empty()) return std::optional<Instant>();
  auto t = ParseInstant(*v);
  if (!t) {
    return Invalid(std::string("参数 ") + name + " 不是有效的时间：" + *v,
                   std::string("parameter ") + name + " is not a valid time: " + *v);
  }
  return std::optional<Instant>(*t);
}

Result<store::CaseQuery> QueryFrom(ApiContext& ctx, const Request& r) {
  const cases::Actor& me = Me(r).actor;
  store::CaseQuery q;
  q.now = ctx.clock.Now();
  if (auto v = r.Query("kind"); v && !v->empty()) q.kind = *v;
  if (auto v = r.Query("state"); v && !v->empty()) q.state = *v;
  if (auto v = r.Query("light"); v && !v->empty()) {
    if (*v != "red" && *v != "yellow" && *v != "green") {
      return Invalid("灯色应为 red、yellow 或 green", "light must be red, yellow or green");
    }
    q.light = *v;
  }
  if (auto v = r.Query("unit"); v && !v->empty()) {
    try {
      q.unit_id = std::stoll(*v);
    } catch (...) {
      return Invalid("单位编号无效", "invalid unit id");
    }
  }
  ZB_ASSIGN_OR_RETURN(q.due_from, InstantParam(r.Query("due_from"), "due_from"));
  ZB_ASSIGN_OR_RETURN(q.due_to, InstantParam(r.Query("due_to"), "due_to"));
  if (auto v = r.Query("q"); v && !v->empty()) {
    if (v->size() > 200) return Invalid("关键词过长", "the keyword is too long");
    q.keyword = *v;
  }
  q.open_only = r.Query("open").value_or("") == "1";
  std::string scope = r.Query("scope").value_or("");
  if (scope == "mine") {
    q.created_by = me.user.id;
  } else if (scope == "unit") {
    q.visible_unit_ids = me.unit_ids;
  } else if (!scope.empty() && scope != "all") {
    return Invalid("scope 应为 mine、unit 或 all", "scope must be mine, unit or all");
  }
  if (!me.sees_all) {
    q.visible_unit_ids = me.unit_ids;
    q.visible_creator = me.user.id;
  }
  std::string sort = r.Query("sort").value_or("created");
  if (sort == "due") {
    q.sort = store::SortOrder::kDueAsc;
  } else if (sort == "updated") {
    q.sort = store::SortOrder::kUpdatedDesc;
  } else if (sort != "created") {
    return Invalid("sort 应为 due、created 或 updated", "sort must be due, created or updated");
  }
  if (auto v = r.Query("cursor"); v && !v->empty()) q.cursor = *v;
  if (auto v = r.Query("limit"); v && !v->empty()) {
    try {
      q.limit = std::stoi(*v);
    } catch (...) {
      return Invalid("limit 无效", "invalid limit");
    }
    if (q.limit < 1 || q.limit > 200) return Invalid("limit 应在 1–200", "limit must be 1–200");
  }
  return q;
}

// The case as this user may see it, or NotFound.
Result<store::CaseRecord> VisibleCase(ApiContext& ctx, const Request& r) {
  ZB_ASSIGN_OR_RETURN(store::Id id, IdParam(r, "id"));
  auto c = ctx.store.GetCase(id);
  if (!c.ok() || !ctx.engine.CanSee(Me(r).actor, *c)) {
    return NotFound("此件不存在：" + std::to_string(id), "no case " + std::to_string(id));
  }
  return c;
}

void PublishChange(ApiContext& ctx, const store::CaseRecord& c, const char* type) {
  if (ctx.on_case_changed) ctx.on_case_changed();
  nlohmann::json data = CaseJson(ctx, c, ctx.clock.Now());
  cases::CaseEngine* engine = &ctx.engine;
  ctx.events.Publish(type, data, [engine, c](const http::Principal& p) {
    const auto* u = p.As<UserPrincipal>();
    return u && engine->CanSee(u->actor, c);
  });
}

nlohmann::json ActionsJson(const std::vector<cases::AvailableAction>& actions) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : actions) {
    out.push_back(
        {{"action", a.action},
         {"label", a.label},
         {"label_en", a.label_en},
         {"reason_required", a.reason_required},
         {"text_required", a.text_required},
         {"needs_lead_unit", a.needs_lead_unit},
         {"asks_due", a.asks_due},
         {"on_behalf_of", a.on_behalf_of ? nlohmann::json(*a.on_behalf_of) : nlohmann::json()}});
  }
  return out;
}

Response Detail(ApiContext& ctx, const store::CaseRecord& c, const cases::Actor& me) {
  Instant now = ctx.clock.Now();
  bool reveal = RevealsConfidential(ctx, me);
  nlohmann::json j = CaseJson(ctx, c, now, reveal);
  auto events = ctx.store.ListEvents(c.id);
  if (!events.ok()) return Response::Error(events.status());
  nlohmann::json ev = nlohmann::json::array();
  bool mask = c.kind == "hotline" && !reveal;
  for (const auto& e : *events) ev.push_back(EventJson(ctx, e, mask));
  j["events"] = ev;
  auto atts = ctx.store.ListAttachments(c.id);
  nlohmann::json aj = nlohmann::json::array();
  if (atts.ok()) {
    for (const auto& a : *atts) {
      aj.push_back({{"id", a.id},
                    {"sha256", a.sha256},
                    {"name", a.name},
                    {"content_type", a.content_type},
                    {"size", a.size},
                    {"uploaded_by", a.uploaded_by},
                    {"at", FormatIso(a.at)}});
    }
  }
  j["attachments"] = aj;
  j["actions"] = ActionsJson(ctx.engine.AvailableActions(me, c));
  return Response::Json(200, j);
}

Response Create(ApiContext& ctx, Request& r) {
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  cases::CreateRequest req;
  req.kind = f.String("kind");
  req.title = f.String("title");
  req.urgency = f.OptString("urgency").value_or("");
  if (const nlohmann::json* fields = f.OptObject("fields")) req.fields = *fields;
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  req.request_id = r.request_id;
  auto id = ctx.engine.Create(Me(r).actor, req);
  if (!id.ok()) return Response::Error(id.status());
  auto c = ctx.store.GetCase(*id);
  if (!c.ok()) return Response::Error(c.status());
  PublishChange(ctx, *c, "case.created");
  Response res = Detail(ctx, *c, Me(r).actor);
  res.status = 201;
  return res;
}

Response Act(ApiContext& ctx, Request& r) {
  auto c = VisibleCase(ctx, r);
  if (!c.ok()) return Response::Error(c.status());
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  cases::ActionRequest req;
  req.case_id = c->id;
  req.action = f.String("action");
  req.expected_version = f.OptInt("expected_version");
  req.reason = f.OptString("reason").value_or("");
  req.text = f.OptString("text").value_or("");
  req.lead_unit_id = f.OptInt("lead_unit_id");
  if (const nlohmann::json* co = f.OptArray("co_unit_ids")) {
    for (const auto& u : *co) {
      if (!u.is_number_integer()) {
        return Response::Error(Invalid("co_unit_ids 应为编号数组", "co_unit_ids must be ids"));
      }
      req.co_unit_ids.push_back(u.get<int64_t>());
    }
  }
  if (auto due = f.OptString("due_at"); due && !due->empty()) {
    req.due_at = ParseInstant(*due);
    if (!req.due_at) {
      return Response::Error(
          Invalid("时限格式无效：" + *due, "due_at is not a valid time: " + *due));
    }
  }
  if (auto tl = f.OptString("time_limit"); tl && !tl->empty()) req.time_limit = *tl;
  if (const nlohmann::json* fields = f.OptObject("fields")) req.set_fields = *fields;
  req.on_behalf_of = f.OptInt("on_behalf_of");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  req.request_id = r.request_id;
  auto updated = ctx.engine.Perform(Me(r).actor, req);
  if (!updated.ok()) return Response::Error(updated.status());
  PublishChange(ctx, *updated, "case.updated");
  return Detail(ctx, *updated, Me(r).actor);
}

Response Upload(ApiContext& ctx, Request& r) {
  auto c = VisibleCase(ctx, r);
  if (!c.ok()) return Response::Error(c.status());
  std::string name = r.Query("name").value_or("");
  if (name.empty() || name.size() > 255 || name.find('/') != std::string::npos ||
      name.find('\\') != std::string::npos) {
    return Response::Error(
        Invalid("请提供有效的文件名（?name=）", "give a valid file name (?name=)"));
  }
  if (r.body.empty()) return Response::Error(Invalid("文件为空", "the file is empty"));
  auto sha = ctx.attachments.Put(r.body);
  if (!sha.ok()) return Response::Error(sha.status());
  store::AttachmentRecord meta;
  meta.sha256 = *sha;
  meta.name = name;
  const std::string* ct = r.Header("content-type");
  meta.content_type = ct && ct->size() < 100 ? *ct : "application/octet-stream";
  meta.size = static_cast<int64_t>(r.body.size());
  auto rec = ctx.engine.Attach(Me(r).actor, c->id, meta, r.request_id);
  if (!rec.ok()) return Response::Error(rec.status());
  auto updated = ctx.store.GetCase(c->id);
  if (updated.ok()) PublishChange(ctx, *updated, "case.updated");
  return Response::Json(201, {{"id", rec->id},
                              {"sha256", rec->sha256},
                              {"name", rec->name},
                              {"size", rec->size},
                              {"content_type", rec->content_type}});
}

Response Download(ApiContext& ctx, Request& r) {
  auto c = VisibleCase(ctx, r);
  if (!c.ok()) return Response::Error(c.status());
  auto att_id = IdParam(r, "attachment_id");
  if (!att_id.ok()) return Response::Error(att_id.status());
  auto atts = ctx.store.ListAttachments(c->id);
  if (!atts.ok()) return Response::Error(atts.status());
  for (const auto& a : *atts) {
    if (a.id != *att_id) continue;
    auto bytes = ctx.attachments.Get(a.sha256);
    if (!bytes.ok()) return Response::Error(bytes.status());
    return Response::Bytes(a.content_type, std::move(*bytes), a.name);
  }
  return Response::Error(NotFound("附件不存在", "no such attachment"));
}

}  // namespace

void RegisterCaseRoutes(http::Router& router, ApiContext& ctx) {
  router.Get("/api/cases", [&ctx](Request& r) {
    auto q = QueryFrom(ctx, r);
    if (!q.ok()) return Response::Error(q.status());
    auto page = ctx.store.ListCases(*q);
    if (!page.ok()) return Response::Error(page.status());
    nlohmann::json items = nlohmann::json::array();
    bool reveal = RevealsConfidential(ctx, Me(r).actor);
    for (const auto& c : page->cases) items.push_back(CaseJson(ctx, c, q->now, reveal));
    return Response::Json(
        200, {{"cases", items},
              {"next_cursor",
               page->next_cursor ? nlohmann::json(*page->next_cursor) : nlohmann::json()}});
  });
  router.Post("/api/cases", [&ctx](Request& r) { return Create(ctx, r); });
  router.Get("/api/cases/{id}", [&ctx](Request& r) {
    auto c = VisibleCase(ctx, r);
    if (!c.ok()) return Response::Error(c.status());
    return Detail(ctx, *c, Me(r).actor);
  });
  router.Post("/api/cases/{id}/actions", [&ctx](Request& r) { return Act(ctx, r); });
  http::RouteOptions big;
  big.max_body_bytes = ctx.attachments.max_bytes();
  router.Post(
      "/api/cases/{id}/attachments", [&ctx](Request& r) { return Upload(ctx, r); }, big);
  router.Get("/api/cases/{id}/attachments/{attachment_id}",
             [&ctx](Request& r) { return Download(ctx, r); });
  router.AddStream("/api/events",
                   [&ctx](Request& r) -> Result<std::shared_ptr<http::Subscription>> {
                     return ctx.events.Subscribe(r.principal, r.Header("last-event-id"));
                   });
}

}  // namespace zb::api
