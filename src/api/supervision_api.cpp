#include "api/supervision_api.h"

#include <algorithm>
#include <set>

#include "api/export_api.h"
#include "api/handler_support.h"
#include "api/json_views.h"
#include "http/json_body.h"
#include "supervision/action_rules.h"
#include "supervision/bulletin.h"
#include "supervision/case_scan.h"
#include "supervision/instruction.h"
#include "supervision/key_project.h"
#include "supervision/ledger.h"
#include "supervision/on_time.h"
#include "supervision/proposal_board.h"
#include "supervision/proposal_import.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;
using nlohmann::json;

void Changed(ApiContext& ctx) {
  if (ctx.on_case_changed) ctx.on_case_changed();
}

bool IsProposalKind(const std::string& k) {
  return k == "deputy_suggestion" || k == "cppcc_proposal";
}

// ?from= and ?to= (ISO instants); default: this calendar year up to now.
Result<std::pair<Instant, Instant>> Window(ApiContext& ctx, const Request& r) {
  Instant now = ctx.clock.Now();
  Date today = ChinaDate(now);
  Instant from = ChinaMidnight(Date{today.year(), std::chrono::January, std::chrono::day{1}});
  Instant to = now + std::chrono::seconds(1);
  for (auto [name, slot] : {std::pair{"from", &from}, std::pair{"to", &to}}) {
    auto v = r.Query(name);
    if (!v || v->empty()) continue;
    auto t = ParseInstant(*v);
    if (!t) {
      return Invalid(std::string("参数 ") + name + " 不是有效的时间：" + *v,
                     std::string("parameter ") + name + " is not a valid time: " + *v);
    }
    *slot = *t;
  }
  if (to <= from) return Invalid("结束时间应晚于开始时间", "to must be after from");
  return std::pair{from, to};
}

// -- instructions

Response Instructions(ApiContext& ctx, const Request& r) {
  const cases::Actor& me = Me(r).actor;
  auto all = supervision::AllCasesOf(ctx.store, "instruction");
  if (!all.ok()) return Response::Error(all.status());
  Instant now = ctx.clock.Now();
  std::map<store::Id, std::vector<store::CaseRecord>> parts;
  std::set<store::Id> visible;
  for (const auto& c : *all) {
    if (ctx.engine.CanSee(me, c)) visible.insert(c.id);
    if (int64_t p = supervision::IntField(c, "parent_id"); p > 0) parts[p].push_back(c);
  }
  json out = json::array();
  for (auto it = all->rbegin(); it != all->rend(); ++it) {  // newest first
    const auto& c = *it;
    int64_t parent = supervision::IntField(c, "parent_id");
    if (!visible.count(c.id) || (parent > 0 && visible.count(parent))) continue;
    json j = CaseJson(ctx, c, now);
    if (auto p = parts.find(c.id); p != parts.end()) {
      auto roll = supervision::SummariseParts(c.id, p->second, now);
      j["roll_up"] = {{"total", roll.total},
                      {"closed", roll.closed},
                      {"open", roll.open},
                      {"overdue", roll.overdue},
                      {"all_closed", roll.all_closed}};
    }
    out.push_back(std::move(j));
  }
  return Response::Json(200, {{"instructions", out}});
}

