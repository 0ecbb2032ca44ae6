#include "hotline/category_admin.h"

#include <gtest/gtest.h>

#include "cases/test_office.h"
#include "hotline/category_tree.h"

namespace zb::hotline {
namespace {

// The real tree as stored: ids 1.. in ToRecords order.
std::vector<store::HotlineCategory> Stored() {
  static const std::vector<store::HotlineCategory> records = [] {
    auto tree = CategoryTree::LoadFile(cases::testing::SourceDir() /
                                       "data/tipdm2020-sample/attachment1.csv");
    auto r = tree->ToRecords();
    for (size_t i = 0; i < r.size(); ++i) {
      r[i].id = static_cast<store::Id>(i + 1);
      if (r[i].parent_id) r[i].parent_id = -*r[i].parent_id;
    }
    return r;
  }();
  return records;
}

store::Id IdOf(const std::vector<store::HotlineCategory>& all, const std::string& path) {
  for (const auto& r : all) {
    if (CategoryPath(all, r.id) == path) return r.id;
  }
  return 0;
}

TEST(CategoryAdmin, RecordsRoundTripTheTree) {
  auto all = Stored();
  CategoryTree back = CategoryTree::FromRecords(all);
  auto file =
      CategoryTree::LoadFile(cases::testing::SourceDir() / "data/tipdm2020-sample/attachment1.csv");
  ASSERT_EQ(back.size(), file->size());
  const Category* c = back.FindPath("城乡建设/安全生产/安全隐患");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->code, "01.01.03");
  EXPECT_EQ(c->level, 3);
  EXPECT_EQ(back.FindId(c->id), c);
}

TEST(CategoryAdmin, AddsUnderAParentWithTheNextCode) {
  auto all = Stored();
  store::Id parent = IdOf(all, "城乡建设/安全生产");
  ASSERT_NE(parent, 0);
  CategoryEdit e;
  e.name = " 燃气安全 ";
  e.parent = parent;
  e.unit_code = "housing";
  auto r = PlanCategoryEdit(all, e);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->name, "燃气安全");
  EXPECT_EQ(r->parent_id, parent);
  EXPECT_EQ(r->unit_code, "housing");
  int siblings = 0;
  for (const auto& x : all) siblings += x.parent_id == parent;
  char want[32];
  std::snprintf(want, sizeof want, "01.01.%02d", siblings + 1);
  EXPECT_EQ(r->code, want);
  EXPECT_EQ(r->sort, siblings);

  CategoryEdit root;
  root.name = "疫情防控";
  auto top = PlanCategoryEdit(all, root);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->code, "16");  // 15 level-1 categories in the real tree
  EXPECT_FALSE(top->parent_id);
}

TEST(CategoryAdmin, RenamesMovesAndDisables) {
  auto all = Stored();
  store::Id id = IdOf(all, "城乡建设/安全生产/安全隐患");
  store::Id to = IdOf(all, "环境保护");
  ASSERT_NE(to, 0);
  CategoryEdit e;
  e.id = id;
  e.name = "安全隐患排查";
  e.move = true;
  e.parent = to;
  e.disabled = true;
  auto r = PlanCategoryEdit(all, e);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->code, "01.01.03");  // codes are stable
  EXPECT_EQ(r->parent_id, to);
  EXPECT_TRUE(r->disabled);
  for (auto& x : all) {
    if (x.id == id) x = *r;
  }
  EXPECT_EQ(CategoryPath(all, id), "环境保护/安全隐患排查");
  CategoryTree tree = CategoryTree::FromRecords(all);
  EXPECT_NE(tree.FindPath("环境保护/安全隐患排查"), nullptr);
  EXPECT_EQ(tree.Enabled().FindPath("环境保护/安全隐患排查"), nullptr);
  EXPECT_EQ(tree.Enabled().size() + 1, tree.size());
}

TEST(CategoryAdmin, DisablingAParentDisablesItsSubtree) {
  auto all = Stored();
  store::Id id = IdOf(all, "城乡建设");
  for (auto& x : all) {
    if (x.id == id) x.disabled = true;
  }
  CategoryTree tree = CategoryTree::FromRecords(all);
  EXPECT_TRUE(tree.FindPath("城乡建设/安全生产/安全隐患")->disabled);
  EXPECT_EQ(tree.Enabled().FindPath("城乡建设/安全生产"), nullptr);
}

TEST(CategoryAdmin, RejectsBadEdits) {
  auto all = Stored();
  store::Id level1 = IdOf(all, "城乡建设");
  store::Id level2 = IdOf(all, "城乡建设/安全生产");
  store::Id level3 = IdOf(all, "城乡建设/安全生产/安全隐患");
  auto code = [&](CategoryEdit e) { return PlanCategoryEdit(all, e).status().code(); };

  CategoryEdit dup;  // a sibling already has the name
  dup.name = "安全隐患";
  dup.parent = level2;
  EXPECT_EQ(code(dup), ErrorCode::kConflict);
  CategoryEdit rename = dup;
  rename.id = IdOf(all, "城乡建设/安全生产/事故处理");
  rename.parent.reset();
  ASSERT_NE(rename.id, 0);
  EXPECT_EQ(code(rename), ErrorCode::kConflict);

  CategoryEdit cycle;  // under its own subcategory
  cycle.id = level1;
  cycle.move = true;
  cycle.parent = level2;
  EXPECT_EQ(code(cycle), ErrorCode::kInvalidArgument);
  cycle.parent = level1;  // under itself
  EXPECT_EQ(code(cycle), ErrorCode::kInvalidArgument);

  CategoryEdit unknown;
  unknown.name = "新分类";
  unknown.parent = 999999;
  EXPECT_EQ(code(unknown), ErrorCode::kInvalidArgument);

  for (const std::string& name :
       std::vector<std::string>{"", "   ", "甲/乙", "a\tb", std::string(61, 'x')}) {
    CategoryEdit bad;
    bad.name = name;
    EXPECT_EQ(code(bad), ErrorCode::kInvalidArgument) << name;
  }
  CategoryEdit no_name;
  EXPECT_EQ(code(no_name), ErrorCode::kInvalidArgument);

  CategoryEdit four;  // a fourth level
  four.name = "第四级";
  four.parent = level3;
  EXPECT_EQ(code(four), ErrorCode::kInvalidArgument);
  CategoryEdit deep;  // a level-2 node with children moved under another level-2 node
  deep.id = level2;
  deep.move = true;
  deep.parent = [&] {
    for (const auto& r : all) {
      if (r.parent_id == IdOf(all, "环境保护")) return r.id;
    }
    return store::Id{0};
  }();
  EXPECT_EQ(code(deep), ErrorCode::kInvalidArgument);

  CategoryEdit missing;
  missing.id = 999999;
  missing.name = "x";
  EXPECT_EQ(code(missing), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace zb::hotline
