#include "api/hotline_admin_api.h"

#include <spdlog/spdlog.h>

#include <mutex>

#include "api/handler_support.h"
#include "api/hotline_api.h"
#include "hotline/category_admin.h"
#include "http/json_body.h"

namespace zb::api {

namespace {

using http::Request;
using http::Response;

std::mutex edit_mutex;  // one edit at a time: read, check, write, install

store::AuditEntry AuditOf(ApiContext& ctx, const Request& r, const std::string& action,
                          const std::string& target, nlohmann::json detail) {
  store::AuditEntry e;
  e.at = ctx.clock.Now();
  e.actor_id = Me(r).actor.user.id;
  e.action = action;
  e.target = target;
  e.request_id = r.request_id;
  e.detail = std::move(detail);
  return e;
}

Status Reinstall(ApiContext& ctx) {
  ZB_ASSIGN_OR_RETURN(auto records, ctx.store.ListHotlineCategories());
  InstallHotlineCategories(
      std::make_shared<const hotline::CategoryTree>(hotline::CategoryTree::FromRecords(records)));
  return Status();
}

Response TreeResponse(int status, const store::HotlineCategory* changed = nullptr) {
  auto tree = AllHotlineCategories();
  if (!tree.ok()) return Response::Error(tree.status());
  nlohmann::json roots = nlohmann::json::array();
  for (const auto& c : (*tree)->roots()) roots.push_back(CategoryJson(c, true));
  nlohmann::json j = {{"categories", roots}};
  if (changed) {
    const hotline::Category* c = (*tree)->FindId(changed->id);
    j["category"] = c ? CategoryJson(*c, true) : nlohmann::json();
  }
  return Response::Json(status, j);
}

// The edit's fields from the body: name, parent_id (null: level 1), unit_code (null or "": none),
// disabled.
Result<hotline::CategoryEdit> ReadEdit(ApiContext& ctx, const Request& r, store::Id id) {
  ZB_ASSIGN_OR_RETURN(nlohmann::json body, http::ParseJsonBody(r));
  http::JsonFields f(body);
  hotline::CategoryEdit e;
  e.id = id;
  e.name = f.OptString("name");
  e.disabled = f.OptBool("disabled");
  f.Allow("parent_id");
  f.Allow("unit_code");
  ZB_RETURN_IF_ERROR(f.Finish());
  if (body.contains("parent_id")) {
    const auto& p = body["parent_id"];
    if (!p.is_null() && !p.is_number_integer()) {
      return Invalid("parent_id 应为编号或 null", "parent_id must be an id or null");
    }
    e.move = true;
    if (!p.is_null()) e.parent = p.get<int64_t>();
  }
  if (body.contains("unit_code")) {
    const auto& u = body["unit_code"];
    if (!u.is_null() && !u.is_string()) {
      return Invalid("unit_code 应为单位代码或 null", "unit_code must be a unit code or null");
    }
    std::string code = u.is_null() ? "" : u.get<std::string>();
    if (!code.empty() && !ctx.store.FindUnitByCode(code).ok()) {
      return Invalid("单位不存在：" + code.substr(0, 64), "no unit " + code.substr(0, 64));
    }
    e.unit_code = code;
  }
  return e;
}

Response Save(ApiContext& ctx, Request& r, store::Id id) {
  if (!IsAdmin(r)) return Forbidden();
  auto edit = ReadEdit(ctx, r, id);
  if (!edit.ok()) return Response::Error(edit.status());
  std::lock_guard lock(edit_mutex);
  auto current = ctx.store.ListHotlineCategories();
  if (!current.ok()) return Response::Error(current.status());
  auto planned = hotline::PlanCategoryEdit(*current, *edit);
  if (!planned.ok()) return Response::Error(planned.status());
  nlohmann::json detail = {
      {"code", planned->code},
      {"name", planned->name},
      {"parent_id", planned->parent_id ? nlohmann::json(*planned->parent_id) : nlohmann::json()},
      {"unit_code", planned->unit_code},
      {"disabled", planned->disabled}};
  if (id != 0) detail["before"] = hotline::CategoryPath(*current, id);
  std::string action = id == 0 ? "hotline.category.add" : "hotline.category.update";
  auto ids = ctx.store.SaveHotlineCategories(
      {&*planned, 1}, AuditOf(ctx, r, action, "hotline-category:" + planned->code, detail));
  if (!ids.ok()) return Response::Error(ids.status());
  planned->id = ids->front();
  if (Status s = Reinstall(ctx); !s.ok()) return Response::Error(s);
  return TreeResponse(id == 0 ? 201 : 200, &*planned);
}

// Whether any hotline ticket has the category or one below it (a scan; deleting is rare).
Result<bool> InUse(ApiContext& ctx, const std::string& path) {
  store::CaseQuery q;
  q.kind = "hotline";
  q.limit = 500;
  bool used = false;
  ZB_RETURN_IF_ERROR(store::ForEachCase(ctx.store, q, [&](store::CaseRecord& c) {
    auto it = c.fields.find("category");
    if (it != c.fields.end() && it->is_string()) {
      const std::string& v = it->get_ref<const std::string&>();
      used = v == path || v.rfind(path + "/", 0) == 0;
    }
    return !used;
  }));
  return used;
}

Response Delete(ApiContext& ctx, Request& r) {
  if (!IsAdmin(r)) return Forbidden();
  auto id = IdParam(r, "id");
  if (!id.ok()) return Response::Error(id.status());
  std::lock_guard lock(edit_mutex);
  auto current = ctx.store.ListHotlineCategories();
  if (!current.ok()) return Response::Error(current.status());
  std::string path = hotline::CategoryPath(*current, *id);
  if (path.empty()) return Response::Error(NotFound("分类不存在", "no such category"));
  auto used = InUse(ctx, path);
  if (!used.ok()) return Response::Error(used.status());
  if (*used) {
    return Response::Error(Conflict("已有工单使用该分类，不能删除，可以停用",
                                    "tickets use this category: disable it instead of deleting"));
  }
  Status s = ctx.store.DeleteHotlineCategory(
      *id, AuditOf(ctx, r, "hotline.category.delete", "hotline-category:" + std::to_string(*id),
                   {{"path", path}}));
  if (!s.ok()) return Response::Error(s);
  if (Status re = Reinstall(ctx); !re.ok()) return Response::Error(re);
  return TreeResponse(200);
}

}  // namespace

Status LoadHotlineCategories(ApiContext& ctx) {
  std::lock_guard lock(edit_mutex);
  ZB_ASSIGN_OR_RETURN(auto records, ctx.store.ListHotlineCategories());
  if (records.empty()) {
    std::filesystem::path file = HotlineCategoryFile();
    ZB_ASSIGN_OR_RETURN(hotline::CategoryTree tree, hotline::CategoryTree::LoadFile(file));
    store::AuditEntry e;
    e.at = ctx.clock.Now();
    e.action = "hotline.category.seed";
    e.target = "hotline-categories";
    e.detail = {{"file", file.string()}, {"categories", tree.size()}};
    auto seed = tree.ToRecords();
    ZB_RETURN_IF_ERROR(ctx.store.SaveHotlineCategories(seed, e).status());
    ZB_ASSIGN_OR_RETURN(records, ctx.store.ListHotlineCategories());
  }
  InstallHotlineCategories(
      std::make_shared<const hotline::CategoryTree>(hotline::CategoryTree::FromRecords(records)));
  return Status();
}

void RegisterHotlineAdminRoutes(http::Router& router, ApiContext& ctx) {
  if (Status s = LoadHotlineCategories(ctx); !s.ok()) {
    spdlog::warn("hotline categories: the stored tree is not used: {}", s.ToString());
  }
  router.Get("/api/hotline/admin/categories", [](Request& r) {
    if (!IsAdmin(r)) return Forbidden();
    return TreeResponse(200);
  });
  router.Post("/api/hotline/admin/categories", [&ctx](Request& r) { return Save(ctx, r, 0); });
  router.Patch("/api/hotline/admin/categories/{id}", [&ctx](Request& r) {
    if (!IsAdmin(r)) return Forbidden();
    auto id = IdParam(r, "id");
    if (!id.ok()) return Response::Error(id.status());
    return Save(ctx, r, *id);
  });
  router.Delete("/api/hotline/admin/categories/{id}",
                [&ctx](Request& r) { return Delete(ctx, r); });
}

}  // namespace zb::api
