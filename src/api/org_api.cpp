// Organisation and configuration: kinds (workflows), units, users, roles, delegations; admin:
// API tokens and the audit chain's verification.
#include "api/org_api.h"

#include "api/handler_support.h"
#include "api/json_views.h"
#include "base/password.h"
#include "base/sha256.h"
#include "cases/role.h"
#include "http/json_body.h"
#include "store/audit.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

nlohmann::json UnitJson(const store::Unit& u) {
  return {{"id", u.id},
          {"code", u.code},
          {"name", u.name},
          {"unit_type", u.unit_type},
          {"parent_id", u.parent_id ? nlohmann::json(*u.parent_id) : nlohmann::json()},
          {"sort", u.sort}};
}

nlohmann::json DelegationJson(ApiContext& ctx, const store::Delegation& d) {
  auto leader = ctx.store.GetUser(d.leader_id);
  auto delegate = ctx.store.GetUser(d.delegate_id);
  return {
      {"id", d.id},
      {"leader_id", d.leader_id},
      {"leader_name", leader.ok() ? leader->display_name : ""},
      {"delegate_id", d.delegate_id},
      {"delegate_name", delegate.ok() ? delegate->display_name : ""},
      {"scope", d.scope},
      {"starts_at", FormatIso(d.starts_at)},
      {"ends_at", d.ends_at ? nlohmann::json(FormatIso(*d.ends_at)) : nlohmann::json()},
      {"revoked_at", d.revoked_at ? nlohmann::json(FormatIso(*d.revoked_at)) : nlohmann::json()}};
}

Response AddUser(ApiContext& ctx, Request& r) {
  if (!IsAdmin(r)) return Forbidden();
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  store::User u;
  u.username = f.String("username");
  u.display_name = f.String("display_name");
  u.role = f.String("role");
  u.unit_id = f.Int("unit_id");
  std::string password = f.String("password");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  if (u.username.empty() || u.username.size() > 64 ||
      u.username.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.-") !=
          std::string::npos) {
    return Response::Error(Invalid("用户名只能包含小写字母、数字、_ . -",
                                   "usernames use lower-case letters, digits, _ . - only"));
  }
  if (!cases::IsKnownRole(u.role)) return Response::Error(Invalid("未知的角色", "unknown role"));
  if (!ctx.store.GetUnit(u.unit_id).ok())
    return Response::Error(Invalid("单位不存在", "unknown unit"));
  if (Status s = CheckPasswordStrength(password); !s.ok()) return Response::Error(s);
  auto hash = HashPassword(password);
  if (!hash.ok()) return Response::Error(hash.status());
  u.password_hash = *hash;
  u.created_at = ctx.clock.Now();
  auto id = ctx.store.AddUser(u);
  if (!id.ok()) return Response::Error(id.status());
  Audit(ctx, r, "user.add", "user:" + std::to_string(*id), {{"role", u.role}});
  auto actor = ctx.engine.LoadActor(*id);
  return Response::Json(201, UserJson(ctx, *actor));
}

Response AddDelegation(ApiContext& ctx, Request& r) {
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  store::Delegation d;
  d.leader_id = f.Int("leader_id");
  d.delegate_id = f.Int("delegate_id");
  d.scope = f.OptString("scope").value_or("*");
  auto ends = f.OptString("ends_at");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  // Only the leader in person (or an administrator recording the leader's written decision)
  // grants a delegation.
  const cases::Actor& me = Me(r).actor;
  if (me.user.id != d.leader_id && me.user.role != "admin") return Forbidden();
  auto leader = ctx.store.GetUser(d.leader_id);
  if (!leader.ok() || leader->role != "city_leader") {
    return Response::Error(
        Invalid("授权人必须是市领导", "the delegating user must be a city leader"));
  }
  if (!ctx.store.GetUser(d.delegate_id).ok() || d.delegate_id == d.leader_id) {
    return Response::Error(Invalid("被授权人无效", "invalid delegate"));
  }
  if (d.scope != "*" && !ctx.engine.workflows().Find(d.scope)) {
    return Response::Error(Invalid("授权范围应为 * 或某一类别", "scope must be * or a kind"));
  }
  d.starts_at = ctx.clock.Now();
  if (ends && !ends->empty()) {
    auto t = ParseInstant(*ends);
    if (!t || *t <= d.starts_at) {
      return Response::Error(Invalid("结束时间无效", "ends_at must be a future time"));
    }
    d.ends_at = *t;
  }
  auto id = ctx.store.AddDelegation(d);
  if (ctx.cache) ctx.cache->DropDelegations();
  if (!id.ok()) return Response::Error(id.status());
  d.id = *id;
  Audit(ctx, r, "delegation.add", "delegation:" + std::to_string(*id),
        {{"leader_id", d.leader_id}, {"delegate_id", d.delegate_id}, {"scope", d.scope}});
  return Response::Json(201, DelegationJson(ctx, d));
}

}  // namespace

