#include "api/hotline_api.h"

#include <mutex>

#include "api/handler_support.h"
#include "api/hotline_queue_api.h"
#include "api/hotline_suggest_api.h"
#include "api/json_views.h"
#include "hotline/caller.h"
#include "hotline/import.h"
#include "hotline/lookup.h"
#include "hotline/merge.h"
#include "http/json_body.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

std::mutex category_mutex;
std::filesystem::path category_file = "data/tipdm2020-sample/attachment1.csv";
// The office's tree (with its disabled nodes) and the tree offered for new tickets; guarded by
// category_mutex. Until InstallHotlineCategories, the file is read at first use.
std::shared_ptr<const hotline::CategoryTree> all_categories;
std::shared_ptr<const hotline::CategoryTree> enabled_categories;

// A file name as given by a client, kept printable and short: the last path component, control
// characters dropped, at most 200 bytes (cut at a character boundary).
std::string FileNameParam(std::string_view name) {
  if (size_t slash = name.find_last_of("/\\"); slash != std::string_view::npos) {
    name.remove_prefix(slash + 1);
  }
  std::string out;
  for (char ch : name) {
    if (static_cast<unsigned char>(ch) >= 0x20 && ch != 0x7f) out += ch;
  }
  if (out.size() > 200) {
    size_t cut = 200;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

Response Import(ApiContext& ctx, Request& r) {
  const cases::Actor& me = Me(r).actor;
  if (!InOffice(me)) return Forbidden();
  if (r.body.empty()) return Response::Error(Invalid("文件为空", "the file is empty"));
  auto table = hotline::ParseTable(r.body);
  if (!table.ok()) return Response::Error(table.status());
  if (table->rows.empty()) return Response::Error(Invalid("文件为空", "the file is empty"));
  hotline::ColumnMapping mapping = hotline::AutoMapping(table->rows[0]);
  // The mapping step: ?map.title=主题&map.received_at=时间 overrides the recognised columns.
  for (const auto& [k, v] : r.query) {
    if (k.rfind("map.", 0) == 0) {
      if (v.empty()) {
        mapping.erase(k.substr(4));
      } else {
        mapping[k.substr(4)] = v;
      }
    }
  }
  hotline::ImportOptions options;
  if (auto ch = r.Query("channel"); ch && !ch->empty()) options.default_channel = *ch;
  auto plan = hotline::PlanImport(*table, mapping, options);
  nlohmann::json headers = nlohmann::json::array();
  for (const auto& h : table->rows[0]) headers.push_back(h);
  if (!plan.ok()) {
    return Response::Error(
        plan.status(),
        {{"headers", headers}, {"mapping", mapping}, {"targets", hotline::ImportTargets()}});
  }
  bool dry_run = r.Query("dry_run").value_or("") == "1";
  bool strict = r.Query("strict").value_or("") == "1";
  hotline::ImportWrite write;
  // The uploaded file's name, for the import's audit records (?file=, as the browser knows it).
  write.source = FileNameParam(r.Query("file").value_or(""));
  auto report = hotline::ImportTickets(ctx.engine, me, std::move(*plan), dry_run, strict, write);
  if (!report.ok()) return Response::Error(report.status());
  nlohmann::json j = hotline::ImportReportJson(*report);
  j["headers"] = headers;
  j["mapping"] = mapping;
  j["targets"] = hotline::ImportTargets();
  return Response::Json(dry_run ? 200 : 201, j);
}

Response Merge(ApiContext& ctx, Request& r) {
  auto id = IdParam(r, "id");
  if (!id.ok()) return Response::Error(id.status());
  auto body = http::ParseJsonBody(r);
  if (!body.ok()) return Response::Error(body.status());
  http::JsonFields f(*body);
  hotline::MergeRequest req;
  req.source_id = *id;
  req.target_id = f.Int("into");
  req.reason = f.OptString("reason").value_or("");
  if (Status s = f.Finish(); !s.ok()) return Response::Error(s);
  req.request_id = r.request_id;
  auto target = hotline::MergeTickets(ctx.engine, Me(r).actor, req);
  if (!target.ok()) return Response::Error(target.status());
  ctx.events.Publish("case.updated", TicketJson(ctx, *target, false),
                     [&ctx, c = *target](const http::Principal& p) {
                       const auto* u = p.As<UserPrincipal>();
                       return u && ctx.engine.CanSee(u->actor, c);
                     });
  return Response::Json(200, TicketJson(ctx, *target, SeesCallers(ctx, Me(r).actor)));
}

}  // namespace

void SetHotlineCategoryFile(std::filesystem::path file) {
  std::lock_guard lock(category_mutex);
  category_file = std::move(file);
}

std::filesystem::path HotlineCategoryFile() {
  std::lock_guard lock(category_mutex);
  return category_file;
}

void InstallHotlineCategories(std::shared_ptr<const hotline::CategoryTree> tree) {
  auto enabled = std::make_shared<const hotline::CategoryTree>(tree->Enabled());
  std::lock_guard lock(category_mutex);
  all_categories = std::move(tree);
  enabled_categories = std::move(enabled);
}

Result<std::shared_ptr<const hotline::CategoryTree>> AllHotlineCategories() {
  std::lock_guard lock(category_mutex);
  if (!all_categories) {
    ZB_ASSIGN_OR_RETURN(hotline::CategoryTree tree, hotline::CategoryTree::LoadFile(category_file));
    all_categories = std::make_shared<const hotline::CategoryTree>(std::move(tree));
    enabled_categories = all_categories;
  }
  return all_categories;
}

Result<std::shared_ptr<const hotline::CategoryTree>> HotlineCategories() {
  ZB_RETURN_IF_ERROR(AllHotlineCategories().status());
  std::lock_guard lock(category_mutex);
  return enabled_categories;
}

nlohmann::json CategoryJson(const hotline::Category& c, bool admin) {
  nlohmann::json children = nlohmann::json::array();
  for (const auto& ch : c.children) children.push_back(CategoryJson(ch, admin));
  nlohmann::json j = {
      {"code", c.code},
      {"name", c.name},
      {"path", c.path},
      {"level", c.level},
      {"unit_code", c.unit_code.empty() ? nlohmann::json() : nlohmann::json(c.unit_code)},
      {"children", children}};
  if (admin) {
    j["id"] = c.id;
    j["disabled"] = c.disabled;
  }
  return j;
}

bool SeesCallers(ApiContext& ctx, const cases::Actor& actor) {
  return RevealsConfidential(ctx, actor);
}

nlohmann::json TicketJson(ApiContext& ctx, const store::CaseRecord& c, bool sees_callers) {
  nlohmann::json j = CaseJson(ctx, c, ctx.clock.Now(), sees_callers);
  nlohmann::json callers = nlohmann::json::array();
  for (const auto& caller : hotline::CallersOf(c.id, c.fields)) {
    callers.push_back(hotline::CallerJson(caller, sees_callers));
  }
  j["callers"] = callers;
  return j;
}

void RegisterHotlineRoutes(http::Router& router, ApiContext& ctx) {
  router.Get("/api/hotline/categories", [](Request&) {
    auto tree = HotlineCategories();
    if (!tree.ok()) return Response::Error(tree.status());
    nlohmann::json roots = nlohmann::json::array();
    for (const auto& c : (*tree)->roots()) roots.push_back(CategoryJson(c, false));
    return Response::Json(200, {{"categories", roots}});
  });
  router.Get("/api/hotline/callers/{phone}/tickets", [&ctx](Request& r) {
    const cases::Actor& me = Me(r).actor;
    if (!InOffice(me)) return Forbidden();
    auto list = hotline::CallerHistory(ctx.store, r.PathParam("phone"), 50);
    if (!list.ok()) return Response::Error(list.status());
    bool sees = SeesCallers(ctx, me);
    nlohmann::json out = nlohmann::json::array();
    for (const auto& c : *list) {
      if (ctx.engine.CanSee(me, c)) out.push_back(TicketJson(ctx, c, sees));
    }
    return Response::Json(200, {{"tickets", out}});
  });
  router.Get("/api/hotline/tickets/{id}", [&ctx](Request& r) {
    auto id = IdParam(r, "id");
    if (!id.ok()) return Response::Error(id.status());
    auto c = ctx.store.GetCase(*id);
    if (!c.ok() || c->kind != "hotline" || !ctx.engine.CanSee(Me(r).actor, *c)) {
      return Response::Error(NotFound("工单不存在", "no such hotline ticket"));
    }
    return Response::Json(200, TicketJson(ctx, *c, SeesCallers(ctx, Me(r).actor)));
  });
  router.Post("/api/hotline/tickets/{id}/merge", [&ctx](Request& r) { return Merge(ctx, r); });
  http::RouteOptions big;
  big.max_body_bytes = hotline::kMaxTableBytes;
  router.Post(
      "/api/hotline/import", [&ctx](Request& r) { return Import(ctx, r); }, big);
  RegisterHotlineQueueRoutes(router, ctx);
  RegisterHotlineSuggestRoutes(router, ctx);
}

}  // namespace zb::api
