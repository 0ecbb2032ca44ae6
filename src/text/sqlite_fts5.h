// The search tokenizer (search_tokenizer.h) as an SQLite FTS5 custom tokenizer named "zb":
//   CREATE VIRTUAL TABLE t USING fts5(body, tokenize='zb');
//   SELECT rowid FROM t WHERE t MATCH ?;   -- bind FtsMatchExpression(user_input)
// Documents are indexed as unigrams with colocated bigrams; queries use bigrams, so a
// 2-character query reads one posting list.
#pragma once

#include <sqlite3.h>

#include "base/status.h"

namespace zb::text {

// Registers the "zb" tokenizer on `db`. Call once per connection, before the first statement
// that touches an FTS5 table using it. The tokenizer is stateless, so connections in different
// threads may use it at once.
Status RegisterSearchTokenizer(sqlite3* db);

}  // namespace zb::text
