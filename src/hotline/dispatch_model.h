// Dispatch suggestions for a new ticket: which category (level 1, refined to a deeper node whose
// name the text mentions) and which lead unit, each with a confidence. Two linear classifiers of
// the text engine (src/text/classifier.h) trained on closed tickets — their title and content,
// labelled with their category and lead unit — or, when there is no model yet, keyword rules.
//
// A trained model is immutable and safe to share between threads.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hotline/category_tree.h"
#include "store/store.h"
#include "text/classifier.h"
#include "text/segmenter.h"

namespace zb::hotline {

// One labelled text: a closed ticket's words, its level-1 category ("" if none) and the code of its
// lead unit ("" if none).
struct DispatchExample {
  std::string text;
  std::string category;
  std::string unit_code;
};

struct DispatchSuggestion {
  std::string category;  // a path of the category tree ("城乡建设/…"), "" if none
  double category_confidence = 0;
  std::string unit_code;  // "" if none
  double unit_confidence = 0;
  std::string source;  // "model" | "rules"
};

// How well one of the two classifiers does on examples it did not see (k-fold cross-validation at
// training time), and the temperature fitted there that calibrates its confidences.
struct ClassifierQuality {
  int folds = 0;        // 0: not measured (too few examples, or a model loaded from files)
  size_t examples = 0;  // cross-validated (at most kMaxCrossValidated)
  double accuracy = 0;
  double macro_f1 = 0;
  double temperature = 1;
  double calibration_error_raw = 0;  // expected calibration error of the raw softmax
  double calibration_error = 0;      // …with temperatures fitted on the other folds
};

// Called with the phase training is in: "segmenting", "training", "cross-validating".
using TrainProgress = std::function<void(std::string_view phase)>;

class DispatchModel {
 public:
  static constexpr size_t kMaxCrossValidated = 10000;
  static constexpr int kFolds = 5;

  // Needs at least two distinct categories and two distinct units among the examples. With
  // enough examples (kFolds per class on average) the classifiers are cross-validated and their
  // confidences calibrated.
  static Result<DispatchModel> Train(const text::Segmenter& segmenter,
                                     const std::vector<DispatchExample>& examples,
                                     const TrainProgress& progress = nullptr);
  // The closed hotline tickets of the store (at most `limit`, newest first) as examples: the
  // category's first level, the lead unit's code.
  static Result<std::vector<DispatchExample>> ClosedTickets(store::Store& store, int limit);

  DispatchSuggestion Suggest(const text::Segmenter& segmenter, std::string_view text,
                             const CategoryTree* tree) const;

  // Two files in `dir`: hotline-category.model and hotline-unit.model (the folder is created).
  Status Save(const std::filesystem::path& dir) const;
  static Result<DispatchModel> Load(const std::filesystem::path& dir);

  size_t examples() const { return examples_; }
  const ClassifierQuality& category_quality() const { return category_quality_; }
  const ClassifierQuality& unit_quality() const { return unit_quality_; }

 private:
  DispatchModel(text::TextClassifier category, text::TextClassifier unit, size_t examples)
      : category_(std::move(category)), unit_(std::move(unit)), examples_(examples) {}
  text::TextClassifier category_;
  text::TextClassifier unit_;
  size_t examples_ = 0;
  ClassifierQuality category_quality_, unit_quality_;
};

// The keyword rules used before a model exists: the level-1 category whose keywords occur most
// often in the text, and the unit that usually handles it. Confidence is the share of the matched
// keywords that point to the chosen category (at most 0.6: rules are a guess).
DispatchSuggestion SuggestByRules(std::string_view text, const CategoryTree* tree);

// The deepest node under `level1` whose own name occurs in `text` (longest names first), or
// `level1` itself. Pure.
std::string RefineCategory(std::string_view level1, std::string_view text,
                           const CategoryTree* tree);

}  // namespace zb::hotline
