#include "text/features.h"

#include <algorithm>
#include <cmath>

#include "text/utf8.h"

namespace zb::text {

std::vector<std::string> FeatureTerms(const Segmenter& segmenter, std::string_view text) {
  std::vector<std::string> terms;
  for (std::string_view word : segmenter.Cut(text)) {
    bool keep = false;
    for (size_t pos = 0; pos < word.size() && !keep;) {
      DecodedChar c = DecodeAt(word, pos);
      keep = IsJiebaHan(c.code_point) || IsAsciiAlnum(c.code_point);
      pos += c.length;
    }
    if (!keep) continue;
    std::string term = "w:";
    for (char ch : word) term += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
    terms.push_back(std::move(term));
  }
  size_t prev_begin = std::string_view::npos;
  for (size_t pos = 0; pos < text.size();) {
    DecodedChar c = DecodeAt(text, pos);
    if (IsJiebaHan(c.code_point)) {
      if (prev_begin != std::string_view::npos) {
        terms.push_back("b:" + std::string(text.substr(prev_begin, pos + c.length - prev_begin)));
      }
      prev_begin = pos;
    } else {
      prev_begin = std::string_view::npos;
    }
    pos += c.length;
  }
  return terms;
}

InternedDocuments InternedDocuments::From(const std::vector<std::vector<std::string>>& documents) {
  InternedDocuments out;
  std::unordered_map<std::string_view, uint32_t> ids;
  out.documents.reserve(documents.size());
  for (const auto& doc : documents) {
    std::vector<uint32_t> row;
    row.reserve(doc.size());
    for (const std::string& t : doc) {
      auto [it, added] = ids.emplace(t, static_cast<uint32_t>(out.terms.size()));
      if (added) out.terms.push_back(t);
      row.push_back(it->second);
    }
    std::sort(row.begin(), row.end());
    std::vector<std::pair<uint32_t, uint32_t>> counts;
    for (uint32_t id : row) {
      if (!counts.empty() && counts.back().first == id) {
        ++counts.back().second;
      } else {
        counts.emplace_back(id, 1);
      }
    }
    out.documents.push_back(std::move(counts));
  }
  return out;
}

double SmoothIdf(double documents, double document_frequency) {
  return std::log((1 + documents) / (1 + document_frequency)) + 1;
}

void WeighAndNormalise(const std::vector<double>& idf, SparseVector* v) {
  double norm = 0;
  for (auto& [i, x] : *v) {
    x = (1 + std::log(x)) * idf[i];
    norm += x * x;
  }
  norm = std::sqrt(norm);
  if (norm > 0) {
    for (auto& [i, x] : *v) x /= norm;
  }
}

TfidfVectorizer TfidfVectorizer::FromParts(std::vector<std::string> terms,
                                           std::vector<double> idf) {
  TfidfVectorizer v;
  v.terms_ = std::move(terms);
  v.idf_ = std::move(idf);
  for (size_t i = 0; i < v.terms_.size(); ++i) v.index_.emplace(v.terms_[i], i);
  return v;
}

SparseVector TfidfVectorizer::Transform(const std::vector<std::string>& terms) const {
  std::unordered_map<uint32_t, double> counts;
  for (const std::string& t : terms) {
    auto it = index_.find(t);
    if (it != index_.end()) counts[it->second] += 1;
  }
  SparseVector v(counts.begin(), counts.end());
  std::sort(v.begin(), v.end());
  WeighAndNormalise(idf_, &v);
  return v;
}

}  // namespace zb::text
