#include "api/hotline_queue_api.h"

#include <cstdio>
#include <functional>
#include <set>

#include "api/export_api.h"
#include "api/handler_support.h"
#include "api/hotline_api.h"
#include "hotline/kpi.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

constexpr int kMaxQueue = 500;

// Tickets in `state`, oldest step time limit first, at most kMaxQueue.
Result<std::vector<store::CaseRecord>> InState(ApiContext& ctx, const char* state) {
  std::vector<store::CaseRecord> out;
  store::CaseQuery q;
  q.kind = "hotline";
  q.state = state;
  q.sort = store::SortOrder::kDueAsc;
  q.now = ctx.clock.Now();
  q.limit = 200;
  ZB_RETURN_IF_ERROR(store::ForEachCase(ctx.store, q, [&](store::CaseRecord& c) {
    out.push_back(std::move(c));
    return static_cast<int>(out.size()) < kMaxQueue;
  }));
  return out;
}

// A queue for the hotline office: the tickets in `state`, each as TicketJson with what
// `describe` adds from its history.
Response Queue(
    ApiContext& ctx, Request& r, const char* state,
    const std::function<void(const store::CaseRecord&, const std::vector<store::EventRecord>&,
                             nlohmann::json&)>& describe) {
  const cases::Actor& me = Me(r).actor;
  if (!InOffice(me)) return Forbidden();
  auto list = InState(ctx, state);
  if (!list.ok()) return Response::Error(list.status());
  bool sees = SeesCallers(ctx, me);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : *list) {
    auto events = ctx.store.ListEvents(c.id);
    if (!events.ok()) return Response::Error(events.status());
    nlohmann::json j = TicketJson(ctx, c, sees);
    describe(c, *events, j);
    out.push_back(std::move(j));
  }
  return Response::Json(200, {{"tickets", out}});
}

Response Callbacks(ApiContext& ctx, Request& r) {
  return Queue(ctx, r, "replied",
               [&ctx](const store::CaseRecord& c, const std::vector<store::EventRecord>& events,
                      nlohmann::json& j) {
                 int attempts = 0;
                 nlohmann::json reply = nullptr;
                 for (const auto& e : events) {
                   if (e.type == "replied") {
                     attempts = 0;  // a new reply starts the callbacks again
                     reply = {{"text", e.data.value("text", "")},
                              {"at", FormatIso(e.at)},
                              {"by", ctx.cache->UserName(e.actor_id)},
                              {"unit", c.lead_unit_id ? ctx.cache->UnitName(*c.lead_unit_id) : ""}};
                   }
                   if (e.type == "callback" && e.action == "callback_unreachable") ++attempts;
                 }
                 j["reply"] = reply;
                 j["failed_attempts"] = attempts;
               });
}

Response Returned(ApiContext& ctx, Request& r) {
  return Queue(
      ctx, r, "returned",
      [&ctx](const store::CaseRecord&, const std::vector<store::EventRecord>& events,
             nlohmann::json& j) {
        nlohmann::json ret = nullptr;
        nlohmann::json units = nlohmann::json::array();  // every unit that returned it, in order
        std::optional<store::Id> lead;                   // the lead unit before each return
        for (const auto& e : events) {
          if (e.data.contains("lead_unit_id") && e.data["lead_unit_id"].is_number_integer()) {
            lead = e.data["lead_unit_id"].get<store::Id>();
          }
          if (e.type != "returned") continue;
          std::string unit = lead ? ctx.cache->UnitName(*lead) : "";
          units.push_back(unit);
          ret = {{"reason", e.data.value("reason", "")},
                 {"at", FormatIso(e.at)},
                 {"by", ctx.cache->UserName(e.actor_id)},
                 {"unit_id", lead ? nlohmann::json(*lead) : nlohmann::json()},
                 {"unit", unit}};
        }
        j["return"] = ret;
        j["returned_by_units"] = units;
      });
}

Result<std::optional<Instant>> TimeParam(const Request& r, const char* name) {
  auto v = r.Query(name);
  if (!v || v->empty()) return std::optional<Instant>();
  auto t = ParseInstant(*v);
  if (!t) {
    return Invalid(std::string("参数 ") + name + " 不是有效的时间：" + *v,
                   std::string("parameter ") + name + " is not a valid time: " + *v);
  }
  return std::optional<Instant>(*t);
}

