// Case keyword search on SQLite: an inverted index of the search tokens (text/search_index.h) of
// each case's title and field values, kept in the same transactions as the cases.
//
//   search_postings(term, chunk, docs)  posting lists (delta varints of case ids) by term; a term
//                                       has one row per chunk (a bulk build, a merge round)
//   search_recent(term, case_id)        terms of cases created or changed one at a time, merged
//                                       into chunks in the background (MergeRecentStep)
//   search_meta(key, value)             the next chunk number; "build_from" while the index of an
//                                       existing database is being built
//
// The index gives candidates; the case list keeps its LIKE filter on the real text, so a term
// left behind by an edit (postings are never removed) cannot make a case match.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "store/records.h"
#include "store/sqlite/connection.h"

namespace zb::store::sqlite {

// Indexes a case written one at a time (in the caller's write transaction).
Status IndexCase(Connection& c, Id id, const CaseRecord& r);
// Indexes the terms a change adds: call before the case row is updated (it reads the old text).
// Returns whether anything was added.
Result<bool> IndexCaseChange(Connection& c, const CaseRecord& updated);
// Indexes cases created together (ids ascending) with the bulk builder, one chunk per 64k cases.
Status IndexCasesBulk(Connection& c, std::span<const Id> ids,
                      std::span<const CaseRecord* const> cases);

// Ascending ids of the cases that may contain `keyword`; nullopt when the keyword has nothing the
// index can look up (only punctuation).
Result<std::optional<std::vector<Id>>> SearchCandidates(Connection& c, std::string_view keyword);

// Moves up to `max_terms` terms of search_recent (from `*cursor` on) into chunk rows, folding in
// the term's small chunks. Returns whether search_recent has terms beyond the new cursor.
Result<bool> MergeRecentStep(Connection& c, int64_t* cursor, int max_terms);

// Builds the index of cases written before it existed (after migration 8), in transactions of
// 64k cases that each record how far they got, so an interrupted build resumes.
// `progress(done, total)` is called after each.
Status BuildPendingSearchIndex(Connection& c,
                               const std::function<void(int64_t, int64_t)>& progress);

// Registers zb_search_hit(id, ids): whether `id` is in the sorted std::vector<Id> bound to `ids`
// with sqlite3_bind_pointer(…, kSearchIdsPointer, nullptr).
Status RegisterSearchFunctions(sqlite3* db);
inline constexpr const char* kSearchIdsPointer = "zb_search_ids";

}  // namespace zb::store::sqlite
