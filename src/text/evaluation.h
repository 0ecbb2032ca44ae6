// k-fold cross-validation of the classifier: accuracy, macro-F1 and the confusion matrix.
// Fold f holds the examples whose index i satisfies i % folds == f (deterministic, so another
// tool can use the very same folds).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "text/classifier.h"

namespace zb::text {

// One example's class scores from the model of the fold that did not see it.
struct HeldOutScore {
  std::string label;                                   // the true label
  std::vector<std::pair<std::string, double>> scores;  // Prediction::scores, best first
  int fold = 0;
};

struct Evaluation {
  double accuracy = 0;
  double macro_f1 = 0;
  std::vector<std::string> labels;          // sorted
  std::vector<std::vector<int>> confusion;  // [true][predicted], in `labels` order
  double train_seconds = 0;
  double predict_seconds = 0;
  std::vector<HeldOutScore> held_out;  // in example order
};

// `documents` are FeatureTerms of each example. Fails if folds < 2 or there are fewer examples
// than folds.
Result<Evaluation> CrossValidate(const std::vector<std::vector<std::string>>& documents,
                                 const std::vector<std::string>& labels, int folds,
                                 const TrainOptions& options = {});
Result<Evaluation> CrossValidate(const InternedDocuments& corpus,
                                 const std::vector<std::string>& labels, int folds,
                                 const TrainOptions& options = {});

// The confusion matrix as aligned text, one row per true label.
std::string FormatConfusion(const Evaluation& e);

}  // namespace zb::text