// The parts of a split case (an instruction's, or a suggestion's or proposal's) with their
// roll-up; `key` names the original in the answer ("instruction" / "proposal").
Response RollUp(ApiContext& ctx, const Request& r, bool proposal) {
  const cases::Actor& me = Me(r).actor;
  auto id = IdParam(r, "id");
  if (!id.ok()) return Response::Error(id.status());
  auto parent = ctx.store.GetCase(*id);
  bool kind_ok =
      parent.ok() && (proposal ? IsProposalKind(parent->kind) : parent->kind == "instruction");
  if (!kind_ok || !ctx.engine.CanSee(me, *parent)) {
    return Response::Error(proposal ? NotFound("建议提案不存在", "no such suggestion or proposal")
                                    : NotFound("批示件不存在", "no such instruction"));
  }
  auto all = supervision::AllCasesOf(ctx.store, parent->kind);
  if (!all.ok()) return Response::Error(all.status());
  std::vector<store::CaseRecord> parts;
  for (auto& c : *all) {
    if (supervision::IntField(c, "parent_id") == *id && ctx.engine.CanSee(me, c)) {
      parts.push_back(std::move(c));
    }
  }
  Instant now = ctx.clock.Now();
  json j = supervision::RollUpJson(supervision::SummariseParts(*id, parts, now));
  j[proposal ? "proposal" : "instruction"] = CaseJson(ctx, *parent, now);
  json detailed = json::array();
  for (const auto& c : parts) detailed.push_back(CaseJson(ctx, c, now));
  j["part_cases"] = detailed;
  return Response::Json(200, j);
}

// POST …/{id}/split {unit_ids, time_limit?, due_at?}: 分办 of an instruction or a proposal.
Response Split(ApiContext& ctx, Request& r, bool proposal) {
  auto id = IdParam(r, "id");
  if (!id.ok()) return Response::Error(id.status());
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  supervision::SplitRequest req;
  req.parent_id = *id;
  const json* units = f.OptArray("unit_ids");
  auto due = f.OptString("due_at");
  auto limit = f.OptString("time_limit");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  if (!units || units->empty() || units->size() > 200) {
    return Response::Error(Invalid("请选择 1 至 200 个承办单位", "give 1 to 200 unit_ids"));
  }
  for (const auto& u : *units) {
    if (!u.is_number_integer()) {
      return Response::Error(Invalid("unit_ids 应为编号数组", "unit_ids must be ids"));
    }
    req.unit_ids.push_back(u.get<int64_t>());
  }
  if (due && !due->empty()) {
    req.due_at = ParseInstant(*due);
    if (!req.due_at) {
      return Response::Error(
          Invalid("时限格式无效：" + *due, "due_at is not a valid time: " + *due));
    }
  }
  if (limit && !limit->empty()) req.time_limit = *limit;
  req.request_id = r.request_id;
  const cases::Actor& me = Me(r).actor;
  auto ids = proposal ? supervision::SplitProposal(ctx.engine, me, req)
                      : supervision::SplitInstruction(ctx.engine, me, req);
  if (!ids.ok()) return Response::Error(ids.status());
  Changed(ctx);
  auto parent = ctx.store.GetCase(*id);
  if (!parent.ok()) return Response::Error(parent.status());
  auto roll = supervision::RollUpParts(ctx.store, parent->kind, *id, ctx.clock.Now());
  if (!roll.ok()) return Response::Error(roll.status());
  return Response::Json(201, {{"part_ids", *ids}, {"roll_up", supervision::RollUpJson(*roll)}});
}

// -- on-time statistics

Response OnTime(ApiContext& ctx, const Request& r) {
  const cases::Actor& me = Me(r).actor;
  std::string kind = r.Query("kind").value_or("assignment");
  if (kind != "assignment" && kind != "instruction") {
    return Response::Error(Invalid("kind 应为 assignment 或 instruction：" + kind,
                                   "kind must be assignment or instruction: " + kind));
  }
  auto window = Window(ctx, r);
  if (!window.ok()) return Response::Error(window.status());
  auto [from, to] = *window;
  auto cases = supervision::AllCasesOf(ctx.store, kind);
  if (!cases.ok()) return Response::Error(cases.status());
  if (kind == "instruction") {  // a split instruction counts through its parts
    std::erase_if(*cases, [](const store::CaseRecord& c) { return c.state == "split"; });
  }
  bool office = InOffice(me);
  json rows = json::array();
  int rank = 0;
  for (const auto& s : supervision::RankUnitsByOnTime(*cases, from, to)) {
    ++rank;
    if (!office && !(s.unit_id && me.InUnit(*s.unit_id))) continue;
    json j = supervision::OnTimeJson(s);
    j["rank"] = rank;
    j["unit_name"] = s.unit_id ? ctx.cache->UnitName(*s.unit_id) : "";
    rows.push_back(std::move(j));
  }
  std::optional<store::Id> own;
  if (!office) own = me.user.unit_id;
  return Response::Json(
      200, {{"kind", kind},
            {"from", FormatIso(from)},
            {"to", FormatIso(to)},
            {"units_ranked", rank},
            {"total", supervision::OnTimeJson(supervision::ComputeOnTime(*cases, from, to, own))},
            {"by_unit", rows}});
}

