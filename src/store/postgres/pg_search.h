// Chinese full-text search on PostgreSQL with zhengban's own tokenizer (text/search_tokenizer.h,
// the same tokens as the SQLite FTS5 tokenizer): each case keeps a tsvector of its title and
// field values in `cases.search` (GIN index), and a Chinese keyword of the case list becomes a
// tsquery phrase that narrows its "contains" filter. PostgreSQL's parsers are not used: the
// lexemes are written as literals.
#pragma once

#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/status.h"

namespace zb::store::postgres {

// A tsvector literal for a case: the document tokens of `title` and of every string and number
// in `fields` (not the keys), with 1-based positions; a gap of 2 separates the parts so no
// phrase runs across them.
std::string SearchDocument(std::string_view title, const nlohmann::json& fields);

// A tsquery literal for what a user typed: each whitespace-separated term is a phrase of its
// query tokens ('停车' <-> '车场'), Latin words match as prefixes ('abc':*), terms are ANDed.
// "" when nothing searchable remains (only punctuation).
std::string SearchQuery(std::string_view keywords);

// True when `keyword` is only Chinese characters (CJK ideographs): then `search @@
// SearchQuery(keyword)` holds for every case whose title or fields contain it, so the GIN index
// can narrow the case list's "contains" filter. Latin words and digits are indexed whole, so a
// part of one (the last digits of a phone number) is found by LIKE alone.
bool IndexableKeyword(std::string_view keyword);

// Fills `cases.search` where it is NULL (rows written before the column existed, or copied
// from SQLite), at most `limit` rows; returns how many were filled.
int64_t FillSearchColumn(pqxx::transaction_base& txn, int64_t limit);

}  // namespace zb::store::postgres
