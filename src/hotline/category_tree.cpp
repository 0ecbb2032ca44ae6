#include "hotline/category_tree.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "hotline/table_file.h"
#include "hotline/text_clean.h"

namespace zb::hotline {

namespace {

std::string Code(const std::string& parent, size_t index) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02zu", index + 1);
  return parent.empty() ? buf : parent + "." + buf;
}

Category& Child(std::vector<Category>& list, const std::string& parent_code,
                const std::string& parent_path, const std::string& name, int level) {
  for (Category& c : list) {
    if (c.name == name) return c;
  }
  Category c;
  c.code = Code(parent_code, list.size());
  c.name = name;
  c.path = parent_path.empty() ? name : parent_path + "/" + name;
  c.level = level;
  list.push_back(std::move(c));
  return list.back();
}

void Walk(const std::vector<Category>& list, std::vector<const Category*>& out, bool leaves) {
  for (const Category& c : list) {
    if (!leaves || c.children.empty()) out.push_back(&c);
    Walk(c.children, out, leaves);
  }
}

}  // namespace

Result<CategoryTree> CategoryTree::ParseCsv(std::string_view csv) {
  ZB_ASSIGN_OR_RETURN(Table t, hotline::ParseCsv(csv));
  CategoryTree tree;
  for (size_t r = 1; r < t.rows.size(); ++r) {
    std::vector<Category>* level = &tree.roots_;
    std::string code, path;
    for (size_t i = 0; i < t.rows[r].size() && i < 3; ++i) {
      std::string name = TrimCell(t.rows[r][i]);
      if (name.empty()) break;
      if (name.find('/') != std::string::npos) {
        return Invalid("第 " + std::to_string(t.line_of[r]) + " 行：分类名称不能含“/”",
                       "line " + std::to_string(t.line_of[r]) + ": a category name contains '/'");
      }
      Category& c = Child(*level, code, path, name, static_cast<int>(i) + 1);
      code = c.code;
      path = c.path;
      level = &c.children;
    }
  }
  if (tree.roots_.empty()) return Invalid("分类表为空", "the category table is empty");
  return tree;
}

Result<CategoryTree> CategoryTree::LoadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFound("无法读取分类文件：" + path.string(),
                    "cannot read category file: " + path.string());
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto tree = ParseCsv(ss.str());
  if (!tree.ok()) return tree.status().WithContext(path.string(), path.string());
  return tree;
}

std::vector<const Category*> CategoryTree::All() const {
  std::vector<const Category*> out;
  Walk(roots_, out, false);
  return out;
}

std::vector<const Category*> CategoryTree::Leaves() const {
  std::vector<const Category*> out;
  Walk(roots_, out, true);
  return out;
}

const Category* CategoryTree::FindCode(std::string_view code) const {
  for (const Category* c : All()) {
    if (c->code == code) return c;
  }
  return nullptr;
}

const Category* CategoryTree::FindPath(std::string_view path) const {
  for (const Category* c : All()) {
    if (c->path == path) return c;
  }
  return nullptr;
}

CategoryTree CategoryTree::FromRecords(const std::vector<store::HotlineCategory>& records) {
  std::map<std::optional<store::Id>, std::vector<const store::HotlineCategory*>> children;
  for (const auto& r : records) children[r.parent_id].push_back(&r);
  for (auto& [parent, list] : children) {
    std::stable_sort(list.begin(), list.end(),
                     [](const auto* a, const auto* b) { return a->sort < b->sort; });
  }
  CategoryTree tree;
  // Depth-limited, so a cycle in bad data cannot loop.
  std::function<void(std::optional<store::Id>, const Category*, std::vector<Category>&)> add =
      [&](std::optional<store::Id> parent, const Category* up, std::vector<Category>& out) {
        auto it = children.find(parent);
        if (it == children.end() || (up && up->level >= 3)) return;
        for (const auto* r : it->second) {
          Category c;
          c.id = r->id;
          c.code = r->code;
          c.name = r->name;
          c.path = up ? up->path + "/" + r->name : r->name;
          c.level = up ? up->level + 1 : 1;
          c.unit_code = r->unit_code;
          c.disabled = r->disabled || (up && up->disabled);
          out.push_back(std::move(c));
          add(r->id, &out.back(), out.back().children);
        }
      };
  add(std::nullopt, nullptr, tree.roots_);
  return tree;
}

std::vector<store::HotlineCategory> CategoryTree::ToRecords() const {
  std::vector<store::HotlineCategory> out;
  std::function<void(const std::vector<Category>&, std::optional<store::Id>)> add =
      [&](const std::vector<Category>& list, std::optional<store::Id> parent) {
        int sort = 0;
        for (const Category& c : list) {
          store::HotlineCategory r;
          r.parent_id = parent;
          r.code = c.code;
          r.name = c.name;
          r.sort = sort++;
          r.unit_code = c.unit_code;
          r.disabled = c.disabled;
          out.push_back(std::move(r));
          add(c.children, -static_cast<store::Id>(out.size()));
        }
      };
  add(roots_, std::nullopt);
  return out;
}

CategoryTree CategoryTree::Enabled() const {
  std::function<std::vector<Category>(const std::vector<Category>&)> keep =
      [&](const std::vector<Category>& list) {
        std::vector<Category> out;
        for (const Category& c : list) {
          if (c.disabled) continue;
          Category copy = c;
          copy.children = keep(c.children);
          out.push_back(std::move(copy));
        }
        return out;
      };
  CategoryTree t;
  t.roots_ = keep(roots_);
  return t;
}

const Category* CategoryTree::FindId(store::Id id) const {
  for (const Category* c : All()) {
    if (c->id == id) return c;
  }
  return nullptr;
}

size_t CategoryTree::size() const {
  return All().size();
}

}  // namespace zb::hotline
