#include "hotline/category_tree.h"

#include <gtest/gtest.h>

#include "cases/test_office.h"

namespace zb::hotline {
namespace {

TEST(CategoryTree, LoadsTheRealTree) {
  auto tree =
      CategoryTree::LoadFile(cases::testing::SourceDir() / "data/tipdm2020-sample/attachment1.csv");
  ASSERT_TRUE(tree.ok()) << tree.status().ToString();
  EXPECT_EQ(tree->roots().size(), 15u);
  EXPECT_EQ(tree->roots()[0].name, "城乡建设");
  const Category* c = tree->FindPath("城乡建设/安全生产/安全隐患");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->code, "01.01.03");
  EXPECT_EQ(c->level, 3);
  EXPECT_EQ(tree->FindCode("01.01.03"), c);
  EXPECT_EQ(tree->FindPath("城乡建设")->level, 1);
  EXPECT_GT(tree->Leaves().size(), 400u);
}

TEST(CategoryTree, TrimsMergesAndRejects) {
  auto t = CategoryTree::ParseCsv("a,b,c\n 甲 ,乙,丙\n甲,乙,丁\n甲,\n\n");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->roots().size(), 1u);
  EXPECT_EQ(t->roots()[0].children[0].children.size(), 2u);
  EXPECT_EQ(t->size(), 4u);
  EXPECT_FALSE(CategoryTree::ParseCsv("a,b\n").ok());
  EXPECT_FALSE(CategoryTree::ParseCsv("a,b\n甲/乙,丙\n").ok());
}

}  // namespace
}  // namespace zb::hotline
