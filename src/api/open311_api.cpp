#include "api/open311_api.h"

#include <algorithm>
#include <set>

#include "api/hotline_api.h"
#include "base/sha256.h"
#include "hotline/caller.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

constexpr const char* kScope = "open311";
constexpr int kDefaultDays = 90;
constexpr int kMaxResults = 1000;
constexpr const char* kChangeset = "2026-03-01 00:00";

// Spark-convention JSON rendered as schemaless XML: an array is written as repeated elements
// named by its parent (services → service).
std::string ItemName(const std::string& list) {
  static const std::map<std::string, std::string> names = {
      {"services", "service"}, {"service_requests", "request"},
      {"errors", "error"},     {"attributes", "attribute"},
      {"values", "value"},     {"endpoints", "endpoint"},
      {"formats", "format"}};
  auto it = names.find(list);
  return it == names.end() ? "item" : it->second;
}

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

void WriteXml(std::string& out, const std::string& name, const nlohmann::json& v) {
  if (v.is_null()) {
    out += "<" + name + "/>";
    return;
  }
  out += "<" + name + ">";
  if (v.is_array()) {
    for (const auto& item : v) WriteXml(out, ItemName(name), item);
  } else if (v.is_object()) {
    for (const auto& [k, child] : v.items()) WriteXml(out, k, child);
  } else if (v.is_string()) {
    out += Escape(v.get<std::string>());
  } else {
    out += v.dump();
  }
  out += "</" + name + ">";
}

enum class Format { kJson, kXml };

Response Render(int status, Format f, const std::string& root, const nlohmann::json& body) {
  if (f == Format::kJson) return Response::Json(status, body);
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
  WriteXml(xml, root, body);
  Response r;
  r.status = status;
  r.content_type = "text/xml; charset=utf-8";
  r.body = std::move(xml);
  return r;
}

Response Error(Format f, int status, const std::string& description) {
  return Render(status, f, "errors",
                nlohmann::json::array({{{"code", status}, {"description", description}}}));
}

// The spec's codes: 404 for what does not exist, 403 for keys and permissions, 400 otherwise.
Response Error(Format f, const Status& s) {
  int status = 400;
  if (s.code() == ErrorCode::kNotFound) status = 404;
  if (s.code() == ErrorCode::kPermissionDenied || s.code() == ErrorCode::kUnauthenticated) {
    status = 403;
  }
  return Error(f, status, s.message_en() + " (" + s.message() + ")");
}

// "033.json" -> ("033", json); false for an unknown extension.
bool SplitFormat(std::string_view file, std::string& stem, Format& f) {
  size_t dot = file.rfind('.');
  if (dot == std::string_view::npos) return false;
  std::string_view ext = file.substr(dot + 1);
  if (ext == "json") {
    f = Format::kJson;
  } else if (ext == "xml") {
    f = Format::kXml;
  } else {
    return false;
  }
  stem = std::string(file.substr(0, dot));
  return !stem.empty();
}

// A parameter; empty values count as absent.
std::optional<std::string> Param(const http::NameValues& params, std::string_view name) {
  for (const auto& [k, v] : params) {
    if (k == name && !v.empty()) return v;
  }
  return std::nullopt;
}

std::vector<std::string> SplitComma(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t c = s.find(',', start);
    if (c == std::string::npos) c = s.size();
    std::string part = s.substr(start, c - start);
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    if (!part.empty()) out.push_back(part);
    start = c + 1;
  }
  return out;
}

const std::vector<std::pair<std::string, std::string>>& RequestTypes() {
  static const std::vector<std::pair<std::string, std::string>> v = {
      {"inquiry", "咨询 Inquiry"},
      {"help", "求助 Request for help"},
      {"complaint", "投诉 Complaint"},
      {"report", "举报 Report"},
      {"suggestion", "建议 Suggestion"}};
  return v;
}

