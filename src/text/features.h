// Text features for the classifier: the segmenter's words (ASCII lower-cased; whitespace and
// punctuation dropped) and the bigrams of adjacent ideographs, weighted by TF-IDF and
// L2-normalised (sublinear tf, smoothed idf as scikit-learn's TfidfVectorizer).
//
// A fitted vectorizer is immutable and safe to share across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text/segmenter.h"

namespace zb::text {

// Feature index -> value, sorted by index.
using SparseVector = std::vector<std::pair<uint32_t, double>>;

// The terms of a text: "w:<word>" for each word, "b:<bigram>" for each ideograph bigram.
std::vector<std::string> FeatureTerms(const Segmenter& segmenter, std::string_view text);

// Documents as ids into one shared term list, so that cross-validation interns terms once and
// each fold counts with arrays instead of string maps.
struct InternedDocuments {
  std::vector<std::string> terms;
  // Per document: (term id, occurrences), sorted by term id.
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> documents;
  static InternedDocuments From(const std::vector<std::vector<std::string>>& documents);
};

// The smoothed IDF scikit-learn uses: ln((1 + n) / (1 + df)) + 1.
double SmoothIdf(double documents, double document_frequency);

// Sublinear TF (1 + ln tf) times IDF, L2-normalised; `v` holds raw counts on entry.
void WeighAndNormalise(const std::vector<double>& idf, SparseVector* v);

// Maps terms to feature indices and weighs them.
class TfidfVectorizer {
 public:
  TfidfVectorizer() = default;
  SparseVector Transform(const std::vector<std::string>& terms) const;

  size_t size() const { return terms_.size(); }
  const std::vector<std::string>& terms() const { return terms_; }
  const std::vector<double>& idf() const { return idf_; }
  // Rebuilds a fitted vectorizer from saved terms and IDF values (same length).
  static TfidfVectorizer FromParts(std::vector<std::string> terms, std::vector<double> idf);

 private:
  std::unordered_map<std::string, uint32_t> index_;
  std::vector<std::string> terms_;
  std::vector<double> idf_;
};

}  // namespace zb::text
