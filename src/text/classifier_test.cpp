#include "text/classifier.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "text/csv.h"
#include "text/evaluation.h"
#include "text/test_support.h"

namespace zb::text {
namespace {

struct Labelled {
  std::vector<std::vector<std::string>> documents;
  std::vector<std::string> labels;
};

Labelled LoadSample() {
  std::string path = testing::SourceDir() + "/data/tipdm2020-sample/attachment2.csv";
  auto texts = ReadCsvColumns(path, {"留言主题", "留言详情"});
  auto labels = ReadCsvColumns(path, {"一级分类"});
  EXPECT_TRUE(texts.ok() && labels.ok());
  Labelled out;
  for (const auto& t : *texts) out.documents.push_back(FeatureTerms(testing::SharedSegmenter(), t));
  out.labels = *labels;
  return out;
}

TEST(ClassifierTest, CrossValidatedOnRealMessages) {
  Labelled data = LoadSample();
  ASSERT_EQ(data.documents.size(), 495u);
  auto e = CrossValidate(data.documents, data.labels, 5);
  ASSERT_TRUE(e.ok()) << e.status().ToString();
  std::printf("5-fold: accuracy=%.4f macro_f1=%.4f train %.3f s predict %.3f s\n%s", e->accuracy,
              e->macro_f1, e->train_seconds, e->predict_seconds, FormatConfusion(*e).c_str());
  EXPECT_EQ(e->labels.size(), 7u);
  EXPECT_GE(e->macro_f1, 0.78);  // scikit-learn TF-IDF + LinearSVC: 0.7165
}

TEST(ClassifierTest, SaveLoadAndCorruptFiles) {
  Labelled data = LoadSample();
  auto model = TextClassifier::Train(data.documents, data.labels);
  ASSERT_TRUE(model.ok());
  std::string path = "/tmp/zb_text_classifier_test.model";
  ASSERT_TRUE(model->Save(path).ok());
  auto loaded = TextClassifier::Load(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  const Segmenter& seg = testing::SharedSegmenter();
  auto a = model->PredictText(seg, "小区门口道路积水严重，施工围挡占道");
  auto b = loaded->PredictText(seg, "小区门口道路积水严重，施工围挡占道");
  EXPECT_EQ(a.label, b.label);
  EXPECT_NEAR(a.confidence, b.confidence, 1e-12);
  EXPECT_GT(a.confidence, 0);
  // Truncated and garbled files are errors, not crashes.
  std::string content;
  {
    std::ifstream in(path);
    content.assign(std::istreambuf_iterator<char>(in), {});
  }
  for (size_t cut : {size_t{0}, size_t{10}, content.size() / 2, content.size() - 5}) {
    std::ofstream(path, std::ios::trunc) << content.substr(0, cut);
    EXPECT_FALSE(TextClassifier::Load(path).ok()) << cut;
  }
  std::ofstream(path, std::ios::trunc) << "zb-text-classifier 1\nlabels 2\na\nb\nfeatures x\n";
  EXPECT_FALSE(TextClassifier::Load(path).ok());
  std::remove(path.c_str());
  EXPECT_FALSE(TextClassifier::Load("/nonexistent/model").ok());
  EXPECT_FALSE(TextClassifier::Train({{"w:a"}}, {"x"}).ok());
}

}  // namespace
}  // namespace zb::text
