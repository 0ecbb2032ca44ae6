// The hotline's 3-level category tree (一级/二级/三级分类), loaded from a CSV whose rows are
// "level 1,level 2,level 3" under a header (data/tipdm2020-sample/attachment1.csv is the
// default). Each node has a stable code from its position ("03", "03.02", "03.02.07"), used as
// the Open311 service_code for leaves, and its path "一级/二级/三级", stored in a ticket's
// `category` field. The office edits the tree (category_admin.h); the edited tree is stored and
// built here from its records. Immutable after building; safe to share between threads.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "store/records.h"

namespace zb::hotline {

struct Category {
  std::string code;       // "03.02.07"
  std::string name;       // the node's own name: 环境卫生
  std::string path;       // 城乡建设/城市建设和市政管理/环境卫生
  int level = 1;          // 1..3
  store::Id id = 0;       // the stored record's id (0 when loaded from a file)
  std::string unit_code;  // the default lead unit, "" if none
  bool disabled = false;  // this node or an ancestor is disabled: not offered for new tickets
  std::vector<Category> children;
};

class CategoryTree {
 public:
  // Rows with fewer than one name are skipped; cells are trimmed. Duplicate rows are merged.
  static Result<CategoryTree> ParseCsv(std::string_view csv);
  static Result<CategoryTree> LoadFile(const std::filesystem::path& path);
  // From stored records (any order; codes as stored). Records whose parent is missing are left out.
  static CategoryTree FromRecords(const std::vector<store::HotlineCategory>& records);
  // The records that store this tree: parents before children, a parent named by -k, the k-th
  // record of the list (store::Store::SaveHotlineCategories).
  std::vector<store::HotlineCategory> ToRecords() const;
  // The same tree without its disabled nodes.
  CategoryTree Enabled() const;

  const std::vector<Category>& roots() const { return roots_; }
  // Every node, depth first (parents before children).
  std::vector<const Category*> All() const;
  std::vector<const Category*> Leaves() const;
  const Category* FindCode(std::string_view code) const;
  const Category* FindId(store::Id id) const;
  // By full path, or by a level-1 name alone ("城乡建设").
  const Category* FindPath(std::string_view path) const;
  size_t size() const;

 private:
  std::vector<Category> roots_;
};

}  // namespace zb::hotline
