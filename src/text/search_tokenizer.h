// Tokens for full-text search in Chinese: every CJK character is indexed as a unigram and, with
// the character after it, as a bigram at the same position; Latin words and numbers are indexed
// whole (ASCII lower-cased, full-width forms folded to ASCII); punctuation, symbols, emoji and
// malformed bytes are dropped. A 2-character query such as 停车 becomes the single bigram 停车,
// so it matches exactly the texts that contain 停车 (and not those with only 车停).
//
// The same tokens serve SQLite FTS5 (sqlite_fts5.h) and PostgreSQL tsvectors (text with
// position). Pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zb::text {

enum class SearchMode {
  kDocument,  // text being indexed: unigrams + colocated bigrams
  kQuery,     // text being searched for: bigrams, and unigrams only where a bigram cannot cover
};

struct SearchToken {
  std::string text;    // normalised token
  uint32_t begin = 0;  // byte span in the input
  uint32_t end = 0;
  uint32_t position = 0;   // 0-based; a bigram has the position of its first character
  bool colocated = false;  // same position as the token before it
};

// Whether the tokenizer treats `c` as a CJK character (indexed as unigrams and bigrams) rather
// than part of a word.
bool IsSearchCjk(char32_t c);

std::vector<SearchToken> SearchTokens(std::string_view text,
                                      SearchMode mode = SearchMode::kDocument);

// Streaming form for indexers: calls `sink` for each token in order (positions implied: each
// token that is not colocated advances the position by one). `token` is only valid during the
// call. The sink returns false to stop.
using SearchTokenSink = bool (*)(void* context, std::string_view token, uint32_t begin,
                                 uint32_t end, bool colocated);
void TokenizeForSearch(std::string_view text, SearchMode mode, void* context, SearchTokenSink sink);

// Turns what a user typed into a safe FTS5 MATCH expression: each whitespace-separated term
// becomes a quoted phrase (quotes doubled) and the terms are ANDed, so no input can use FTS5
// syntax. Terms that yield no search token (only punctuation) are left out; returns "" when
// nothing searchable remains (the caller should then not query).
std::string FtsMatchExpression(std::string_view keywords);

}  // namespace zb::text
