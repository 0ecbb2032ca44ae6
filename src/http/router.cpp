#include "http/router.h"

#include <cstdio>
#include <cstdlib>

namespace zb::http {
namespace {

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

[[noreturn]] void BadRoute(const std::string& method, const std::string& pattern, const char* why) {
  std::fprintf(stderr, "zb::http::Router: route %s %s: %s\n", method.c_str(), pattern.c_str(), why);
  std::abort();
}

// Whether `route` matches `segments`; on a match, fills `score` (one bit per segment, 1 for a
// literal, most significant first) and the decoded parameters.
bool MatchRoute(const Route& route, const std::vector<std::string_view>& segments,
                std::vector<bool>* score, NameValues* params) {
  if (route.segments.size() != segments.size()) return false;
  score->clear();
  params->clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = route.segments[i];
    if (IsParam(want)) {
      if (segments[i].empty()) return false;
      auto decoded = PercentDecode(segments[i], false);
      if (!decoded) return false;
      params->emplace_back(want.substr(1, want.size() - 2), std::move(*decoded));
      score->push_back(false);
    } else {
      if (want != segments[i]) return false;
      score->push_back(true);
    }
  }
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  auto route = std::make_unique<Route>();
  route->method = std::move(method);
  route->pattern = std::move(pattern);
  route->handler = std::move(handler);
  route->options = options;
  if (!route->handler) BadRoute(route->method, route->pattern, "empty handler");
  AddRoute(std::move(route));
}

void Router::AddStream(std::string pattern, StreamOpener opener, RouteOptions options) {
  auto route = std::make_unique<Route>();
  route->method = "GET";
  route->pattern = std::move(pattern);
  route->stream = std::move(opener);
  route->options = options;
  if (!route->stream) BadRoute(route->method, route->pattern, "empty stream opener");
  AddRoute(std::move(route));
}

void Router::AddRoute(std::unique_ptr<Route> route) {
  const std::string& p = route->pattern;
  if (p.empty() || p.front() != '/') BadRoute(route->method, p, "pattern must start with '/'");
  if (route->method.empty()) BadRoute(route->method, p, "empty method");
  for (std::string_view s : SplitPath(p)) {
    bool has_brace = s.find_first_of("{}") != std::string_view::npos;
    if (has_brace &&
        (!IsParam(s) || s.substr(1, s.size() - 2).find_first_of("{}/") != std::string_view::npos)) {
      BadRoute(route->method, p, "a parameter must be a whole segment like {id}");
    }
    route->segments.emplace_back(s);
  }
  for (const auto& other : routes_) {
    if (other->method == route->method && other->segments.size() == route->segments.size()) {
      bool same = true;
      for (size_t i = 0; same && i < route->segments.size(); ++i) {
        const std::string& a = other->segments[i];
        const std::string& b = route->segments[i];
        same = IsParam(a) ? IsParam(b) : a == b;
      }
      if (same) BadRoute(route->method, p, "duplicate of an existing route");
    }
  }
  routes_.push_back(std::move(route));
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch result;
  std::vector<std::string_view> segments = SplitPath(path);
  std::vector<bool> score, best_score;
  NameValues params;
  std::vector<std::string> allowed;
  // Only the most specific matching pattern counts, whatever its methods.
  const std::vector<bool>* top = nullptr;
  std::vector<bool> top_score;
  for (const auto& route : routes_) {
    if (!MatchRoute(*route, segments, &score, &params)) continue;
    if (top != nullptr && score < top_score) continue;
    if (top == nullptr || top_score < score) {
      top_score = score;
      top = &top_score;
      allowed.clear();
      result.route = nullptr;
    }
    allowed.push_back(route->method);
    bool method_ok = route->method == method || (method == "HEAD" && route->method == "GET" &&
                                                 !route->stream && !result.route);
    if (method_ok && (result.route == nullptr || route->method == method)) {
      result.route = route.get();
      result.index = static_cast<size_t>(&route - routes_.data());
      result.params = params;
    }
  }
  if (result.route != nullptr) {
    result.kind = RouteMatch::kFound;
  } else if (!allowed.empty()) {
    result.kind = RouteMatch::kMethodNotAllowed;
    bool has_get = false, has_head = false;
    for (const auto& m : allowed) {
      has_get |= m == "GET";
      has_head |= m == "HEAD";
    }
    if (has_get && !has_head) allowed.push_back("HEAD");
    for (const auto& m : allowed) {
      if (!result.allow.empty()) result.allow += ", ";
      result.allow += m;
    }
  }
  return result;
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : routes_) out.emplace_back(r->method, r->pattern);
  return out;
}

}  // namespace zb::http