// -- proposals

Response Import(ApiContext& ctx, Request& r) {
  const cases::Actor& me = Me(r).actor;
  if (!InOffice(me)) return Forbidden();
  supervision::ProposalImportOptions o;
  o.kind = r.Query("kind").value_or("");
  if (!IsProposalKind(o.kind)) {
    return Response::Error(Invalid("kind 应为 deputy_suggestion 或 cppcc_proposal",
                                   "kind must be deputy_suggestion or cppcc_proposal"));
  }
  o.session = r.Query("session").value_or("");
  o.time_limit = r.Query("time_limit").value_or("");
  o.dry_run = r.Query("dry_run").value_or("") == "1";
  o.request_id = r.request_id;
  if (r.body.empty()) return Response::Error(Invalid("文件为空", "the file is empty"));
  auto table = hotline::ParseTable(r.body);
  if (!table.ok()) return Response::Error(table.status());
  auto report = supervision::ImportProposals(ctx.engine, me, *table, o);
  if (!report.ok()) return Response::Error(report.status());
  json j = supervision::ProposalImportJson(*report);
  if (!report->problems.empty()) {
    return Response::Error(
        Invalid("文件有 " + std::to_string(report->problems.size()) + " 处问题，未导入任何一件",
                std::to_string(report->problems.size()) +
                    " problems in the file; nothing was imported"),
        j);
  }
  if (!o.dry_run) {
    Changed(ctx);
    Audit(ctx, r, "supervision.import", o.kind,
          {{"session", o.session}, {"imported", report->imported}});
  }
  return Response::Json(o.dry_run ? 200 : 201, j);
}

json BoardRowNames(ApiContext& ctx, json row) {
  row["unit_name"] = row["unit_id"].is_number() ? ctx.cache->UnitName(row["unit_id"]) : "";
  return row;
}

Response Board(ApiContext& ctx, const Request& r) {
  const cases::Actor& me = Me(r).actor;
  std::string kind = r.Query("kind").value_or("deputy_suggestion");
  if (!IsProposalKind(kind)) {
    return Response::Error(Invalid("kind 应为 deputy_suggestion 或 cppcc_proposal",
                                   "kind must be deputy_suggestion or cppcc_proposal"));
  }
  std::string session = r.Query("session").value_or("");
  auto cases = supervision::AllCasesOf(ctx.store, kind);
  if (!cases.ok()) return Response::Error(cases.status());
  std::set<std::string> sessions;
  for (const auto& c : *cases) sessions.insert(supervision::StrField(c, "session"));
  Instant now = ctx.clock.Now();
  bool office = InOffice(me);
  if (!office) {
    std::erase_if(*cases, [&](const store::CaseRecord& c) { return !ctx.engine.CanSee(me, c); });
  }
  auto board = supervision::BuildSessionBoard(*cases, kind, session, now);
  json j = supervision::SessionBoardJson(board);
  json rows = json::array();
  for (const auto& row : j["by_unit"]) {
    if (!office && !(row["unit_id"].is_number() && me.InUnit(row["unit_id"]))) continue;
    rows.push_back(BoardRowNames(ctx, row));
  }
  j["by_unit"] = rows;
  j["sessions"] = sessions;
  if (office) {
    auto missing = supervision::MissingCoOpinions(ctx.store, kind, session, now);
    if (!missing.ok()) return Response::Error(missing.status());
    json m = json::array();
    for (const auto& x : *missing) {
      m.push_back({{"case_id", x.case_id},
                   {"co_unit_id", x.co_unit_id},
                   {"co_unit_name", ctx.cache->UnitName(x.co_unit_id)},
                   {"due_at", FormatIso(x.due_at)}});
    }
    j["missing_opinions"] = m;
  }
  return Response::Json(200, j);
}

