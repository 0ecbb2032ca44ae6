#include "text/evaluation.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

namespace zb::text {

Result<Evaluation> CrossValidate(const std::vector<std::vector<std::string>>& documents,
                                 const std::vector<std::string>& labels, int folds,
                                 const TrainOptions& options) {
  return CrossValidate(InternedDocuments::From(documents), labels, folds, options);
}

Result<Evaluation> CrossValidate(const InternedDocuments& corpus,
                                 const std::vector<std::string>& labels, int folds,
                                 const TrainOptions& options) {
  const auto& documents = corpus.documents;
  if (folds < 2 || documents.size() < static_cast<size_t>(folds) ||
      documents.size() != labels.size()) {
    return Invalid("交叉验证需要至少 2 折且样本数不少于折数",
                   "cross-validation needs at least 2 folds and as many examples as folds");
  }
  Evaluation e;
  std::map<std::string, size_t> index;
  for (const auto& l : labels) index.emplace(l, 0);
  for (auto& [label, i] : index) {
    i = e.labels.size();
    e.labels.push_back(label);
  }
  const size_t k = e.labels.size();
  e.confusion.assign(k, std::vector<int>(k, 0));
  using Clock = std::chrono::steady_clock;
  for (int f = 0; f < folds; ++f) {
    std::vector<size_t> train_rows;
    std::vector<std::string> train_labels;
    for (size_t i = 0; i < documents.size(); ++i) {
      if (static_cast<int>(i % folds) == f) continue;
      train_rows.push_back(i);
      train_labels.push_back(labels[i]);
    }
    auto start = Clock::now();
    ZB_ASSIGN_OR_RETURN(TextClassifier model,
                        TextClassifier::Train(corpus, train_rows, train_labels, options));
    auto trained = Clock::now();
    for (size_t i = f; i < documents.size(); i += folds) {
      Prediction p = model.PredictRow(corpus, i);
      e.held_out.push_back({labels[i], p.scores, f});
      auto it = index.find(p.label);
      if (it != index.end()) ++e.confusion[index.at(labels[i])][it->second];
    }
    e.train_seconds += std::chrono::duration<double>(trained - start).count();
    e.predict_seconds += std::chrono::duration<double>(Clock::now() - trained).count();
  }
  // Back to example order: fold f held examples f, f + folds, …
  std::vector<HeldOutScore> ordered(documents.size());
  const size_t nf = static_cast<size_t>(folds);
  for (size_t j = 0; j < e.held_out.size(); ++j) {
    size_t f = static_cast<size_t>(e.held_out[j].fold), n = 0;
    for (size_t g = 0; g < f; ++g) n += (documents.size() - g + nf - 1) / nf;
    ordered[f + (j - n) * nf] = std::move(e.held_out[j]);
  }
  e.held_out = std::move(ordered);
  size_t correct = 0;
  double f1_sum = 0;
  for (size_t c = 0; c < k; ++c) {
    double tp = e.confusion[c][c], predicted = 0, actual = 0;
    for (size_t r = 0; r < k; ++r) {
      predicted += e.confusion[r][c];
      actual += e.confusion[c][r];
    }
    correct += e.confusion[c][c];
    double precision = predicted > 0 ? tp / predicted : 0;
    double recall = actual > 0 ? tp / actual : 0;
    f1_sum += precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  }
  e.accuracy = static_cast<double>(correct) / documents.size();
  e.macro_f1 = f1_sum / k;
  return e;
}

std::string FormatConfusion(const Evaluation& e) {
  std::string out = "true \\ predicted";
  for (size_t c = 0; c < e.labels.size(); ++c) out += "\t" + std::to_string(c);
  out += "\n";
  for (size_t r = 0; r < e.labels.size(); ++r) {
    out += std::to_string(r) + " " + e.labels[r];
    for (int v : e.confusion[r]) out += "\t" + std::to_string(v);
    out += "\n";
  }
  return out;
}

}  // namespace zb::text
