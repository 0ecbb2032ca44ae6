// Sign-in, sessions, API tokens and CSRF: the middleware that attaches a UserPrincipal to every
// /api request, and the /api/session and /api/password routes.
#include "api/auth.h"

#include <algorithm>

#include "api/handler_support.h"
#include "api/json_views.h"
#include "base/password.h"
#include "base/sha256.h"
#include "http/json_body.h"

namespace zb::api {

namespace {

constexpr const char* kCookie = "zb_session";

std::string SessionCookie(const ApiContext& ctx, const std::string& token, int64_t max_age) {
  std::string c = std::string(kCookie) + "=" + token +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (ctx.options.secure_cookie) c += "; Secure";
  return c;
}

bool IsSafeMethod(const std::string& m) {
  return m == "GET" || m == "HEAD" || m == "OPTIONS";
}

// A state-changing request from a browser session must echo the session's CSRF token.
std::optional<http::Response> CheckCsrf(const http::Request& r, const UserPrincipal& p) {
  if (IsSafeMethod(r.method) || p.via_token) return std::nullopt;
  const std::string* sent = r.Header("x-csrf-token");
  if (!sent || *sent != p.csrf_token) {
    return http::Response::Error(
        Denied("请求缺少有效的 CSRF 令牌，请刷新页面后重试",
               "missing or wrong CSRF token; reload the page and try again"));
  }
  return std::nullopt;
}

http::Response Unauthenticated(const std::string& zh, const std::string& en) {
  return http::Response::Error(Status(ErrorCode::kUnauthenticated, zh, en));
}

// Starts a session for `user`; returns the response body and sets the cookie.
http::Response StartSession(ApiContext& ctx, const http::Request& r, const cases::Actor& actor) {
  Instant now = ctx.clock.Now();
  std::string token = RandomHex(32);
  store::Session s;
  s.token_hash = Sha256Hex(token);
  s.user_id = actor.user.id;
  s.csrf_token = RandomHex(16);
  s.created_at = s.last_seen_at = now;
  s.expires_at = now + ctx.options.session_idle;
  s.client = r.client_address;
  if (const std::string* ua = r.Header("user-agent")) s.client += " " + ua->substr(0, 200);
  Status st = ctx.store.CreateSession(s);
  if (!st.ok()) return http::Response::Error(st);
  auto res =
      http::Response::Json(200, {{"user", UserJson(ctx, actor)}, {"csrf_token", s.csrf_token}});
  res.AddHeader("Set-Cookie", SessionCookie(ctx, token, ctx.options.session_idle.count()));
  return res;
}

}  // namespace

std::optional<http::Response> Authenticate(ApiContext& ctx, http::Request& r) {
  if (r.path == "/metrics") {
    // For the monitoring system on the same machine or behind the same proxy only.
    bool loopback = r.client_address.rfind("127.", 0) == 0 || r.client_address == "::1";
    if (loopback) return std::nullopt;
    return http::Response::Error(Denied("仅限本机访问", "only available from this machine"));
  }
  if (r.path.rfind("/api/", 0) != 0) return std::nullopt;
  Instant now = ctx.clock.Now();
  std::shared_ptr<UserPrincipal> principal;  // made only when not cached
  const std::string* authz = r.Header("authorization");
  if (authz && authz->rfind("Bearer ", 0) == 0) {
    auto token = ctx.store.FindApiToken(Sha256Hex(authz->substr(7)));
    if (!token.ok() || token->revoked_at) {
      return Unauthenticated("API 令牌无效或已撤销", "the API token is invalid or revoked");
    }
    auto actor = ctx.engine.LoadActor(token->user_id);
    if (!actor.ok())
      return Unauthenticated("令牌所属账号不可用", "the token's account is disabled");
    principal = std::make_shared<UserPrincipal>();
    principal->actor = std::move(*actor);
    // A token reaches /api only with the scope "api" (an Open311 key, scope "open311", does not).
    if (std::find(token->scopes.begin(), token->scopes.end(), "api") == token->scopes.end()) {
      return http::Response::Error(Denied("此令牌无权访问该接口（需要 api 权限范围）",
                                          "this token lacks the \"api\" scope"));
    }
    principal->via_token = true;
    principal->scopes = token->scopes;
  } else {
    auto cookie = r.Cookie(kCookie);
    if (!cookie) return Unauthenticated("请先登录", "please sign in");
    Instant expires{};
    if (auto cached = ctx.cache->Session(*cookie, &expires); cached && expires > now) {
      r.principal = cached;
      return CheckCsrf(r, *cached);
    }
    std::string hash = Sha256Hex(*cookie);
    auto session = ctx.store.GetSession(hash);
    if (!session.ok() || session->expires_at <= now) {
      ctx.cache->DropSession(hash);
      if (session.ok()) (void)ctx.store.DeleteSession(hash);
      return Unauthenticated("登录已过期，请重新登录", "your session has expired; sign in again");
    }
    auto actor = ctx.engine.LoadActor(session->user_id);
    if (!actor.ok()) return Unauthenticated("账号不可用", "the account is disabled");
    // Sliding expiry, written at most once a minute.
    Instant expires_at = session->expires_at;
    if (now - session->last_seen_at >= std::chrono::minutes(1)) {
      expires_at =
          std::min(now + ctx.options.session_idle, session->created_at + ctx.options.session_max);
      (void)ctx.store.TouchSession(hash, now, expires_at);
    }
    principal = std::make_shared<UserPrincipal>();
    principal->actor = std::move(*actor);
    principal->session_hash = hash;
    principal->csrf_token = session->csrf_token;
    ctx.cache->PutSession(*cookie, principal, expires_at);
  }
  r.principal = principal;
  return CheckCsrf(r, *principal);
}

void RegisterAuthRoutes(http::Router& router, ApiContext& ctx) {
  http::RouteOptions open;
  open.bypass_middleware = true;
  open.max_body_bytes = 4096;
  router.Post(
      "/api/session",
      [&ctx](http::Request& r) {
        auto body = http::ParseJsonBody(r);
        if (!body.ok()) return http::Response::Error(body.status());
        http::JsonFields f(*body);
        std::string username = f.String("username");
        std::string password = f.String("password");
        if (Status s = f.Finish(); !s.ok()) return http::Response::Error(s);
        Instant now = ctx.clock.Now();
        auto failures = ctx.store.CountLoginFailures(username, now - ctx.options.lockout);
        if (!failures.ok()) return http::Response::Error(failures.status());
        if (*failures >= ctx.options.max_login_failures) {
          return http::Response::Error(
              Status(ErrorCode::kTooManyRequests,
                     "登录失败次数过多，请 " + std::to_string(ctx.options.lockout.count() / 60) +
                         " 分钟后再试",
                     "too many failed sign-ins; try again in " +
                         std::to_string(ctx.options.lockout.count() / 60) + " minutes"));
        }
        auto user = ctx.store.FindUserByName(username);
        // A database that cannot answer is not a wrong password (and no failure is recorded).
        if (!user.ok() && user.status().code() != ErrorCode::kNotFound) {
          return http::Response::Error(user.status());
        }
        // Verify against a dummy hash for unknown users so timing does not reveal them.
        static const std::string dummy = HashPassword("zb-dummy-password").value();
        bool ok = VerifyPassword(user.ok() ? user->password_hash : dummy, password) && user.ok() &&
                  user->active;
        (void)ctx.store.RecordLoginAttempt(username, r.client_address, ok, now);
        if (!ok) {
          store::AuditEntry e;
          e.at = now;
          e.action = "session.login_failed";
          e.target = "user:" + username.substr(0, 64);
          e.request_id = r.request_id;
          (void)ctx.store.AppendAudit(e);
          return Unauthenticated("用户名或密码错误", "wrong username or password");
        }
        auto actor = ctx.engine.LoadActor(user->id);
        if (!actor.ok()) return http::Response::Error(actor.status());
        auto principal = std::make_shared<UserPrincipal>();
        principal->actor = *actor;
        r.principal = principal;
        Audit(ctx, r, "session.login", "user:" + std::to_string(user->id));
        return StartSession(ctx, r, *actor);
      },
      open);

  router.Get("/api/session", [&ctx](http::Request& r) {
    const UserPrincipal& me = Me(r);
    return http::Response::Json(200,
                                {{"user", UserJson(ctx, me.actor)}, {"csrf_token", me.csrf_token}});
  });

  router.Delete("/api/session", [&ctx](http::Request& r) {
    const UserPrincipal& me = Me(r);
    if (!me.session_hash.empty()) {
      ctx.cache->DropSession(me.session_hash);
      (void)ctx.store.DeleteSession(me.session_hash);
    }
    Audit(ctx, r, "session.logout", "user:" + std::to_string(me.actor.user.id));
    auto res = http::Response::Json(200, {{"ok", true}});
    res.AddHeader("Set-Cookie", SessionCookie(ctx, "", 0));
    return res;
  });

  router.Post("/api/password", [&ctx](http::Request& r) {
    auto body = http::ParseJsonBody(r);
    if (!body.ok()) return http::Response::Error(body.status());
    http::JsonFields f(*body);
    std::string old_pw = f.String("old_password");
    std::string new_pw = f.String("new_password");
    if (Status s = f.Finish(); !s.ok()) return http::Response::Error(s);
    const UserPrincipal& me = Me(r);
    auto user = ctx.store.GetUser(me.actor.user.id);
    if (!user.ok()) return http::Response::Error(user.status());
    if (!VerifyPassword(user->password_hash, old_pw)) {
      return http::Response::Error(Invalid("原密码不正确", "the current password is wrong"));
    }
    if (Status s = CheckPasswordStrength(new_pw); !s.ok()) return http::Response::Error(s);
    auto hash = HashPassword(new_pw);
    if (!hash.ok()) return http::Response::Error(hash.status());
    user->password_hash = *hash;
    if (Status s = ctx.store.UpdateUser(*user); !s.ok()) return http::Response::Error(s);
    // Every other session of this user ends; this browser gets a fresh one.
    (void)ctx.store.DeleteSessionsOf(user->id);
    ctx.cache->DropUser(user->id);
    Audit(ctx, r, "user.password", "user:" + std::to_string(user->id));
    return StartSession(ctx, r, me.actor);
  });
}

}  // namespace zb::api
