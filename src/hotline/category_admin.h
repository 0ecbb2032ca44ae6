// Editing the hotline category tree (admin): adding, renaming, moving, disabling a category and
// setting its default lead unit. Each edit is checked against the stored records and becomes the
// one record to save; nothing here touches the store. Pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/records.h"

namespace zb::hotline {

inline constexpr int kMaxCategoryLevels = 3;
inline constexpr size_t kMaxCategoryNameBytes = 60;  // 20 ideographs

struct CategoryEdit {
  store::Id id = 0;  // 0: a new category
  std::optional<std::string> name;
  bool move = false;                // parent_id applies (a new category always takes it)
  std::optional<store::Id> parent;  // none: level 1
  std::optional<std::string> unit_code;
  std::optional<bool> disabled;
};

// The record to save for `edit`, or: kInvalid for an empty or over-long name, a name with '/' or
// control characters, an unknown parent, a move under itself or its own subcategory, or a tree
// deeper than three levels; kNotFound for an unknown category; kConflict for a sibling with the
// same name. A new category gets the next free code under its parent ("03.02" → "03.02.08").
Result<store::HotlineCategory> PlanCategoryEdit(const std::vector<store::HotlineCategory>& current,
                                                const CategoryEdit& edit);

// The category's path ("城乡建设/…/环境卫生") by its parents, "" if unknown.
std::string CategoryPath(const std::vector<store::HotlineCategory>& current, store::Id id);

}  // namespace zb::hotline
