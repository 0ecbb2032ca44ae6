#include "text/classifier.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <sstream>
#include <thread>

namespace zb::text {
namespace {

constexpr const char* kMagic = "zb-text-classifier 1";

Status Corrupt(const std::string& path, const std::string& what) {
  return Invalid("分类模型文件损坏：" + path + "（" + what + "）",
                 "corrupt classifier model " + path + ": " + what);
}

// Trains one binary L2-loss SVM (labels +1/-1) by dual coordinate descent with shrinking, as
// LIBLINEAR; returns weights with the bias last.
std::vector<double> TrainBinary(const std::vector<SparseVector>& x, const std::vector<int>& y,
                                size_t features, const TrainOptions& o) {
  const size_t n = x.size();
  const double diag = 0.5 / o.c;
  std::vector<double> w(features + 1, 0.0), alpha(n, 0.0), q(n);
  for (size_t i = 0; i < n; ++i) {
    q[i] = 1.0 + diag;  // the bias feature
    for (const auto& [j, v] : x[i]) q[i] += v * v;
  }
  std::vector<size_t> index(n);
  std::iota(index.begin(), index.end(), 0);
  std::mt19937 rng(o.seed);
  size_t active = n;
  double pg_max_old = HUGE_VAL;
  for (int iteration = 0; iteration < o.max_iterations; ++iteration) {
    std::shuffle(index.begin(), index.begin() + active, rng);
    double pg_max = -HUGE_VAL, pg_min = HUGE_VAL;
    for (size_t s = 0; s < active; ++s) {
      size_t i = index[s];
      double dot = w[features];
      for (const auto& [j, v] : x[i]) dot += w[j] * v;
      double g = y[i] * dot - 1 + diag * alpha[i];
      double pg = g;
      if (alpha[i] == 0) {
        if (g > pg_max_old) {  // stays at the bound: leave it out until the final check
          std::swap(index[s], index[--active]);
          --s;
          continue;
        }
        if (g > 0) pg = 0;
      }
      pg_max = std::max(pg_max, pg);
      pg_min = std::min(pg_min, pg);
      if (std::fabs(pg) < 1e-12) continue;
      double old = alpha[i];
      alpha[i] = std::max(alpha[i] - g / q[i], 0.0);
      double d = (alpha[i] - old) * y[i];
      for (const auto& [j, v] : x[i]) w[j] += d * v;
      w[features] += d;
    }
    if (pg_max - pg_min <= o.tolerance) {
      if (active == n) break;
      active = n;
      pg_max_old = HUGE_VAL;
      continue;
    }
    pg_max_old = pg_max > 0 ? pg_max : HUGE_VAL;
  }
  return w;
}

std::string OneLine(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  std::replace(s.begin(), s.end(), '\r', ' ');
  return s;
}

}  // namespace

Result<TextClassifier> TextClassifier::Train(const std::vector<std::vector<std::string>>& documents,
                                             const std::vector<std::string>& labels,
                                             const TrainOptions& options) {
  std::vector<size_t> rows(documents.size());
  std::iota(rows.begin(), rows.end(), 0);
  TextClassifier model;
  {
    InternedDocuments corpus = InternedDocuments::From(documents);
    ZB_ASSIGN_OR_RETURN(model, Train(corpus, rows, labels, options));
  }
  model.corpus_features_.clear();
  return model;
}

Result<TextClassifier> TextClassifier::Train(const InternedDocuments& corpus,
                                             const std::vector<size_t>& rows,
                                             const std::vector<std::string>& labels,
                                             const TrainOptions& options) {
  if (rows.size() != labels.size() || rows.empty()) {
    return Invalid("训练数据为空或文本与标签数量不一致",
                   "no training data, or texts and labels differ in number");
  }
  TextClassifier model;
  std::map<std::string, int> distinct;
  for (const auto& l : labels) distinct.emplace(OneLine(l), 0);
  if (distinct.size() < 2) {
    return Invalid("训练数据至少需要两个类别", "training data needs at least two classes");
  }
  for (auto& [label, index] : distinct) {
    index = static_cast<int>(model.labels_.size());
    model.labels_.push_back(label);
  }

  // Document frequencies over the training rows; features keep the corpus's first-seen order.
  const size_t vocabulary = corpus.terms.size();
  std::vector<int> df(vocabulary, 0);
  for (size_t r : rows) {
    for (auto [term, count] : corpus.documents[r]) ++df[term];
  }
  std::vector<uint32_t> kept;
  for (uint32_t t = 0; t < vocabulary; ++t) {
    if (df[t] >= options.min_df && df[t] > 0) kept.push_back(t);
  }
  model.corpus_features_.assign(vocabulary, -1);
  std::vector<std::string> terms;
  std::vector<double> idf;
  for (uint32_t t : kept) {
    model.corpus_features_[t] = static_cast<int32_t>(terms.size());
    terms.push_back(corpus.terms[t]);
    idf.push_back(SmoothIdf(static_cast<double>(rows.size()), df[t]));
  }
  model.vectorizer_ = TfidfVectorizer::FromParts(std::move(terms), std::move(idf));

  std::vector<SparseVector> x;
  x.reserve(rows.size());
  for (size_t r : rows) x.push_back(model.CorpusVector(corpus, r));
  std::vector<int> label_index(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) label_index[i] = distinct.at(OneLine(labels[i]));
  // One binary problem per class; they are independent, so two threads share them.
  model.weights_.resize(model.labels_.size());
  auto train_classes = [&](size_t first, size_t step) {
    std::vector<int> y(labels.size());
    for (size_t k = first; k < model.labels_.size(); k += step) {
      for (size_t i = 0; i < labels.size(); ++i)
        y[i] = label_index[i] == static_cast<int>(k) ? 1 : -1;
      model.weights_[k] = TrainBinary(x, y, model.vectorizer_.size(), options);
    }
  };
  std::thread helper(train_classes, 1, 2);
  train_classes(0, 2);
  helper.join();
  return model;
}

// Features are numbered in corpus term order, so the document's sorted term ids map to sorted
// feature indices.
SparseVector TextClassifier::CorpusVector(const InternedDocuments& corpus, size_t row) const {
  SparseVector v;
  if (corpus_features_.size() != corpus.terms.size()) return v;
  for (auto [term, count] : corpus.documents[row]) {
    if (corpus_features_[term] >= 0) v.emplace_back(corpus_features_[term], count);
  }
  WeighAndNormalise(vectorizer_.idf(), &v);
  return v;
}

Prediction TextClassifier::Predict(const std::vector<std::string>& terms) const {
  return Score(vectorizer_.Transform(terms));
}

Prediction TextClassifier::PredictRow(const InternedDocuments& corpus, size_t row) const {
  return Score(CorpusVector(corpus, row));
}

Prediction TextClassifier::Score(const SparseVector& v) const {
  const size_t features = vectorizer_.size();
  Prediction p;
  double best = -HUGE_VAL;
  for (size_t k = 0; k < labels_.size(); ++k) {
    double s = weights_[k][features];
    for (const auto& [j, x] : v) s += weights_[k][j] * x;
    p.scores.emplace_back(labels_[k], s);
    best = std::max(best, s);
  }
  double sum = 0;
  for (const auto& [label, s] : p.scores) sum += std::exp((s - best) / temperature_);
  std::stable_sort(p.scores.begin(), p.scores.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (!p.scores.empty()) {
    p.label = p.scores[0].first;
    p.confidence = 1.0 / sum;
  }
  return p;
}

Status TextClassifier::Save(const std::string& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Internal("无法写入模型文件：" + path, "cannot write model file: " + path);
  out << kMagic << "\nlabels " << labels_.size() << "\n";
  for (const auto& l : labels_) out << l << "\n";
  out << "features " << vectorizer_.size() << "\n";
  char number[40];
  for (size_t i = 0; i < vectorizer_.size(); ++i) {
    std::snprintf(number, sizeof number, "%.17g", vectorizer_.idf()[i]);
    out << number << "\t" << vectorizer_.terms()[i] << "\n";
  }
  for (const auto& w : weights_) {
    for (size_t j = 0; j < w.size(); ++j) {
      std::snprintf(number, sizeof number, "%.17g", w[j]);
      out << (j ? " " : "") << number;
    }
    out << "\n";
  }
  std::snprintf(number, sizeof number, "%.17g", temperature_);
  out << "temperature " << number << "\n";
  out << "end\n";
  out.flush();
  if (!out) return Internal("写入模型文件失败：" + path, "writing model file failed: " + path);
  return Status::Ok();
}

Result<TextClassifier> TextClassifier::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("找不到模型文件：" + path, "model file not found: " + path);
  std::string line;
  if (!std::getline(in, line) || line != kMagic) return Corrupt(path, "bad header");
  auto read_count = [&](const std::string& key, size_t limit, size_t* out) {
    if (!std::getline(in, line) || line.rfind(key + " ", 0) != 0) return false;
    char* end = nullptr;
    unsigned long long v = std::strtoull(line.c_str() + key.size() + 1, &end, 10);
    if (*end != '\0' || v > limit) return false;
    *out = static_cast<size_t>(v);
    return true;
  };
  TextClassifier model;
  size_t classes, features;
  if (!read_count("labels", 100000, &classes) || classes < 2) return Corrupt(path, "labels");
  for (size_t k = 0; k < classes; ++k) {
    if (!std::getline(in, line)) return Corrupt(path, "truncated labels");
    model.labels_.push_back(line);
  }
  if (!read_count("features", 50000000, &features)) return Corrupt(path, "features");
  std::vector<std::string> terms;
  std::vector<double> idf;
  for (size_t i = 0; i < features; ++i) {
    if (!std::getline(in, line)) return Corrupt(path, "truncated features");
    size_t tab = line.find('\t');
    char* end = nullptr;
    double v = std::strtod(line.c_str(), &end);
    if (tab == std::string::npos || end != line.c_str() + tab || !std::isfinite(v)) {
      return Corrupt(path, "feature line " + std::to_string(i + 1));
    }
    idf.push_back(v);
    terms.push_back(line.substr(tab + 1));
  }
  for (size_t k = 0; k < classes; ++k) {
    if (!std::getline(in, line)) return Corrupt(path, "truncated weights");
    std::vector<double> w;
    w.reserve(features + 1);
    const char* p = line.c_str();
    while (*p) {
      char* end = nullptr;
      double v = std::strtod(p, &end);
      if (end == p || !std::isfinite(v)) return Corrupt(path, "weights");
      w.push_back(v);
      p = end;
      while (*p == ' ') ++p;
    }
    if (w.size() != features + 1) return Corrupt(path, "weights count");
    model.weights_.push_back(std::move(w));
  }
  if (!std::getline(in, line)) return Corrupt(path, "no end marker");
  if (line.rfind("temperature ", 0) == 0) {
    char* end = nullptr;
    double t = std::strtod(line.c_str() + 12, &end);
    if (*end != '\0' || !std::isfinite(t) || t <= 0) return Corrupt(path, "temperature");
    model.temperature_ = t;
    if (!std::getline(in, line)) return Corrupt(path, "no end marker");
  }
  if (line != "end") return Corrupt(path, "no end marker");
  model.vectorizer_ = TfidfVectorizer::FromParts(std::move(terms), std::move(idf));
  return model;
}

}  // namespace zb::text
