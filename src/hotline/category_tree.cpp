#include "hotline/category_tree.h"

#include <cstdio>
#include <fstream>
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

size_t CategoryTree::size() const {
  return All().size();
}

}  // namespace zb::hotline