// -- key projects

Response Tree(ApiContext& ctx, const Request& r) {
  const cases::Actor& me = Me(r).actor;
  auto all = supervision::AllCasesOf(ctx.store, "key_project");
  if (!all.ok()) return Response::Error(all.status());
  Instant now = ctx.clock.Now();
  std::map<store::Id, json> nodes;
  std::map<store::Id, std::vector<store::Id>> children;
  std::vector<store::Id> roots;
  for (const auto& c : *all) {
    if (!ctx.engine.CanSee(me, c)) continue;
    json j = CaseJson(ctx, c, now);
    j["children"] = json::array();
    nodes.emplace(c.id, std::move(j));
  }
  for (const auto& c : *all) {
    if (!nodes.count(c.id)) continue;
    int64_t p = supervision::IntField(c, "parent_id");
    if (p > 0 && nodes.count(p)) {
      children[p].push_back(c.id);
    } else {
      roots.push_back(c.id);
    }
  }
  // Depth-first, children in id order; depth is bounded by the node count.
  std::function<json(store::Id, int)> build = [&](store::Id id, int depth) {
    json j = std::move(nodes[id]);
    if (depth < 16) {
      for (store::Id ch : children[id]) j["children"].push_back(build(ch, depth + 1));
    }
    return j;
  };
  json out = json::array();
  for (store::Id id : roots) out.push_back(build(id, 0));
  return Response::Json(200, {{"programmes", out}});
}

Response Report(ApiContext& ctx, Request& r) {
  auto id = IdParam(r, "id");
  if (!id.ok()) return Response::Error(id.status());
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  supervision::ProgressReport rep;
  rep.case_id = *id;
  rep.period = f.String("period");
  rep.percent = f.Number("percent");
  rep.actual_value = f.OptNumber("actual_value");
  rep.text = f.String("text");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  rep.request_id = r.request_id;
  auto c = supervision::SubmitProgressReport(ctx.engine, Me(r).actor, rep);
  if (!c.ok()) return Response::Error(c.status());
  Changed(ctx);
  return Response::Json(201, CaseJson(ctx, *c, ctx.clock.Now()));
}

Response Missing(ApiContext& ctx, const Request& r) {
  const cases::Actor& me = Me(r).actor;
  auto missing = supervision::MissingReports(ctx.store, ctx.clock.Now());
  if (!missing.ok()) return Response::Error(missing.status());
  json out = json::array();
  for (const auto& m : *missing) {
    if (!InOffice(me) && !(m.unit_id && me.InUnit(*m.unit_id))) continue;
    json j = supervision::MissingReportJson(m);
    j["unit_name"] = m.unit_id ? ctx.cache->UnitName(*m.unit_id) : "";
    out.push_back(std::move(j));
  }
  return Response::Json(200, {{"missing", out}});
}

Response Urge(ApiContext& ctx, Request& r) {
  const cases::Actor& me = Me(r).actor;
  if (!InOffice(me)) return Forbidden();
  auto urged = supervision::UrgeMissingReports(ctx.engine, me, ctx.clock.Now());
  if (!urged.ok()) return Response::Error(urged.status());
  if (*urged > 0) Changed(ctx);
  return Response::Json(200, {{"urged", *urged}});
}

