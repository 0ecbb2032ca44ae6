#include "hotline/category_admin.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "hotline/text_clean.h"

namespace zb::hotline {

namespace {

using Records = std::vector<store::HotlineCategory>;

const store::HotlineCategory* Find(const Records& all, store::Id id) {
  for (const auto& r : all) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

// 1 for a level-1 category; 0 if the chain of parents is broken or loops.
int Level(const Records& all, const store::HotlineCategory& r) {
  int level = 1;
  const store::HotlineCategory* at = &r;
  while (at->parent_id) {
    at = Find(all, *at->parent_id);
    if (!at || ++level > static_cast<int>(all.size())) return 0;
  }
  return level;
}

// Levels below `id`: 0 for a leaf.
int Height(const Records& all, store::Id id, int guard = 0) {
  int h = 0;
  if (guard > kMaxCategoryLevels + 1) return h;
  for (const auto& r : all) {
    if (r.parent_id == id) h = std::max(h, 1 + Height(all, r.id, guard + 1));
  }
  return h;
}

Status CheckName(const std::string& name) {
  if (name.empty()) return Invalid("分类名称不能为空", "the category name is empty");
  if (name.size() > kMaxCategoryNameBytes) {
    return Invalid("分类名称过长（最多 20 个字）", "the category name is too long (20 characters)");
  }
  for (unsigned char ch : name) {
    if (ch == '/' || ch < 0x20 || ch == 0x7f) {
      return Invalid("分类名称不能含“/”或控制字符",
                     "the category name contains '/' or a control character");
    }
  }
  return Status();
}

std::string NextCode(const Records& all, const std::string& parent_code) {
  std::string prefix = parent_code.empty() ? "" : parent_code + ".";
  int max = 0;
  for (const auto& r : all) {
    if (r.code.size() <= prefix.size() || r.code.compare(0, prefix.size(), prefix) != 0) continue;
    std::string rest = r.code.substr(prefix.size());
    if (rest.find('.') != std::string::npos) continue;
    max = std::max(max, std::atoi(rest.c_str()));
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", max + 1);
  return prefix + buf;
}

}  // namespace

std::string CategoryPath(const Records& all, store::Id id) {
  const store::HotlineCategory* r = Find(all, id);
  if (!r) return "";
  std::string path = r->name;
  for (size_t guard = 0; r->parent_id && guard < all.size(); ++guard) {
    r = Find(all, *r->parent_id);
    if (!r) return "";
    path = r->name + "/" + path;
  }
  return path;
}

Result<store::HotlineCategory> PlanCategoryEdit(const Records& current, const CategoryEdit& edit) {
  store::HotlineCategory out;
  if (edit.id != 0) {
    const store::HotlineCategory* old = Find(current, edit.id);
    if (!old) {
      return NotFound("分类不存在：" + std::to_string(edit.id),
                      "no category " + std::to_string(edit.id));
    }
    out = *old;
  } else if (!edit.name) {
    return Invalid("分类名称不能为空", "the category name is empty");
  }
  if (edit.name) out.name = TrimCell(*edit.name);
  ZB_RETURN_IF_ERROR(CheckName(out.name));
  bool moved = edit.id == 0 || (edit.move && edit.parent != out.parent_id);
  if (edit.id == 0 || edit.move) out.parent_id = edit.parent;
  int parent_level = 0;
  const store::HotlineCategory* parent = nullptr;
  if (out.parent_id) {
    parent = Find(current, *out.parent_id);
    if (!parent) {
      return Invalid("上级分类不存在：" + std::to_string(*out.parent_id),
                     "no parent category " + std::to_string(*out.parent_id));
    }
    // A move under itself or one of its own subcategories would make a cycle.
    for (const store::HotlineCategory* up = parent; up && edit.id != 0;
         up = up->parent_id ? Find(current, *up->parent_id) : nullptr) {
      if (up->id == edit.id) {
        return Invalid("不能移到自身或其下级分类之下",
                       "a category cannot move under itself or its own subcategory");
      }
    }
    parent_level = Level(current, *parent);
  }
  if (moved) {
    int height = edit.id == 0 ? 0 : Height(current, edit.id);
    if (parent_level + 1 + height > kMaxCategoryLevels) {
      return Invalid("分类最多三级", "the category tree has at most three levels");
    }
  }
  for (const auto& r : current) {
    if (r.id != out.id && r.parent_id == out.parent_id && r.name == out.name) {
      return Conflict("同一上级下已有分类“" + out.name + "”",
                      "a sibling category is already called " + out.name);
    }
  }
  if (edit.id == 0) out.code = NextCode(current, parent ? parent->code : "");
  if (moved) {  // last among its new siblings
    int sort = -1;
    for (const auto& r : current) {
      if (r.id != out.id && r.parent_id == out.parent_id) sort = std::max(sort, r.sort);
    }
    out.sort = sort + 1;
  }
  if (edit.unit_code) out.unit_code = *edit.unit_code;
  if (edit.disabled) out.disabled = *edit.disabled;
  return out;
}

}  // namespace zb::hotline
