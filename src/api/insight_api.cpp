#include "api/insight_api.h"

#include <chrono>

#include "api/handler_support.h"
#include "api/insight_period.h"
#include "api/insight_report.h"
#include "api/insight_run.h"
#include "api/json_views.h"
#include "cases/calendar_deadlines.h"
#include "http/json_body.h"
#include "store/insight_store.h"
#include "supervision/bulletin_pdf.h"
#include "supervision/docx.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

json RunJson(ApiContext& ctx, const store::InsightRun& run) {
  return {{"id", run.id},
          {"kind", run.kind},
          {"from", FormatDate(run.period_from)},
          {"to", FormatDate(run.period_to)},
          {"actor", {{"id", run.actor_id}, {"name", ctx.cache->UserName(run.actor_id)}}},
          {"started_at", FormatIso(run.started_at)},
          {"finished_at", FormatIso(run.finished_at)},
          {"seconds", std::chrono::duration<double>(run.finished_at - run.started_at).count()},
          {"tickets", run.tickets},
          {"status", run.status},
          {"source", run.source},
          {"notes", run.notes}};
}

json FindingJson(ApiContext& ctx, const store::InsightFinding& f, const cases::Actor& me,
                 Instant now) {
  json j = {{"id", f.id},
            {"run_id", f.run_id},
            {"rank", f.rank},
            {"type", f.type},
            {"key", f.key},
            {"status", f.status},
            {"title", f.title},
            {"score", f.score},
            {"previous_score", f.previous_score ? json(*f.previous_score) : json(nullptr)},
            {"evidence", f.evidence},
            {"evidence_ok", f.evidence_ok},
            {"summary", EvidenceSentence(f)},
            {"case_id", f.case_id ? json(*f.case_id) : json(nullptr)},
            {"case", nullptr}};
  if (f.case_id) {
    auto c = ctx.store.GetCase(*f.case_id);
    if (c.ok() && ctx.engine.CanSee(me, *c)) {
      j["case"] = {
          {"id", c->id},       {"kind", c->kind},           {"state", c->state},
          {"title", c->title}, {"light", LightOf(*c, now)}, {"closed", c->closed_at.has_value()}};
    }
  }
  return j;
}

Result<Date> DateField(const std::optional<std::string>& v, const char* name) {
  if (!v || v->empty()) {
    return Invalid(std::string("缺少日期 ") + name, std::string("missing date ") + name);
  }
  auto d = ParseDate(*v);
  if (!d || !d->ok()) {
    return Invalid(std::string("日期 ") + name + " 无效：" + v->substr(0, 40),
                   std::string("date ") + name + " is not valid: " + v->substr(0, 40));
  }
  return *d;
}

// ?run=ID, or the latest finished run; nullopt when there is none yet.
Result<std::optional<store::InsightRun>> ChosenRun(ApiContext& ctx, const Request& r) {
  if (auto v = r.Query("run"); v && !v->empty()) {
    char* end = nullptr;
    long long id = std::strtoll(v->c_str(), &end, 10);
    if (*end != '\0' || id <= 0) {
      return Invalid("参数 run 应为编号", "run must be a run id");
    }
    ZB_ASSIGN_OR_RETURN(auto run, store::GetInsightRun(ctx.store, id));
    return std::optional<store::InsightRun>(std::move(run));
  }
  ZB_ASSIGN_OR_RETURN(auto runs, store::ListInsightRuns(ctx.store, 1, "", true));
  if (runs.empty()) return std::optional<store::InsightRun>();
  return std::optional<store::InsightRun>(std::move(runs.front()));
}

Response Findings(ApiContext& ctx, const Request& r) {
  if (!InOffice(Me(r).actor)) return Forbidden();
  auto run = ChosenRun(ctx, r);
  if (!run.ok()) return Response::Error(run.status());
  if (!*run) {
    return Response::Json(200, {{"run", nullptr}, {"findings", json::array()}});
  }
  auto findings = store::ListInsightFindings(ctx.store, (*run)->id);
  if (!findings.ok()) return Response::Error(findings.status());
  json out = json::array();
  bool corrupt = false;
  Instant now = ctx.clock.Now();
  for (const auto& f : *findings) {
    corrupt = corrupt || !f.evidence_ok;
    out.push_back(FindingJson(ctx, f, Me(r).actor, now));
  }
  json j = {{"run", RunJson(ctx, **run)}, {"findings", out}};
  if (corrupt) {
    j["warning"] = {{"message", "部分分析结果的存档已损坏，无法显示其依据，请重新分析"},
                    {"message_en",
                     "some stored evidence is corrupted and cannot be shown; run the analysis "
                     "again"}};
  }
  return Response::Json(200, j);
}