nlohmann::json ServiceJson(const hotline::Category& c) {
  std::string group = c.path.substr(0, c.path.find('/'));
  std::string keywords = c.path;
  std::replace(keywords.begin(), keywords.end(), '/', ',');
  return {{"service_code", c.code}, {"service_name", c.name}, {"description", c.path},
          {"metadata", true},       {"type", "realtime"},     {"keywords", keywords},
          {"group", group}};
}

nlohmann::json DefinitionJson(const hotline::Category& c) {
  nlohmann::json values = nlohmann::json::array();
  for (const auto& [key, name] : RequestTypes()) values.push_back({{"key", key}, {"name", name}});
  return {{"service_code", c.code},
          {"attributes",
           nlohmann::json::array(
               {{{"variable", true},
                 {"code", "request_type"},
                 {"datatype", "singlevaluelist"},
                 {"required", true},
                 {"datatype_description", "诉求类型 The kind of request"},
                 {"order", 1},
                 {"description", "诉求类型：咨询、求助、投诉、举报或建议"},
                 {"values", values}},
                {{"variable", true},
                 {"code", "confidential"},
                 {"datatype", "singlevaluelist"},
                 {"required", false},
                 {"datatype_description", "是否要求为来电人保密 Keep the caller confidential"},
                 {"order", 2},
                 {"description", "要求保密时，承办单位看不到您的姓名和电话"},
                 {"values", nlohmann::json::array({{{"key", "yes"}, {"name", "是 Yes"}},
                                                   {{"key", "no"}, {"name", "否 No"}}})}}})}};
}

// Only tickets that came in through Open311 and are not confidential are public.
bool Public(const store::CaseRecord& c) {
  return c.kind == "hotline" && c.fields.value("channel", "") == "open311" &&
         !c.fields.value("confidential", false);
}

nlohmann::json RequestJson(ApiContext& ctx, const store::CaseRecord& c) {
  const nlohmann::json& f = c.fields;
  bool closed = c.closed_at.has_value();
  nlohmann::json notes = nullptr;
  if (c.state == "merged") {
    notes = "Duplicate request. 已并入工单 " + std::to_string(f.value("merged_into", int64_t{0}));
  } else if (closed && f.contains("reply")) {
    notes = f.value("reply", "");
  }
  std::string agency;
  if (c.lead_unit_id) {
    auto u = ctx.store.GetUnit(*c.lead_unit_id);
    if (u.ok()) agency = u->name;
  }
  auto opt = [&](const char* k) { return f.contains(k) ? f[k] : nlohmann::json(); };
  return {{"service_request_id", c.id},
          {"status", closed ? "closed" : "open"},
          {"status_notes", notes},
          {"service_name", f.value("category", "").substr(f.value("category", "").rfind('/') + 1)},
          {"service_code", opt("service_code")},
          {"description", f.value("content", "")},
          {"agency_responsible", agency.empty() ? nlohmann::json() : nlohmann::json(agency)},
          {"service_notice", nullptr},
          {"requested_datetime", FormatIso(c.created_at)},
          {"updated_datetime", FormatIso(closed ? *c.closed_at : c.updated_at)},
          {"expected_datetime", c.due_at ? nlohmann::json(FormatIso(*c.due_at)) : nlohmann::json()},
          {"address", opt("address")},
          {"address_id", nullptr},
          {"zipcode", nullptr},
          {"lat", opt("lat")},
          {"long", opt("long")},
          {"media_url", opt("media_url")}};
}

// The first `n` code points of `s`.
std::string Prefix(const std::string& s, size_t n) {
  size_t i = 0, count = 0;
  while (i < s.size() && count < n) {
    auto c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++count;
  }
  return s.substr(0, std::min(i, s.size()));
}

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

Result<double> Coordinate(const std::string& v, double limit, const char* name) {
  try {
    size_t used = 0;
    double d = std::stod(v, &used);
    if (used == v.size() && d >= -limit && d <= limit) return d;
  } catch (...) {
  }
  return Invalid(std::string(name) + " 无效", std::string("invalid ") + name + ": " + v);
}

