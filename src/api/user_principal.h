// The signed-in identity the authentication middleware attaches to each /api request.
#pragma once

#include <string>
#include <vector>

#include "cases/actor.h"
#include "http/principal.h"

namespace zb::api {

struct UserPrincipal : http::Principal {
  cases::Actor actor;
  std::string session_hash;  // empty when signed in with an API token
  std::string csrf_token;
  bool via_token = false;
  std::vector<std::string> scopes;  // API tokens only
};

}  // namespace zb::api