void RegisterOrgRoutes(http::Router& router, ApiContext& ctx) {
  router.Get("/api/kinds", [&ctx](Request&) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [kind, wf] : ctx.engine.workflows().all()) out.push_back(WorkflowJson(wf));
    return Response::Json(200, {{"kinds", out}});
  });
  router.Get("/api/units", [&ctx](Request&) {
    auto units = ctx.store.ListUnits();
    if (!units.ok()) return Response::Error(units.status());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : *units) out.push_back(UnitJson(u));
    return Response::Json(200, {{"units", out}});
  });
  router.Get("/api/roles", [](Request&) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& role : cases::AllRoles()) {
      out.push_back({{"id", role.id}, {"label", role.label}, {"label_en", role.label_en}});
    }
    return Response::Json(200, {{"roles", out}});
  });
  router.Get("/api/users", [&ctx](Request& r) {
    if (!Me(r).actor.in_office && !IsAdmin(r)) return Forbidden();
    auto users = ctx.store.ListUsers();
    if (!users.ok()) return Response::Error(users.status());
    nlohmann::json out = nlohmann::json::array();
    for (const auto& u : *users) {
      auto actor = ctx.engine.LoadActor(u.id);
      nlohmann::json j = actor.ok() ? UserJson(ctx, *actor)
                                    : nlohmann::json{{"id", u.id}, {"username", u.username}};
      j["active"] = u.active;
      out.push_back(j);
    }
    return Response::Json(200, {{"users", out}});
  });
  router.Post("/api/users", [&ctx](Request& r) { return AddUser(ctx, r); });
  router.Get("/api/delegations", [&ctx](Request& r) {
    auto all = ctx.store.ListDelegations();
    if (!all.ok()) return Response::Error(all.status());
    const cases::Actor& me = Me(r).actor;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : *all) {
      if (me.sees_all || d.leader_id == me.user.id || d.delegate_id == me.user.id) {
        out.push_back(DelegationJson(ctx, d));
      }
    }
    return Response::Json(200, {{"delegations", out}});
  });
  router.Post("/api/delegations", [&ctx](Request& r) { return AddDelegation(ctx, r); });
  router.Delete("/api/delegations/{id}", [&ctx](Request& r) {
    auto id = IdParam(r, "id");
    if (!id.ok()) return Response::Error(id.status());
    auto all = ctx.store.ListDelegations();
    if (!all.ok()) return Response::Error(all.status());
    for (const auto& d : *all) {
      if (d.id != *id) continue;
      if (Me(r).actor.user.id != d.leader_id && !IsAdmin(r)) return Forbidden();
      Status s = ctx.store.RevokeDelegation(*id, ctx.clock.Now());
      if (ctx.cache) ctx.cache->DropDelegations();
      if (!s.ok()) return Response::Error(s);
      Audit(ctx, r, "delegation.revoke", "delegation:" + std::to_string(*id));
      return Response::Json(200, {{"ok", true}});
    }
    return Response::Error(NotFound("委托不存在", "no such delegation"));
  });

  router.Post("/api/tokens", [&ctx](Request& r) {
    if (!IsAdmin(r)) return Forbidden();
    auto body = http::ParseJsonBody(r);
    if (!body.ok()) return Response::Error(body.status());
    http::JsonFields f(*body);
    store::ApiToken t;
    t.name = f.String("name");
    t.user_id = f.Int("user_id");
    if (const nlohmann::json* scopes = f.OptArray("scopes")) {
      for (const auto& s : *scopes) {
        if (!s.is_string())
          return Response::Error(Invalid("scopes 应为字符串数组", "scopes must be strings"));
        t.scopes.push_back(s.get<std::string>());
      }
    }
    if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
    if (t.name.empty() || !ctx.store.GetUser(t.user_id).ok()) {
      return Response::Error(
          Invalid("请填写名称和有效的账号", "a name and a valid user are required"));
    }
    std::string token = "zbt_" + RandomHex(24);
    t.token_hash = Sha256Hex(token);
    t.created_at = ctx.clock.Now();
    auto id = ctx.store.AddApiToken(t);
    if (!id.ok()) return Response::Error(id.status());
    Audit(ctx, r, "token.add", "token:" + std::to_string(*id), {{"name", t.name}});
    return Response::Json(201, {{"id", *id}, {"name", t.name}, {"token", token}});
  });
  router.Delete("/api/tokens/{id}", [&ctx](Request& r) {
    if (!IsAdmin(r)) return Forbidden();
    auto id = IdParam(r, "id");
    if (!id.ok()) return Response::Error(id.status());
    Status s = ctx.store.RevokeApiToken(*id, ctx.clock.Now());
    if (!s.ok()) return Response::Error(s);
    Audit(ctx, r, "token.revoke", "token:" + std::to_string(*id));
    return Response::Json(200, {{"ok", true}});
  });
  router.Get("/api/audit/verify", [&ctx](Request& r) {
    if (!IsAdmin(r)) return Forbidden();
    auto v = store::VerifyAuditChain(ctx.store);
    if (!v.ok()) return Response::Error(v.status());
    return Response::Json(200, {{"records", v->records},
                                {"ok", !v->first_broken.has_value()},
                                {"first_broken", v->first_broken ? nlohmann::json(*v->first_broken)
                                                                 : nlohmann::json()},
                                {"problem", v->problem}});
  });
}

}  // namespace zb::api