Response Runs(ApiContext& ctx, const Request& r) {
  if (!InOffice(Me(r).actor)) return Forbidden();
  auto runs = store::ListInsightRuns(ctx.store, 50);
  if (!runs.ok()) return Response::Error(runs.status());
  json out = json::array();
  for (const auto& run : *runs) out.push_back(RunJson(ctx, run));
  return Response::Json(200, {{"runs", out}});
}

Response StartRun(ApiContext& ctx, Request& r) {
  if (!InOffice(Me(r).actor)) return Forbidden();
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  auto from_text = f.OptString("from");
  auto to_text = f.OptString("to");
  std::string kind = f.OptString("kind").value_or("on_demand");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  if (kind != "on_demand" && kind != "weekly" && kind != "monthly") {
    return Response::Error(Invalid("kind 应为 on_demand、weekly 或 monthly",
                                   "kind must be on_demand, weekly or monthly"));
  }
  auto from = DateField(from_text, "from");
  if (!from.ok()) return Response::Error(from.status());
  auto to = DateField(to_text, "to");
  if (!to.ok()) return Response::Error(to.status());
  InsightRequest req;
  req.kind = kind;
  req.from = *from;
  req.to = *to;
  req.actor_id = Me(r).actor.user.id;
  req.request_id = r.request_id;
  auto id = InsightRunner::Shared().Run(ctx.store, req, ctx.clock, InsightCalendar(ctx.engine));
  if (!id.ok()) return Response::Error(id.status());
  auto run = store::GetInsightRun(ctx.store, *id);
  if (!run.ok()) return Response::Error(run.status());
  auto findings = store::ListInsightFindings(ctx.store, *id);
  if (!findings.ok()) return Response::Error(findings.status());
  json out = json::array();
  Instant now = ctx.clock.Now();
  for (const auto& finding : *findings) out.push_back(FindingJson(ctx, finding, Me(r).actor, now));
  return Response::Json(201, {{"run", RunJson(ctx, *run)}, {"findings", out}});
}

Result<store::Id> DefaultLeader(ApiContext& ctx) {
  ZB_ASSIGN_OR_RETURN(auto users, ctx.store.ListUsers());
  for (const auto& u : users) {
    if (u.active && u.role == "city_leader") return u.id;
  }
  return Invalid("请指定批示领导 leader_id", "give leader_id");
}

Response ToCase(ApiContext& ctx, Request& r) {
  const cases::Actor& me = Me(r).actor;
  if (!InOffice(me)) return Forbidden();
  auto id = IdParam(r, "id");
  if (!id.ok()) return Response::Error(id.status());
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields fields(*body);
  std::string as = fields.OptString("as").value_or("");
  auto leader = fields.OptInt("leader_id");
  auto unit = fields.OptInt("unit_id");
  auto limit = fields.OptString("time_limit");
  if (Status s = fields.Finish(); !s.ok()) return Response::Error(s);
  auto finding = store::GetInsightFinding(ctx.store, *id);
  if (!finding.ok()) return Response::Error(finding.status());
  if (as != "instruction" && as != "assignment") {
    return Response::Error(Invalid("as 应为 instruction（批示件）或 assignment（交办）",
                                   "as must be instruction or assignment"));
  }
  if (finding->case_id) {
    return Response::Error(
        Conflict("该发现已转为事项 " + std::to_string(*finding->case_id),
                 "the finding was already turned into case " + std::to_string(*finding->case_id)));
  }
  if (as == "assignment" && !unit) {
    return Response::Error(Invalid("交办需指定承办单位 unit_id", "give unit_id to assign"));
  }
  store::Id leader_id = 0;
  if (leader) {
    leader_id = *leader;
  } else {
    auto found = DefaultLeader(ctx);
    if (!found.ok()) return Response::Error(found.status());
    leader_id = *found;
  }
  std::string matter = std::string(FindingTypeLabel(finding->type)) + "：" + finding->title + "。" +
                       EvidenceSentence(*finding);
  cases::CreateRequest create;
  create.kind = as;
  create.title = "热线" + std::string(FindingTypeLabel(finding->type)) + "：" + finding->title;
  create.request_id = r.request_id;
  if (as == "instruction") {
    create.fields = {{"leader_id", leader_id},
                     {"source", "热线发现"},
                     {"source_ref", "热点与预警分析 第 " + std::to_string(finding->run_id) + " 次"},
                     {"matter", matter}};
  } else {
    create.fields = {{"leader_id", leader_id}, {"source", "其他"}, {"content", matter}};
  }
  auto case_id = ctx.engine.Create(me, create);
  if (!case_id.ok()) return Response::Error(case_id.status());
  if (as == "assignment") {
    cases::ActionRequest assign;
    assign.case_id = *case_id;
    assign.action = "assign";
    assign.lead_unit_id = *unit;
    assign.time_limit = limit;
    assign.request_id = r.request_id;
    auto done = ctx.engine.Perform(me, assign);
    if (!done.ok()) {
      return Response::Error(done.status(), {{"case_id", *case_id}});
    }
  }
  store::AuditEntry audit;
  audit.at = ctx.clock.Now();
  audit.actor_id = me.user.id;
  audit.request_id = r.request_id;
  audit.detail = {{"case_id", *case_id}, {"as", as}, {"key", finding->key}};
  if (Status s = store::SetInsightFindingCase(ctx.store, *id, *case_id, audit); !s.ok()) {
    return Response::Error(s);
  }
  if (ctx.on_case_changed) ctx.on_case_changed();
  auto updated = store::GetInsightFinding(ctx.store, *id);
  if (!updated.ok()) return Response::Error(updated.status());
  return Response::Json(
      201, {{"case_id", *case_id}, {"finding", FindingJson(ctx, *updated, me, ctx.clock.Now())}});
}