// -- ledgers

Response Ledger(ApiContext& ctx, const Request& r) {
  const cases::Actor& me = Me(r).actor;
  std::string kind(r.PathParam("kind"));
  const cases::Workflow* wf = ctx.engine.workflows().Find(kind);
  const auto& kinds = supervision::SupervisedKinds();
  if (!wf || std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    return Response::Error(Invalid("没有这类台账：" + kind, "no ledger for kind: " + kind));
  }
  auto cases = supervision::AllCasesOf(ctx.store, kind);
  if (!cases.ok()) return Response::Error(cases.status());
  std::erase_if(*cases, [&](const store::CaseRecord& c) { return !ctx.engine.CanSee(me, c); });
  supervision::LedgerNames names;
  for (const auto& s : wf->states) names.state_labels[s.id] = s.label;
  auto units = ctx.store.ListUnits();
  auto users = ctx.store.ListUsers();
  if (!units.ok()) return Response::Error(units.status());
  if (!users.ok()) return Response::Error(users.status());
  for (const auto& u : *units) names.units[u.id] = u.name;
  for (const auto& u : *users) names.users[u.id] = u.display_name;
  auto table = supervision::BuildLedger(kind, *cases, names, ctx.clock.Now());
  if (!table.ok()) return Response::Error(table.status());
  for (auto& row : table->rows) {
    for (auto& cell : row) cell = SpreadsheetSafe(cell);
  }
  auto bytes = WriteXlsx(table->sheet_name, table->header, table->rows);
  if (!bytes.ok()) return Response::Error(bytes.status());
  Audit(ctx, r, "supervision.ledger", kind, {{"rows", table->rows.size()}});
  Date d = ChinaDate(ctx.clock.Now());
  char stamp[16];
  std::snprintf(stamp, sizeof stamp, "%04d%02u%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return Response::Bytes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         std::move(*bytes), table->sheet_name + "-" + stamp + ".xlsx");
}

}  // namespace

void RegisterSupervisionRoutes(http::Router& router, ApiContext& ctx) {
  supervision::AddSupervisionRules(ctx.engine);
  router.Get("/api/supervision/instructions", [&ctx](Request& r) { return Instructions(ctx, r); });
  router.Get("/api/supervision/instructions/{id}/roll-up",
             [&ctx](Request& r) { return RollUp(ctx, r, false); });
  router.Post("/api/supervision/instructions/{id}/split",
              [&ctx](Request& r) { return Split(ctx, r, false); });
  router.Get("/api/supervision/on-time", [&ctx](Request& r) { return OnTime(ctx, r); });
  http::RouteOptions big;
  big.max_body_bytes = hotline::kMaxTableBytes;
  router.Post(
      "/api/supervision/proposals/import", [&ctx](Request& r) { return Import(ctx, r); }, big);
  router.Get("/api/supervision/proposals/board", [&ctx](Request& r) { return Board(ctx, r); });
  router.Post("/api/supervision/proposals/{id}/split",
              [&ctx](Request& r) { return Split(ctx, r, true); });
  router.Get("/api/supervision/proposals/{id}/roll-up",
             [&ctx](Request& r) { return RollUp(ctx, r, true); });
  router.Get("/api/supervision/key-projects", [&ctx](Request& r) { return Tree(ctx, r); });
  router.Get("/api/supervision/key-projects/missing-reports",
             [&ctx](Request& r) { return Missing(ctx, r); });
  router.Post("/api/supervision/key-projects/urge", [&ctx](Request& r) { return Urge(ctx, r); });
  router.Post("/api/supervision/key-projects/{id}/reports",
              [&ctx](Request& r) { return Report(ctx, r); });
  router.Get("/api/supervision/ledgers/{kind}", [&ctx](Request& r) { return Ledger(ctx, r); });
  RegisterBulletinRoutes(router, ctx);
}

}  // namespace zb::api
