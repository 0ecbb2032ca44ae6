#include "api/dashboard_api.h"

#include <algorithm>
#include <map>

#include "api/handler_support.h"
#include "api/json_views.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

constexpr int kWeeks = 12;
constexpr size_t kOverdueShown = 50;
constexpr int64_t kDay = 86400;
constexpr int64_t kChinaOffset = 8 * 3600;

// Days since 1970-01-01 of the Monday starting the China-time week that holds `t`.
int64_t WeekStartDay(Instant t) {
  int64_t local = ToUnixSeconds(t) + kChinaOffset;
  int64_t day = local >= 0 ? local / kDay : (local - kDay + 1) / kDay;
  int64_t since_monday = ((day + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
  return day - since_monday;
}

std::string DayString(int64_t day) {
  return FormatIso(FromUnixSeconds(day * kDay - kChinaOffset)).substr(0, 10);
}

struct UnitTally {
  int64_t total = 0, closed = 0, closed_on_time = 0, overdue_open = 0;
};

double Ratio(int64_t a, int64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
}

// Calls `fn` for every case `me` may see, read a thousand at a time without their fields.
Status ForEachVisibleCase(ApiContext& ctx, const cases::Actor& me, const CaseVisitor& fn) {
  store::CaseQuery q;
  q.now = ctx.clock.Now();
  if (!me.sees_all) {
    q.visible_unit_ids = me.unit_ids;
    q.visible_creator = me.user.id;
  }
  q.limit = 1000;
  q.summary_only = true;
  return store::ForEachCase(ctx.store, q, [&](store::CaseRecord& c) {
    fn(c);
    return true;
  });
}

}  // namespace

Result<nlohmann::json> DashboardJson(ApiContext& ctx, const CaseSource& each, Instant now) {
  int64_t open = 0, red = 0, yellow = 0, green = 0;
  std::map<std::string, int64_t> by_kind;
  std::map<std::pair<std::string, std::string>, int64_t> by_state;
  std::map<store::Id, UnitTally> units;
  std::vector<std::pair<Instant, store::Id>> overdue;  // (due_at, id) of the red ones
  int64_t total = 0;
  int64_t this_week = WeekStartDay(now);
  int64_t first_week = this_week - 7 * (kWeeks - 1);
  std::vector<int64_t> created(kWeeks, 0), closed(kWeeks, 0);
  auto week_index = [&](Instant t) -> int {
    int64_t w = WeekStartDay(t);
    if (w < first_week || w > this_week) return -1;
    return static_cast<int>((w - first_week) / 7);
  };

  Status read = each([&](const store::CaseRecord& c) {
    ++total;
    ++by_kind[c.kind];
    ++by_state[{c.kind, c.state}];
    std::string light = LightOf(c, now);
    if (!c.closed_at) ++open;
    if (light == "red") {
      ++red;
      overdue.emplace_back(*c.due_at, c.id);
    } else if (light == "yellow") {
      ++yellow;
    } else if (light == "green") {
      ++green;
    }
    if (c.lead_unit_id) {
      UnitTally& u = units[*c.lead_unit_id];
      ++u.total;
      if (c.closed_at) {
        ++u.closed;
        if (!c.due_at || *c.closed_at <= *c.due_at) ++u.closed_on_time;
      } else if (light == "red") {
        ++u.overdue_open;
      }
    }
    if (int i = week_index(c.created_at); i >= 0) ++created[i];
    if (c.closed_at) {
      if (int i = week_index(*c.closed_at); i >= 0) ++closed[i];
    }
  });
  if (!read.ok()) return read;

  nlohmann::json kinds = nlohmann::json::array();
  for (const auto& [kind, n] : by_kind) {
    const cases::Workflow* wf = ctx.engine.workflows().Find(kind);
    kinds.push_back({{"key", kind},
                     {"label", wf ? wf->label : kind},
                     {"label_en", wf ? wf->label_en : kind},
                     {"count", n}});
  }
  // States in each workflow's own order.
  nlohmann::json states = nlohmann::json::array();
  for (const auto& [kind, n] : by_kind) {
    (void)n;
    const cases::Workflow* wf = ctx.engine.workflows().Find(kind);
    std::vector<std::string> order;
    if (wf) {
      for (const auto& s : wf->states) order.push_back(s.id);
    }
    for (const auto& [key, count] : by_state) {
      if (key.first == kind && std::find(order.begin(), order.end(), key.second) == order.end()) {
        order.push_back(key.second);
      }
    }
    for (const auto& state : order) {
      auto it = by_state.find({kind, state});
      if (it == by_state.end()) continue;
      const cases::StateDef* st = wf ? wf->FindState(state) : nullptr;
      states.push_back({{"kind", kind},
                        {"key", state},
                        {"label", st ? st->label : state},
                        {"label_en", st ? st->label_en : state},
                        {"count", it->second}});
    }
  }

  struct Ranked {
    store::Id id;
    UnitTally t;
    double close_rate, on_time_rate;
  };
  std::vector<Ranked> ranked;
  for (const auto& [id, t] : units) {
    ranked.push_back({id, t, Ratio(t.closed, t.total), Ratio(t.closed_on_time, t.closed)});
  }
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    if (a.on_time_rate != b.on_time_rate) return a.on_time_rate > b.on_time_rate;
    if (a.close_rate != b.close_rate) return a.close_rate > b.close_rate;
    if (a.t.total != b.t.total) return a.t.total > b.t.total;
    return a.id < b.id;
  });
  nlohmann::json unit_rows = nlohmann::json::array();
  for (const auto& r : ranked) {
    auto unit = ctx.store.GetUnit(r.id);
    unit_rows.push_back({{"unit_id", r.id},
                         {"unit_name", unit.ok() ? unit->name : "#" + std::to_string(r.id)},
                         {"total", r.t.total},
                         {"closed", r.t.closed},
                         {"closed_on_time", r.t.closed_on_time},
                         {"overdue_open", r.t.overdue_open},
                         {"close_rate", r.close_rate},
                         {"on_time_rate", r.on_time_rate}});
  }

  std::sort(overdue.begin(), overdue.end());
  nlohmann::json overdue_rows = nlohmann::json::array();
  for (size_t i = 0; i < overdue.size() && i < kOverdueShown; ++i) {
    auto c = ctx.store.GetCase(overdue[i].second);
    if (c.ok()) overdue_rows.push_back(CaseJson(ctx, *c, now));
  }

  nlohmann::json weeks = nlohmann::json::array();
  for (int i = 0; i < kWeeks; ++i) {
    weeks.push_back({{"week_start", DayString(first_week + 7 * i)},
                     {"created", created[i]},
                     {"closed", closed[i]}});
  }

  return nlohmann::json{{"total", total},
                        {"open", open},
                        {"lights", {{"red", red}, {"yellow", yellow}, {"green", green}}},
                        {"by_kind", kinds},
                        {"by_state", states},
                        {"units", unit_rows},
                        {"overdue", overdue_rows},
                        {"overdue_total", static_cast<int64_t>(overdue.size())},
                        {"weeks", weeks}};
}

void RegisterDashboardRoutes(http::Router& router, ApiContext& ctx) {
  router.Get("/api/dashboard", [&ctx](Request& r) {
    Instant now = ctx.clock.Now();
    const cases::Actor& me = Me(r).actor;
    auto j = DashboardJson(
        ctx, [&](const CaseVisitor& fn) { return ForEachVisibleCase(ctx, me, fn); }, now);
    if (!j.ok()) return Response::Error(j.status());
    return Response::Json(200, *j);
  });
}

}  // namespace zb::api
