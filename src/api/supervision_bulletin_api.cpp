// /api/supervision/bulletins: the monthly bulletin (督查通报) as a case of kind "bulletin"
// (config/workflows/bulletin.toml): generated from the data as a draft, edited by the office
// (each edit an event holding the whole document), issued (签发) — which notifies every user in
// the system — and downloaded as .docx or .pdf. Units see issued bulletins only.
#include <set>

#include "api/handler_support.h"
#include "api/json_views.h"
#include "api/supervision_api.h"
#include "http/json_body.h"
#include "supervision/bulletin.h"
#include "supervision/bulletin_case.h"
#include "supervision/bulletin_pdf.h"
#include "supervision/case_scan.h"
#include "supervision/docx.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

Result<store::CaseRecord> VisibleBulletin(ApiContext& ctx, const Request& r) {
  ZB_ASSIGN_OR_RETURN(store::Id id, IdParam(r, "id"));
  auto c = ctx.store.GetCase(id);
  const cases::Actor& me = Me(r).actor;
  if (!c.ok() || c->kind != "bulletin" || !(InOffice(me) || c->state == "issued")) {
    return NotFound("通报不存在：" + std::to_string(id), "no bulletin " + std::to_string(id));
  }
  return c;
}

json Summary(ApiContext& ctx, const store::CaseRecord& c) {
  const cases::Workflow* wf = ctx.engine.workflows().Find("bulletin");
  const cases::StateDef* st = wf ? wf->FindState(c.state) : nullptr;
  return {{"id", c.id},
          {"title", c.title},
          {"month", supervision::StrField(c, "month")},
          {"number", supervision::StrField(c, "number")},
          {"state", c.state},
          {"state_label", st ? st->label : c.state},
          {"state_label_en", st ? st->label_en : c.state},
          {"created_at", FormatIso(c.created_at)},
          {"updated_at", FormatIso(c.updated_at)},
          {"issued_at", c.closed_at ? json(FormatIso(*c.closed_at)) : json()},
          {"version", c.version}};
}

Response Detail(ApiContext& ctx, const Request& r, const store::CaseRecord& c, int status = 200) {
  auto doc = supervision::BulletinOfCase(c);
  if (!doc.ok()) return Response::Error(doc.status());
  json j = Summary(ctx, c);
  j["document"] = supervision::BulletinJson(*doc);
  json actions = json::array();
  for (const auto& a : ctx.engine.AvailableActions(Me(r).actor, c)) {
    if (a.action == "edit" || a.action == "issue") actions.push_back(a.action);
  }
  j["actions"] = actions;
  return Response::Json(status, j);
}

Response List(ApiContext& ctx, const Request& r) {
  auto all = supervision::AllCasesOf(ctx.store, "bulletin");
  if (!all.ok()) return Response::Error(all.status());
  bool office = InOffice(Me(r).actor);
  json out = json::array();
  for (auto it = all->rbegin(); it != all->rend(); ++it) {
    if (office || it->state == "issued") out.push_back(Summary(ctx, *it));
  }
  return Response::Json(200, {{"bulletins", out}});
}

Response Generate(ApiContext& ctx, Request& r) {
  const cases::Actor& me = Me(r).actor;
  if (!InOffice(me)) return Forbidden();
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  supervision::BulletinOptions o;
  o.month = f.String("month");
  o.number = f.OptString("number").value_or("");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  if (o.number.size() > 100) return Response::Error(Invalid("文号过长", "the number is too long"));
  auto id = supervision::DraftBulletin(ctx.engine, me, o, r.request_id);
  if (!id.ok()) return Response::Error(id.status());
  auto c = ctx.store.GetCase(*id);
  if (!c.ok()) return Response::Error(c.status());
  return Detail(ctx, r, *c, 201);
}

Response Edit(ApiContext& ctx, Request& r) {
  auto c = VisibleBulletin(ctx, r);
  if (!c.ok()) return Response::Error(c.status());
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  const json* doc = f.OptObject("document");
  auto version = f.OptInt("expected_version");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  if (!doc) return Response::Error(Invalid("请提供通报正文 document", "document is required"));
  auto b = supervision::BulletinFromJson(*doc);
  if (!b.ok()) return Response::Error(b.status());
  auto updated =
      supervision::EditBulletin(ctx.engine, Me(r).actor, c->id, *b, version, r.request_id);
  if (!updated.ok()) return Response::Error(updated.status());
  return Detail(ctx, r, *updated);
}

Response Issue(ApiContext& ctx, Request& r) {
  auto c = VisibleBulletin(ctx, r);
  if (!c.ok()) return Response::Error(c.status());
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  auto version = f.OptInt("expected_version");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  auto updated = supervision::IssueBulletin(ctx.engine, Me(r).actor, c->id, version, r.request_id);
  if (!updated.ok()) return Response::Error(updated.status());
  if (ctx.on_case_changed) ctx.on_case_changed();
  return Detail(ctx, r, *updated);
}

Response Docx(ApiContext& ctx, const Request& r) {
  auto c = VisibleBulletin(ctx, r);
  if (!c.ok()) return Response::Error(c.status());
  auto doc = supervision::BulletinOfCase(*c);
  if (!doc.ok()) return Response::Error(doc.status());
  auto bytes = supervision::RenderDocx(*doc);
  if (!bytes.ok()) return Response::Error(bytes.status());
  return Response::Bytes("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         std::move(*bytes),
                         "督查通报-" + supervision::StrField(*c, "month") + ".docx");
}

Response Pdf(ApiContext& ctx, const Request& r) {
  auto c = VisibleBulletin(ctx, r);
  if (!c.ok()) return Response::Error(c.status());
  auto doc = supervision::BulletinOfCase(*c);
  if (!doc.ok()) return Response::Error(doc.status());
  auto pdf = supervision::RenderBulletinPdf(*doc);
  if (!pdf.ok()) return Response::Error(pdf.status());
  return Response::Bytes("application/pdf", std::move(pdf->bytes),
                         "督查通报-" + supervision::StrField(*c, "month") + ".pdf");
}

}  // namespace

void RegisterBulletinRoutes(http::Router& router, ApiContext& ctx) {
  router.Get("/api/supervision/bulletins", [&ctx](Request& r) { return List(ctx, r); });
  router.Post("/api/supervision/bulletins", [&ctx](Request& r) { return Generate(ctx, r); });
  router.Get("/api/supervision/bulletins/{id}", [&ctx](Request& r) {
    auto c = VisibleBulletin(ctx, r);
    if (!c.ok()) return Response::Error(c.status());
    return Detail(ctx, r, *c);
  });
  http::RouteOptions big;
  big.max_body_bytes = 4u << 20;
  router.Put(
      "/api/supervision/bulletins/{id}", [&ctx](Request& r) { return Edit(ctx, r); }, big);
  router.Post("/api/supervision/bulletins/{id}/issue",
              [&ctx](Request& r) { return Issue(ctx, r); });
  router.Get("/api/supervision/bulletins/{id}/docx", [&ctx](Request& r) { return Docx(ctx, r); });
  router.Get("/api/supervision/bulletins/{id}/pdf", [&ctx](Request& r) { return Pdf(ctx, r); });
}

}  // namespace zb::api
