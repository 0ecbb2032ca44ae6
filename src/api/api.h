// The JSON API over the case engine and the organisation (docs/openapi.yaml), mounted on the HTTP
// server's router: sign-in and sessions, CSRF, cases, actions, attachments, organisation, admin.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "api/org_cache.h"
#include "cases/attachment_store.h"
#include "cases/case_engine.h"
#include "http/event_hub.h"
#include "http/router.h"

namespace zb::api {

struct ApiOptions {
  std::chrono::seconds session_idle{8 * 3600};      // signed out after this long unused
  std::chrono::seconds session_max{7 * 24 * 3600};  // and at the latest after this
  int max_login_failures = 5;                       // then 429 for `lockout`
  std::chrono::seconds lockout{15 * 60};
  bool secure_cookie = false;  // add `Secure` (behind HTTPS)
};

// Everything the handlers use. Owned by the caller; must outlive the server.
struct ApiContext {
  store::Store& store;
  cases::CaseEngine& engine;
  cases::AttachmentStore& attachments;
  const Clock& clock;
  http::EventHub& events;
  ApiOptions options;
  // Called after any case changed (e.g. to wake the time-limit scheduler); may be empty.
  std::function<void()> on_case_changed = nullptr;
  // Created by RegisterApi when empty.
  std::shared_ptr<OrgCache> cache = nullptr;
};

// Adds the authentication and CSRF middleware and every /api route.
void RegisterApi(http::Router& router, ApiContext& ctx);

}  // namespace zb::api
