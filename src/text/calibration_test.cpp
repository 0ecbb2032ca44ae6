#include "text/calibration.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "text/csv.h"
#include "text/test_support.h"

namespace zb::text {
namespace {

TEST(Calibration, FitsTheTemperatureOfConstructedScores) {
  // Two classes, score gap 1: at temperature t the top class has 1 / (1 + e^(−1/t)). When the
  // top class is right 88 % of the time, the fitted t makes that confidence 0.88.
  std::vector<HeldOutScore> h;
  for (int i = 0; i < 100; ++i) {
    bool right = i < 88;
    h.push_back({right ? "a" : "b", {{"a", 1.0}, {"b", 0.0}}, i % 5});
  }
  double t = FitTemperature(h);
  EXPECT_NEAR(TopConfidence(h[0].scores, t), 0.88, 0.005);
  EXPECT_LT(t, 1.0);  // sharper than the raw softmax (0.73)
  auto bins = Reliability(h, t, 10);
  EXPECT_EQ(bins[8].count, 100);
  EXPECT_NEAR(bins[8].accuracy, 0.88, 1e-9);
  EXPECT_LT(CalibrationError(bins), 0.01);
  EXPECT_GT(CalibrationError(Reliability(h, 1.0, 10)), 0.1);
  EXPECT_EQ(FitTemperature({}), 1.0);
}

// The real labelled messages: the raw softmax is far below the observed accuracy; temperatures
// fitted on other folds bring the confidence of held-out messages close to it.
TEST(Calibration, HeldOutRealMessages) {
  std::string path = testing::SourceDir() + "/data/tipdm2020-sample/attachment2.csv";
  auto texts = ReadCsvColumns(path, {"留言主题", "留言详情"});
  auto labels = ReadCsvColumns(path, {"一级分类"});
  ASSERT_TRUE(texts.ok() && labels.ok());
  std::vector<std::vector<std::string>> docs;
  for (const auto& t : *texts) docs.push_back(FeatureTerms(testing::SharedSegmenter(), t));
  auto e = CrossValidate(docs, *labels, 5);
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->held_out.size(), docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    ASSERT_EQ(e->held_out[i].label, (*labels)[i]);
    ASSERT_EQ(e->held_out[i].fold, static_cast<int>(i % 5));
  }
  auto raw = Reliability(e->held_out, 1.0, 10);
  auto calibrated = Reliability(e->held_out, CrossFittedTemperatures(e->held_out, 5), 10);
  double mean_raw = 0;
  for (const auto& b : raw) mean_raw += b.confidence * b.count;
  mean_raw /= static_cast<double>(docs.size());
  std::printf("accuracy %.3f, raw mean confidence %.3f, ECE raw %.3f calibrated %.3f, T %.3f\n",
              e->accuracy, mean_raw, CalibrationError(raw), CalibrationError(calibrated),
              FitTemperature(e->held_out));
  EXPECT_LT(mean_raw, e->accuracy - 0.3);
  EXPECT_LT(CalibrationError(calibrated), 0.08);
  EXPECT_LT(CalibrationError(calibrated), CalibrationError(raw) / 3);
}

TEST(Calibration, TemperatureIsSavedWithTheModel) {
  std::vector<std::vector<std::string>> docs = {
      {"积水", "道路"}, {"噪音", "扰民"}, {"积水", "小区"}, {"噪音", "夜间"}};
  TrainOptions o;
  o.min_df = 1;
  auto m = TextClassifier::Train(docs, {"a", "b", "a", "b"}, o);
  ASSERT_TRUE(m.ok());
  double before = m->Predict({"积水"}).confidence;
  m->set_temperature(0.1);
  double sharp = m->Predict({"积水"}).confidence;
  EXPECT_GT(sharp, before);
  EXPECT_EQ(m->Predict({"积水"}).label, "a");
  std::string path = ::testing::TempDir() + "/calibrated.model";
  ASSERT_TRUE(m->Save(path).ok());
  auto back = TextClassifier::Load(path);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_DOUBLE_EQ(back->temperature(), 0.1);
  EXPECT_DOUBLE_EQ(back->Predict({"积水"}).confidence, sharp);
}

}  // namespace
}  // namespace zb::text