Response Report(ApiContext& ctx, const Request& r) {
  if (!InOffice(Me(r).actor)) return Forbidden();
  std::string period = r.Query("period").value_or("");
  std::string format = r.Query("format").value_or("docx");
  if (period != "week" && period != "month") {
    return Response::Error(Invalid("period 应为 week 或 month", "period must be week or month"));
  }
  if (format != "docx" && format != "pdf") {
    return Response::Error(Invalid("format 应为 docx 或 pdf", "format must be docx or pdf"));
  }
  auto run = ChosenRun(ctx, r);
  if (!run.ok()) return Response::Error(run.status());
  if (!*run) {
    return Response::Error(NotFound("还没有分析结果，请先运行分析", "no insight run yet"));
  }
  // The tickets of the period and the one before are counted from their stored features.
  Date first = PeriodStart(
      period,
      Date{std::chrono::sys_days(PeriodStart(period, (*run)->period_to)) - std::chrono::days{1}});
  if (auto prepared = InsightRunner::Shared().PrepareFeatures(ctx.store, first, (*run)->period_to);
      !prepared.ok()) {
    return Response::Error(prepared.status());
  }
  auto built = BuildPeriodReport(ctx.store, period, **run);
  if (!built.ok()) return Response::Error(built.status());
  InsightReport report = std::move(*built);
  Date today = ChinaDate(ctx.clock.Now());
  report.date = std::to_string(int(today.year())) + "年" + std::to_string(unsigned(today.month())) +
                "月" + std::to_string(unsigned(today.day())) + "日";
  supervision::Bulletin doc = InsightReportDocument(report);
  std::string name = std::string("热线热点与预警分析") + (period == "week" ? "周报-" : "月报-") +
                     FormatDate((*run)->period_to);
  if (format == "pdf") {
    auto pdf = supervision::RenderBulletinPdf(doc);
    if (!pdf.ok()) return Response::Error(pdf.status());
    return Response::Bytes("application/pdf", std::move(pdf->bytes), name + ".pdf");
  }
  auto bytes = supervision::RenderDocx(doc);
  if (!bytes.ok()) return Response::Error(bytes.status());
  return Response::Bytes("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         std::move(*bytes), name + ".docx");
}

}  // namespace

const calendar::WorkingCalendar& InsightCalendar(const cases::CaseEngine& engine) {
  static const calendar::WorkingCalendar weekends_only;
  const auto* d = dynamic_cast<const cases::CalendarDeadlines*>(&engine.deadlines());
  return d ? d->calendar() : weekends_only;
}

void RegisterInsightRoutes(http::Router& router, ApiContext& ctx) {
  router.Get("/api/insight/runs", [&ctx](Request& r) { return Runs(ctx, r); });
  router.Post("/api/insight/runs", [&ctx](Request& r) { return StartRun(ctx, r); });
  router.Get("/api/insight/findings", [&ctx](Request& r) { return Findings(ctx, r); });
  router.Post("/api/insight/findings/{id}/case", [&ctx](Request& r) { return ToCase(ctx, r); });
  router.Get("/api/insight/report", [&ctx](Request& r) { return Report(ctx, r); });
}

}  // namespace zb::api