Response CreateRequest(ApiContext& ctx, Request& r, Format fmt) {
  http::NameValues form = http::ParseQuery(r.body);
  // The key may also come in the query string.
  for (const auto& q : r.query) form.push_back(q);
  auto key = Param(form, "api_key");
  if (!key) return Error(fmt, 403, "api_key is required (缺少 api_key)");
  auto token = ctx.store.FindApiToken(Sha256Hex(*key));
  if (!token.ok() || token->revoked_at ||
      std::find(token->scopes.begin(), token->scopes.end(), kScope) == token->scopes.end()) {
    return Error(fmt, 403, "Invalid api_key received -- can't proceed with create_request.");
  }
  auto tree = HotlineCategories();
  if (!tree.ok()) return Error(fmt, tree.status());
  auto code = Param(form, "service_code");
  if (!code) return Error(fmt, 400, "service_code was not provided (缺少 service_code)");
  const hotline::Category* cat = (*tree)->FindCode(*code);
  if (!cat || !cat->children.empty()) {
    return Error(fmt, 404, "service_code not found: " + *code + " (服务代码不存在)");
  }
  auto lat = Param(form, "lat"), lon = Param(form, "long");
  auto address = Param(form, "address_string"), address_id = Param(form, "address_id");
  if (!(lat && lon) && !address && !address_id) {
    return Error(fmt, 400,
                 "a location is required: lat and long, address_string or address_id "
                 "(缺少位置信息)");
  }
  nlohmann::json attributes = nlohmann::json::object();
  for (const auto& [k, v] : form) {
    if (k.rfind("attribute[", 0) != 0 || v.empty()) continue;
    size_t close = k.find(']');
    if (close == std::string::npos) continue;
    std::string acode = k.substr(10, close - 10);
    if (k.compare(close, 3, "][]") == 0) {
      attributes[acode].push_back(v);
    } else {
      attributes[acode] = v;
    }
  }
  std::string request_type = attributes.value("request_type", "");
  if (request_type.empty()) {
    return Error(fmt, 400, "attribute[request_type] is required (缺少诉求类型)");
  }
  bool known = false;
  for (const auto& [k, name] : RequestTypes()) known = known || k == request_type;
  if (!known) return Error(fmt, 400, "attribute[request_type] is invalid: " + request_type);
  std::string confidential = attributes.value("confidential", "no");
  if (confidential != "yes" && confidential != "no") {
    return Error(fmt, 400, "attribute[confidential] must be yes or no");
  }
  std::string description = Param(form, "description").value_or("");
  if (CodePoints(description) > 4000) {
    return Error(fmt, 400, "description is longer than 4,000 characters (描述过长)");
  }
  cases::CreateRequest cr;
  cr.kind = "hotline";
  cr.title = description.empty() ? cat->name : Prefix(description, 40);
  for (char& ch : cr.title) {
    if (ch == '\n' || ch == '\r') ch = ' ';
  }
  nlohmann::json& f = cr.fields;
  f = {{"channel", "open311"},
       {"request_type", request_type},
       {"category", cat->path},
       {"service_code", cat->code},
       {"content", description.empty() ? cat->name : description},
       {"confidential", confidential == "yes"},
       {"open311_token", RandomHex(16)}};
  std::string name = Param(form, "last_name").value_or("") + Param(form, "first_name").value_or("");
  if (!name.empty()) f["caller_name"] = name;
  if (auto v = Param(form, "phone")) f["phone"] = *v;
  if (auto v = Param(form, "email")) f["email"] = *v;
  if (auto v = Param(form, "media_url")) f["media_url"] = *v;
  if (address) f["address"] = *address;
  if (!address && address_id) f["address"] = "address_id " + *address_id;
  if (lat && lon) {
    auto la = Coordinate(*lat, 90, "lat");
    auto lo = Coordinate(*lon, 180, "long");
    if (!la.ok()) return Error(fmt, la.status());
    if (!lo.ok()) return Error(fmt, lo.status());
    f["lat"] = *la;
    f["long"] = *lo;
  }
  attributes.erase("request_type");
  attributes.erase("confidential");
  if (!attributes.empty()) f["attributes"] = attributes.dump();
  cr.request_id = r.request_id;
  auto actor = ctx.engine.LoadActor(token->user_id);
  if (!actor.ok()) return Error(fmt, 403, "the api_key's account is disabled (令牌所属账号不可用)");
  auto id = ctx.engine.Create(*actor, cr);
  if (!id.ok()) return Error(fmt, id.status());
  nlohmann::json account = nullptr;
  if (auto v = Param(form, "account_id")) account = *v;
  return Render(201, fmt, "service_requests",
                nlohmann::json::array({{{"service_request_id", *id},
                                        {"service_notice", "已受理，工单号 " + std::to_string(*id)},
                                        {"account_id", account}}}));
}