// The KPIs of a request's period and unit, as JSON (also the source of the Excel report).
Result<nlohmann::json> KpiReport(ApiContext& ctx, const Request& r) {
  const cases::Actor& me = Me(r).actor;
  ZB_ASSIGN_OR_RETURN(auto from, TimeParam(r, "from"));
  ZB_ASSIGN_OR_RETURN(auto to, TimeParam(r, "to"));
  Instant now = ctx.clock.Now();
  // Default: this calendar month so far.
  Date today = ChinaDate(now);
  Instant start =
      from.value_or(ChinaMidnight(Date{today.year(), today.month(), std::chrono::day{1}}));
  Instant end = to.value_or(now + std::chrono::seconds(1));
  if (end <= start) return Invalid("结束时间应晚于开始时间", "to must be after from");
  if (end - start > std::chrono::days(3700)) {
    return Invalid("统计区间不能超过十年", "the period may not exceed ten years");
  }
  std::optional<store::Id> unit;
  if (auto u = r.Query("unit"); u && !u->empty()) {
    try {
      size_t used = 0;
      unit = std::stoll(*u, &used);
      if (used != u->size()) throw std::invalid_argument("trailing");
    } catch (...) {
      return Invalid("单位编号无效", "invalid unit id");
    }
  }
  if (!InOffice(me) && !unit) unit = me.user.unit_id;  // a unit sees its own figures
  if (!InOffice(me) && !me.InUnit(*unit)) {
    return Denied("只能查看本单位的指标", "you may only see your own unit's KPIs");
  }
  ZB_ASSIGN_OR_RETURN(auto facts, hotline::CollectTicketFacts(ctx.store, start, end));
  auto hours = hotline::CalendarWorkingHours(ctx.engine.deadlines());
  nlohmann::json j = {
      {"from", FormatIso(start)},
      {"to", FormatIso(end)},
      {"unit", unit ? nlohmann::json(*unit) : nlohmann::json()},
      {"kpis", hotline::KpisJson(hotline::ComputeKpis(facts, start, end, unit, hours))}};
  if (!unit) {
    std::set<store::Id> units;
    for (const auto& f : facts) {
      if (f.lead_unit_id) units.insert(*f.lead_unit_id);
    }
    nlohmann::json by_unit = nlohmann::json::array();
    for (store::Id u : units) {
      nlohmann::json row = hotline::KpisJson(hotline::ComputeKpis(facts, start, end, u, hours));
      row["unit_id"] = u;
      row["unit_name"] = ctx.cache->UnitName(u);
      by_unit.push_back(row);
    }
    j["by_unit"] = by_unit;
  }
  return j;
}

std::string Count(const nlohmann::json& v) {
  return v.is_number() ? std::to_string(v.get<int64_t>()) : "";
}

std::string Percent(const nlohmann::json& v) {
  if (!v.is_number()) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v.get<double>() * 100);
  return buf;
}

std::string Hours(const nlohmann::json& v) {
  if (!v.is_number()) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v.get<double>());
  return buf;
}

std::vector<std::string> KpiRow(const std::string& name, const nlohmann::json& k) {
  return {name,
          Count(k["received"]),
          Count(k["closed"]),
          Percent(k["close_rate"]),
          Percent(k["on_time_rate"]),
          Percent(k["callback_rate"]),
          Percent(k["satisfaction_rate"]),
          Percent(k["return_rate"]),
          Hours(k["avg_handling_hours"])};
}

Response KpiXlsx(ApiContext& ctx, Request& r) {
  auto report = KpiReport(ctx, r);
  if (!report.ok()) return Response::Error(report.status());
  const nlohmann::json& j = *report;
  std::string period = FormatChinaMinute(*ParseInstant(j["from"].get<std::string>())) + " 至 " +
                       FormatChinaMinute(*ParseInstant(j["to"].get<std::string>()));
  std::vector<std::vector<std::string>> rows;
  std::string overall =
      j["unit"].is_number() ? ctx.cache->UnitName(j["unit"].get<store::Id>()) : "全部";
  rows.push_back(KpiRow(overall, j["kpis"]));
  if (j.contains("by_unit")) {
    for (const auto& u : j["by_unit"]) rows.push_back(KpiRow(u["unit_name"], u));
  }
  rows.push_back({});
  rows.push_back({"统计区间", period});
  rows.push_back({"说明",
                  "办结率=办结/受理；按时办结率=按时办结/办结；回访率=已回访/已答复；"
                  "满意率=(满意+基本满意)/回访接通；退单率=退单/派单；办理时长按工作时间计"});
  static const std::vector<std::string> kHeader = {
      "单位",   "受理量",     "办结量",
      "办结率", "按时办结率", "回访率",
      "满意率", "退单率",     "平均办理时长(工作小时)"};
  auto bytes = WriteXlsx("热线考核指标", kHeader, rows);
  if (!bytes.ok()) return Response::Error(bytes.status());
  return Response::Bytes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         std::move(*bytes), "热线考核指标.xlsx");
}

}  // namespace

void RegisterHotlineQueueRoutes(http::Router& router, ApiContext& ctx) {
  router.Get("/api/hotline/callbacks", [&ctx](Request& r) { return Callbacks(ctx, r); });
  router.Get("/api/hotline/returned", [&ctx](Request& r) { return Returned(ctx, r); });
  router.Get("/api/hotline/kpis", [&ctx](Request& r) {
    auto report = KpiReport(ctx, r);
    if (!report.ok()) return Response::Error(report.status());
    return Response::Json(200, *report);
  });
  router.Get("/api/hotline/kpis.xlsx", [&ctx](Request& r) { return KpiXlsx(ctx, r); });
}

}  // namespace zb::api
