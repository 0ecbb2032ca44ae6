// /api/cases: list, detail (with history and the actions the user may take now), create, act,
// attachments; /api/events: live updates.
#include "api/cases_api.h"

#include <spdlog/spdlog.h>

#include "api/case_query.h"

#include "api/handler_support.h"
#include "api/json_views.h"
#include "http/json_body.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

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

void WriteActions(JsonWriter& w, const cases::Workflow* wf,
                  const std::vector<cases::AvailableAction>& actions) {
  w.BeginArray();
  for (const auto& a : actions) {
    w.BeginObject().Key("action").String(a.action);
    w.Key("label").String(a.label).Key("label_en").String(a.label_en);
    w.Key("reason_required").Bool(a.reason_required).Key("text_required").Bool(a.text_required);
    w.Key("needs_lead_unit").Bool(a.needs_lead_unit).Key("asks_due").Bool(a.asks_due);
    w.Key("on_behalf_of");
    a.on_behalf_of ? w.Int(*a.on_behalf_of) : w.Null();
    w.Key("fields").BeginArray();
    for (const std::string& id : a.fields) {
      const cases::FieldDef* f = wf ? wf->FindField(id) : nullptr;
      if (!f) continue;
      w.BeginObject().Key("id").String(f->id);
      w.Key("label").String(f->label).Key("label_en").String(f->label_en);
      w.Key("type").String(f->type).Key("required").Bool(true);
      w.Key("options").BeginArray();
      for (const std::string& o : f->options) w.String(o);
      w.EndArray().EndObject();
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
}

// The case, its history and the actions `me` may take now. The answer read most often: its
// history and actions are written straight into the body (JsonWriter), the case itself
// through CaseJson, which every other answer shares.
Response Detail(ApiContext& ctx, store::CaseHistory h, const cases::Actor& me) {
  const store::CaseRecord& c = h.record;
  bool reveal = RevealsConfidential(ctx, me);
  JsonWriter w;
  w.Reserve(4096).BeginObject();  // a case with a few events: 3–4 kB, written without regrowing
  WriteCaseMembers(w, ctx, c, ctx.clock.Now(), reveal);
  w.Key("events").BeginArray();
  bool mask = c.kind == "hotline" && !reveal;
  for (const auto& e : h.events) WriteEvent(w, ctx, e, mask);
  w.EndArray().Key("attachments").BeginArray();
  for (const auto& a : h.attachments) {
    w.BeginObject().Key("id").Int(a.id).Key("sha256").String(a.sha256);
    w.Key("name").String(a.name).Key("content_type").String(a.content_type);
    w.Key("size").Int(a.size).Key("uploaded_by").Int(a.uploaded_by);
    w.Key("at").String(FormatIso(a.at)).EndObject();
  }
  w.EndArray().Key("actions");
  auto delegations = ctx.cache ? ctx.cache->Delegations() : nullptr;
  WriteActions(w, ctx.engine.workflows().Find(c.kind),
               ctx.engine.AvailableActions(me, c, std::move(delegations)));
  w.EndObject();
  return Response::JsonText(200, w.Take());
}

// The case with its history as `me` sees it after a change `me` made.
Response DetailAfterChange(ApiContext& ctx, store::Id id, const cases::Actor& me) {
  auto h = ctx.store.GetCaseHistory(id);
  if (!h.ok()) return Response::Error(h.status());
  return Detail(ctx, std::move(*h), me);
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
  Response res = DetailAfterChange(ctx, *id, Me(r).actor);
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
  return DetailAfterChange(ctx, updated->id, Me(r).actor);
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

void PublishCaseChange(ApiContext& ctx, store::Id case_id, bool created) {
  auto c = ctx.store.GetCase(case_id);
  if (!c.ok()) {
    spdlog::warn("live update for case {} dropped: {}", case_id, c.status().ToString());
    return;
  }
  PublishChange(ctx, *c, created ? "case.created" : "case.updated");
}

void RegisterCaseRoutes(http::Router& router, ApiContext& ctx) {
  router.Get("/api/cases", [&ctx](Request& r) {
    auto q = CaseQueryFromRequest(ctx, r);
    if (!q.ok()) return Response::Error(q.status());
    auto page = ctx.store.ListCases(*q);
    if (!page.ok()) return Response::Error(page.status());
    bool reveal = RevealsConfidential(ctx, Me(r).actor);
    JsonWriter w;
    w.Reserve(1024 * page->cases.size() + 64).BeginObject().Key("cases").BeginArray();
    for (const auto& c : page->cases) {
      w.BeginObject();
      WriteCaseMembers(w, ctx, c, q->now, reveal);
      w.EndObject();
    }
    w.EndArray().Key("next_cursor");
    page->next_cursor ? w.String(*page->next_cursor) : w.Null();
    w.EndObject();
    return Response::JsonText(200, w.Take());
  });
  router.Post("/api/cases", [&ctx](Request& r) { return Create(ctx, r); });
  // Reading one case is a few indexed lookups (microseconds): it runs on the I/O thread rather
  // than paying a hand-off to the handler pool.
  http::RouteOptions quick;
  quick.run_inline = true;
  router.Get(
      "/api/cases/{id}",
      [&ctx](Request& r) {
        auto id = IdParam(r, "id");
        if (!id.ok()) return Response::Error(id.status());
        auto h = ctx.store.GetCaseHistory(*id);
        if (!h.ok() || !ctx.engine.CanSee(Me(r).actor, h->record)) {
          if (!h.ok() && h.status().code() != ErrorCode::kNotFound) {
            return Response::Error(h.status());
          }
          return Response::Error(
              NotFound("此件不存在：" + std::to_string(*id), "no case " + std::to_string(*id)));
        }
        return Detail(ctx, std::move(*h), Me(r).actor);
      },
      quick);
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
