// The content words of a ticket: what the emerging, trending and periodic detectors count and
// what hot issues are compared by.
//
// A term is a segmenter word of two or more ideographs that is not on the hotline stop list
// (greetings, forms of address, words every complaint uses: 您好, 书记, 问题, 反映, 希望, 小区 …).
// A ticket's terms are its distinct terms ranked by tf × idf (jieba's IDF table; title words count
// twice, as the title summarises the matter), the best `k` kept.
//
// Borrows the segmenter and IDF table, which must outlive it. Thread-safe (const).
#pragma once

#include <string_view>
#include <vector>

#include "text/keywords.h"
#include "text/segmenter.h"

namespace zb::analytics {

inline constexpr size_t kTermsPerTicket = 10;

struct WeightedTerm {
  std::string_view word;  // a view into the title or the content
  double weight;
};

class TermExtractor {
 public:
  TermExtractor(const text::Segmenter& segmenter, const text::IdfTable& idf);

  std::vector<WeightedTerm> TopTerms(std::string_view title, std::string_view content,
                                     size_t k = kTermsPerTicket) const;
  bool IsStopWord(std::string_view word) const;

 private:
  const text::Segmenter& segmenter_;
  const text::IdfTable& idf_;
};

}  // namespace zb::analytics
