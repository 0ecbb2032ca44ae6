#include "api/case_query.h"

#include "api/handler_support.h"

namespace zb::api {

namespace {

using http::Request;

Result<std::optional<Instant>> InstantParam(const std::optional<std::string>& v, const char* name) {
  if (!v || v->empty()) return std::optional<Instant>();
  auto t = ParseInstant(*v);
  if (!t) {
    return Invalid(std::string("参数 ") + name + " 不是有效的时间：" + *v,
                   std::string("parameter ") + name + " is not a valid time: " + *v);
  }
  return std::optional<Instant>(*t);
}

}  // namespace

Result<store::CaseQuery> CaseQueryFromRequest(ApiContext& ctx, const Request& r) {
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

}  // namespace zb::api