Response ListRequests(ApiContext& ctx, Request& r, Format fmt) {
  std::vector<store::CaseRecord> out;
  if (auto ids = Param(r.query, "service_request_id")) {
    for (const std::string& s : SplitComma(*ids)) {
      store::Id id = 0;
      try {
        id = std::stoll(s);
      } catch (...) {
        return Error(fmt, 400, "invalid service_request_id: " + s);
      }
      auto c = ctx.store.GetCase(id);
      if (c.ok() && Public(*c)) out.push_back(*c);
    }
  } else {
    Instant now = ctx.clock.Now();
    auto start_s = Param(r.query, "start_date"), end_s = Param(r.query, "end_date");
    std::optional<Instant> start, end;
    if (start_s && !(start = ParseInstant(*start_s))) {
      return Error(fmt, 400, "start_date is not a W3C date-time: " + *start_s);
    }
    if (end_s && !(end = ParseInstant(*end_s))) {
      return Error(fmt, 400, "end_date is not a W3C date-time: " + *end_s);
    }
    const auto window = std::chrono::days(kDefaultDays);
    if (!start && !end) {
      end = now;
      start = now - window;
    } else if (!end) {
      end = *start + window;
    } else if (!start) {
      start = *end - window;
    }
    if (*end < *start) return Error(fmt, 400, "end_date is before start_date");
    if (*end - *start > window)
      return Error(fmt, 400, "the date range may not span more than 90 days");
    std::set<std::string> codes, statuses;
    if (auto v = Param(r.query, "service_code")) {
      for (auto& s : SplitComma(*v)) codes.insert(s);
    }
    if (auto v = Param(r.query, "status")) {
      for (auto& s : SplitComma(*v)) {
        if (s != "open" && s != "closed") return Error(fmt, 400, "status must be open or closed");
        statuses.insert(s);
      }
    }
    store::CaseQuery q;
    q.kind = "hotline";
    q.keyword = "open311";
    q.limit = 200;
    while (static_cast<int>(out.size()) < kMaxResults) {
      auto page = ctx.store.ListCases(q);
      if (!page.ok()) return Error(fmt, page.status());
      bool older = false;
      for (const auto& c : page->cases) {
        if (c.created_at > *end) continue;
        if (c.created_at < *start) {
          older = true;
          break;
        }
        if (!Public(c)) continue;
        if (!codes.empty() && !codes.count(c.fields.value("service_code", ""))) continue;
        if (!statuses.empty() && !statuses.count(c.closed_at ? "closed" : "open")) continue;
        out.push_back(c);
        if (static_cast<int>(out.size()) >= kMaxResults) break;
      }
      if (older || !page->next_cursor) break;
      q.cursor = page->next_cursor;
    }
  }
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : out) list.push_back(RequestJson(ctx, c));
  return Render(200, fmt, "service_requests", list);
}

