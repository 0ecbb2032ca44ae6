// A text classifier for dispatch suggestions (category, or unit): TF-IDF features (features.h)
// and one-vs-rest linear SVMs (L2-regularised squared hinge loss, trained by dual coordinate
// descent as LIBLINEAR / scikit-learn's LinearSVC, C = 1, with a bias term).
//
// A trained classifier is immutable and safe to share across threads; Train() builds a new one,
// training the per-class problems on two threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "text/features.h"
#include "text/segmenter.h"

namespace zb::text {

struct TrainOptions {
  double c = 1.0;  // inverse regularisation strength
  int max_iterations = 1000;
  double tolerance = 0.1;  // on the projected gradient, as LIBLINEAR
  int min_df = 2;          // features seen in fewer training texts are dropped
  unsigned seed = 1;       // order of coordinate updates
};

struct Prediction {
  std::string label;
  double confidence = 0;  // softmax over the class scores / temperature, in (0, 1]
  std::vector<std::pair<std::string, double>> scores;  // every class, best first
};

class TextClassifier {
 public:
  // Trains from texts' feature terms (FeatureTerms) and their labels (same length, at least two
  // distinct labels).
  static Result<TextClassifier> Train(const std::vector<std::vector<std::string>>& documents,
                                      const std::vector<std::string>& labels,
                                      const TrainOptions& options = {});
  // Trains on the documents `rows` of `corpus`; labels[i] belongs to rows[i]. The model can then
  // also predict rows of the same corpus with PredictRow.
  static Result<TextClassifier> Train(const InternedDocuments& corpus,
                                      const std::vector<size_t>& rows,
                                      const std::vector<std::string>& labels,
                                      const TrainOptions& options = {});

  Prediction Predict(const std::vector<std::string>& terms) const;
  // A document of the corpus this model was trained on (see Train above).
  Prediction PredictRow(const InternedDocuments& corpus, size_t row) const;
  Prediction PredictText(const Segmenter& segmenter, std::string_view text) const {
    return Predict(FeatureTerms(segmenter, text));
  }
  const std::vector<std::string>& labels() const { return labels_; }
  // The confidences' temperature (calibration.h fits it on held-out scores); 1 by default.
  double temperature() const { return temperature_; }
  void set_temperature(double t) { temperature_ = t > 0 ? t : 1.0; }

  // A line-oriented text file; Load rejects anything malformed or truncated with an error
  // (a file without the temperature line, written before calibration, loads with 1).
  Status Save(const std::string& path) const;
  static Result<TextClassifier> Load(const std::string& path);

 private:
  Prediction Score(const SparseVector& v) const;
  SparseVector CorpusVector(const InternedDocuments& corpus, size_t row) const;

  TfidfVectorizer vectorizer_;
  std::vector<int32_t> corpus_features_;  // corpus term id -> feature, -1 if none
  std::vector<std::string> labels_;
  std::vector<std::vector<double>> weights_;  // per class: one per feature, then the bias
  double temperature_ = 1.0;
};

}  // namespace zb::text
