// A ticket's features as CorpusBuilder made them — its top terms with their weights, the places
// named in it with their level, district, category, day, caller hash, 点赞数, number — and its
// title, written as one line of text, so they can be stored between runs (insight_ticket_features)
// and a corpus rebuilt from them without segmenting again (docs/insight.md, incremental runs).
//
// The line: "f1" US number US day US title US category US district US caller(hex) US likes US
// terms US places, where terms are word GS weight joined by RS and places name GS level joined by
// RS (US, RS, GS: the ASCII separators 0x1f, 0x1e, 0x1d; control characters in the text become
// spaces). Weights are written with 9 significant digits, so they read back bit for bit.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "analytics/corpus.h"

namespace zb::analytics {

// Ticket i of `corpus` with its title, as a line.
std::string EncodeTicketFeatures(const Corpus& corpus, size_t i, std::string_view title);

// The category and district of a line (views into it, empty when none); false when the line is
// not one of ours.
bool TicketFeatureLabels(std::string_view line, std::string_view* category,
                         std::string_view* district);

// A corpus from encoded lines, ticket i being the i-th line added. Places get their key and
// level as CorpusBuilder gives them, so a corpus rebuilt from the lines of another is the same.
class FeatureCorpusBuilder {
 public:
  FeatureCorpusBuilder();
  ~FeatureCorpusBuilder();
  FeatureCorpusBuilder(const FeatureCorpusBuilder&) = delete;
  FeatureCorpusBuilder& operator=(const FeatureCorpusBuilder&) = delete;

  // Adds the ticket and sets *title; false (nothing added) when the line is malformed.
  bool Add(std::string_view line, std::string* title);
  Corpus Finish();  // the builder is empty afterwards

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace zb::analytics