Response Discovery(const Request& r, Format fmt) {
  const std::string* host = r.Header("host");
  std::string base = "http://" + (host ? *host : std::string("127.0.0.1")) + "/open311/v2";
  nlohmann::json formats = nlohmann::json::array({"text/xml", "application/json"});
  return Render(200, fmt, "discovery",
                {{"changeset", kChangeset},
                 {"contact", "市长公开电话办公室 The mayor's public hotline office: 12345"},
                 {"key_service",
                  "API 密钥由市长公开电话办公室签发 Keys are issued by the hotline office "
                  "(zhengban open311 key create --name NAME)"},
                 {"endpoints",
                  nlohmann::json::array({{{"specification", "http://wiki.open311.org/GeoReport_v2"},
                                          {"url", base},
                                          {"changeset", kChangeset},
                                          {"type", "production"},
                                          {"formats", formats}}})}});
}

}  // namespace

void RegisterOpen311Routes(http::Router& router, ApiContext& ctx) {
  for (Format fmt : {Format::kJson, Format::kXml}) {
    std::string ext = fmt == Format::kJson ? ".json" : ".xml";
    router.Get("/open311/discovery" + ext, [fmt](Request& r) { return Discovery(r, fmt); });
    router.Get("/open311/v2/services" + ext, [fmt](Request&) {
      auto tree = HotlineCategories();
      if (!tree.ok()) return Error(fmt, tree.status());
      nlohmann::json list = nlohmann::json::array();
      for (const hotline::Category* c : (*tree)->Leaves()) list.push_back(ServiceJson(*c));
      return Render(200, fmt, "services", list);
    });
    router.Post("/open311/v2/requests" + ext,
                [&ctx, fmt](Request& r) { return CreateRequest(ctx, r, fmt); });
    router.Get("/open311/v2/requests" + ext,
               [&ctx, fmt](Request& r) { return ListRequests(ctx, r, fmt); });
  }
  router.Get("/open311/v2/services/{file}", [](Request& r) {
    std::string code;
    Format fmt = Format::kXml;
    if (!SplitFormat(r.PathParam("file"), code, fmt)) {
      return Error(Format::kXml, 404, "use services/{service_code}.xml or .json");
    }
    auto tree = HotlineCategories();
    if (!tree.ok()) return Error(fmt, tree.status());
    const hotline::Category* c = (*tree)->FindCode(code);
    if (!c || !c->children.empty()) return Error(fmt, 404, "service_code not found: " + code);
    return Render(200, fmt, "service_definition", DefinitionJson(*c));
  });
  router.Get("/open311/v2/requests/{file}", [&ctx](Request& r) {
    std::string stem;
    Format fmt = Format::kXml;
    if (!SplitFormat(r.PathParam("file"), stem, fmt)) {
      return Error(Format::kXml, 404, "use requests/{service_request_id}.xml or .json");
    }
    store::Id id = 0;
    try {
      id = std::stoll(stem);
    } catch (...) {
      return Error(fmt, 404, "service_request_id not found: " + stem);
    }
    auto c = ctx.store.GetCase(id);
    if (!c.ok() || !Public(*c)) return Error(fmt, 404, "service_request_id not found: " + stem);
    return Render(200, fmt, "service_requests", nlohmann::json::array({RequestJson(ctx, *c)}));
  });
  router.Get("/open311/v2/tokens/{file}", [&ctx](Request& r) {
    std::string token;
    Format fmt = Format::kXml;
    if (!SplitFormat(r.PathParam("file"), token, fmt)) {
      return Error(Format::kXml, 404, "use tokens/{token}.xml or .json");
    }
    if (token.size() != 32 || token.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return Error(fmt, 404, "token not found: " + token);
    }
    store::CaseQuery q;
    q.kind = "hotline";
    q.keyword = token;
    q.limit = 5;
    auto page = ctx.store.ListCases(q);
    if (!page.ok()) return Error(fmt, page.status());
    for (const auto& c : page->cases) {
      if (c.fields.value("open311_token", "") == token && Public(c)) {
        return Render(200, fmt, "service_requests",
                      nlohmann::json::array({{{"service_request_id", c.id}, {"token", token}}}));
      }
    }
    return Error(fmt, 404, "token not found: " + token);
  });
}

}  // namespace zb::api
