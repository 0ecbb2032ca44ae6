// Dispatch suggestions trained and checked on the real labelled messages (attachment2.csv: 495
// messages, 7 level-1 categories), and the keyword rules used before a model exists.
#include "hotline/dispatch_model.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "cases/test_office.h"
#include "hotline/table_file.h"
#include "hotline/text_clean.h"

namespace zb::hotline {
namespace {

const std::map<std::string, std::string> kUnitOf = {{"城乡建设", "dept.housing"},
                                                    {"环境保护", "dept.ecology"},
                                                    {"交通运输", "dept.transport"},
                                                    {"教育文体", "dept.education"},
                                                    {"劳动和社会保障", "dept.human_resources"},
                                                    {"卫生计生", "dept.health"},
                                                    {"商贸旅游", "dept.commerce"}};

std::vector<DispatchExample> RealMessages() {
  std::ifstream in(cases::testing::SourceDir() / "data/tipdm2020-sample/attachment2.csv",
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto table = ParseTable(ss.str());
  EXPECT_TRUE(table.ok());
  std::vector<DispatchExample> out;
  if (!table.ok()) return out;
  for (size_t i = 1; i < table->rows.size(); ++i) {
    const Row& r = table->rows[i];
    if (r.size() < 6) continue;
    std::string category = TrimCell(r[5]);
    out.push_back({TrimCell(r[2]) + "\n" + CleanMultiline(r[4]), category, kUnitOf.at(category)});
  }
  return out;
}

const text::Segmenter& Jieba() {
  static const text::Segmenter s = *text::Segmenter::Load();
  return s;
}

const CategoryTree& Tree() {
  static const CategoryTree t = *CategoryTree::LoadFile(cases::testing::SourceDir() /
                                                        "data/tipdm2020-sample/attachment1.csv");
  return t;
}

TEST(DispatchModel, SuggestsCategoryAndUnitForHeldOutRealMessages) {
  auto all = RealMessages();
  ASSERT_EQ(all.size(), 495u);
  std::vector<DispatchExample> train, test;
  for (size_t i = 0; i < all.size(); ++i) (i % 5 == 0 ? test : train).push_back(all[i]);
  auto model = DispatchModel::Train(Jieba(), train);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  int category_right = 0, unit_right = 0;
  double confidence_right = 0, confidence_wrong = 0;
  int wrong = 0;
  for (const DispatchExample& e : test) {
    DispatchSuggestion s = model->Suggest(Jieba(), e.text, &Tree());
    EXPECT_EQ(s.source, "model");
    bool right = s.category.rfind(e.category, 0) == 0;  // the level-1 name, maybe refined
    category_right += right;
    unit_right += s.unit_code == e.unit_code;
    (right ? confidence_right : confidence_wrong) += s.category_confidence;
    wrong += !right;
  }
  double n = static_cast<double>(test.size());
  std::printf("held out %zu real messages: category %d right, unit %d right\n", test.size(),
              category_right, unit_right);
  EXPECT_GT(category_right / n, 0.75) << category_right << "/" << test.size();
  EXPECT_GT(unit_right / n, 0.75) << unit_right << "/" << test.size();
  // A right suggestion is more confident, on average, than a wrong one.
  ASSERT_GT(wrong, 0);
  EXPECT_GT(confidence_right / category_right, confidence_wrong / wrong);
}

TEST(DispatchModel, SavesAndLoads) {
  auto model = DispatchModel::Train(Jieba(), RealMessages());
  ASSERT_TRUE(model.ok());
  auto dir = std::filesystem::temp_directory_path() / ("zb-dispatch-" + std::to_string(::getpid()));
  ASSERT_TRUE(model->Save(dir).ok());
  auto loaded = DispatchModel::Load(dir);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const char* text = "K市公交车司机驾驶时玩手机，车辆多次急刹车，乘客安全没有保障";
  auto a = model->Suggest(Jieba(), text, &Tree());
  auto b = loaded->Suggest(Jieba(), text, &Tree());
  EXPECT_EQ(a.category, b.category);
  EXPECT_EQ(a.unit_code, "dept.transport");
  EXPECT_EQ(b.unit_code, "dept.transport");
  EXPECT_DOUBLE_EQ(a.unit_confidence, b.unit_confidence);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(DispatchModel::Load(dir).status().code(), ErrorCode::kNotFound);
}

TEST(DispatchModel, NeedsTwoClasses) {
  std::vector<DispatchExample> one = {{"小区停水", "城乡建设", "dept.housing"},
                                      {"小区停电", "城乡建设", "dept.housing"}};
  EXPECT_EQ(DispatchModel::Train(Jieba(), one).status().code(), ErrorCode::kInvalidArgument);
}

TEST(DispatchRules, PickTheCategoryWhoseWordsTheCallerUses) {
  auto s = SuggestByRules("我家小区物业乱收费，业主多次反映无人处理", &Tree());
  EXPECT_EQ(s.source, "rules");
  EXPECT_EQ(s.category.substr(0, s.category.find('/')), "城乡建设");
  EXPECT_EQ(s.unit_code, "dept.housing");
  EXPECT_GT(s.category_confidence, 0);
  EXPECT_LE(s.category_confidence, 0.6);
  s = SuggestByRules("公司拖欠工资三个月，也不交社保", &Tree());
  EXPECT_EQ(s.category, "劳动和社会保障");
  EXPECT_EQ(s.unit_code, "dept.human_resources");
  s = SuggestByRules("你好", &Tree());
  EXPECT_EQ(s.category, "");
  EXPECT_EQ(s.unit_code, "");
}

TEST(DispatchRules, RefineToTheNodeTheTextNames) {
  EXPECT_EQ(RefineCategory("城乡建设", "小区安全隐患严重，请尽快处理", &Tree()),
            "城乡建设/安全生产/安全隐患");
  EXPECT_EQ(RefineCategory("城乡建设", "没有提到任何分类名", &Tree()), "城乡建设");
  EXPECT_EQ(RefineCategory("不存在的分类", "安全隐患", &Tree()), "不存在的分类");
  EXPECT_EQ(RefineCategory("城乡建设", "安全隐患", nullptr), "城乡建设");
}

}  // namespace
}  // namespace zb::hotline
