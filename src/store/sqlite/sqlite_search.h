// Case keyword search on SQLite: an inverted index of the search tokens (text/search_index.h) of
// each case's title and field values, kept in the same transactions as the cases.
//
//   search_postings(chunk, term, docs)   posting lists (delta varints of case ids); a term has one
//                                        row per chunk (a bulk build, a merge step), a chunk's
//                                        rows appended at the end of the table; read through the
//                                        index search_postings_term (term, chunk)
//   search_pending(seq, case_id, terms)  one row per case created or changed one at a time: the
//                                        terms it adds, sorted, as delta varints. Appended in seq
//                                        order, so a create writes a page or two (one random
//                                        B-tree leaf per term, ≈230 a ticket, made every create
//                                        write ≈137 WAL pages and checkpoint every 7 creates)
//   search_meta(key, value)              next_chunk; merged_to: the pending rows up to this seq
//                                        are in postings (and deleted); merge_seq / merge_term:
//                                        a merge round in progress (the rows it takes, the next
//                                        term); build_from while an existing database's index is
//                                        being built
//
// A keyword's candidates are postings ∪ pending. PendingTerms holds the pending rows' terms in
// memory (term → case ids), brought up to date at each query by reading the rows past the last it
// saw (an indexed range read, which also sees rows written by another process) and rebuilt when
// merged_to moves. A merge round (a background thread, once ~10,000 cases are pending) reads the
// pending rows up to seq S, writes one chunk row per term (folding the term's small chunks) in
// short write transactions of 16 terms that record how far they got, and in the last
// deletes the rows up to S and sets merged_to = S. Between steps a case may be both in postings
// and pending: harmless, the candidates are a set. An interrupted round resumes where it stopped.
//
// The index gives candidates; the case list keeps its LIKE filter on the real text, so a term
// left behind by an edit (postings are never removed) cannot make a case match.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

#include "store/records.h"
#include "store/sqlite/connection.h"
#include "store/store.h"
#include "text/search_index.h"

namespace zb::store::sqlite {

// Indexes a case written one at a time (in the caller's write transaction).
Status IndexCase(Connection& c, Id id, const CaseRecord& r);
// Indexes the terms a change adds: call before the case row is updated (it reads the old text).
// Returns whether anything was added.
Result<bool> IndexCaseChange(Connection& c, const CaseRecord& updated);
// Indexes cases created together (ids ascending) with the bulk builder, one chunk per 64k cases.
Status IndexCasesBulk(Connection& c, std::span<const Id> ids,
                      std::span<const CaseRecord* const> cases);
// The same in steps, the first two without the database. The searchable parts of a case: its
// title and every string and number in its fields (not the keys), numbers formatted into
// `scratch`. The segments of documents numbered 1, 2, … (64k documents each); then their
// writing, the document numbered k being the case with the id `first_id + k - 1`.
void CaseSearchParts(const CaseRecord& r, std::deque<std::string>& scratch,
                     std::vector<std::string_view>& parts);
std::vector<text::Segment> BuildNumberedSegments(std::span<const text::IndexDocument> docs,
                                                 text::SegmentBuilder& builder);
Status WriteCaseSegments(Connection& c, const std::vector<text::Segment>& segments, Id first_id);

// The terms of the pending rows, shared by a store's reader connections.
class PendingTerms {
 public:
  // Brings the map up to date with `c`'s snapshot (a read transaction) and returns, for each key
  // range, the ids of the pending cases having a key in it (unsorted, maybe repeated).
  Status Lookup(Connection& c, std::span<const text::KeyRange> ranges,
                std::vector<std::vector<Id>>* ids);
  // (term, case) pairs held, for tests and memory estimates.
  size_t pairs();

 private:
  Status Load(Connection& c);
  void Clear(int64_t merged_to);

  std::mutex mu_;
  int64_t merged_to_ = -1;  // the snapshot's merged_to the map was built on
  int64_t loaded_ = 0;      // the last seq read
  size_t pairs_ = 0;
  std::map<uint64_t, std::vector<Id>> terms_;
};

// Ascending ids of the cases that may contain `keyword`, in `c`'s snapshot (call inside a read
// transaction); nullopt when the keyword has nothing the index can look up (only punctuation).
Result<std::optional<std::vector<Id>>> SearchCandidates(Connection& c, PendingTerms& pending,
                                                        std::string_view keyword);

// A merge round: the pending rows up to `seq`, the terms still to write (from `next_term` on).
struct MergeRound {
  int64_t seq = 0;
  int64_t next_term = 0;
  size_t cases = 0;  // pending rows taken
  std::map<int64_t, std::vector<Id>> terms;
  // The next step, once prepared: its terms (from next_term on) and the small chunks it folds.
  bool prepared = false;
  size_t step_terms = 0;
  std::vector<std::pair<int64_t, int64_t>> folded;  // (term, chunk)
};
// Starts a round on the pending rows of `c`'s snapshot, or resumes the one recorded in
// search_meta; nullopt when nothing is pending. Reads only.
Result<std::optional<MergeRound>> BeginMergeRound(Connection& c);
// The pending rows (INT64_MAX while a round is unfinished): a merge is due when it is large.
Result<int64_t> MergeBacklog(Connection& c);
// Reads what the next step of up to `max_terms` terms folds (their small chunks), so that the
// write transaction only writes; may run on a reader (a chunk added or removed meanwhile at
// worst stays or is repeated: candidates are a set).
Status PrepareMergeStep(Connection& c, MergeRound& round, int max_terms);
// One step (prepared unless PrepareMergeStep ran), in the caller's write transaction: writes up to
// `max_terms` terms as chunk rows and records the progress; once every term is written, deletes the
// round's pending rows and sets merged_to. Returns whether more steps remain.
Result<bool> MergeStep(Connection& c, MergeRound& round, int max_terms);

// Builds the index of cases written before it existed (after migration 8), in transactions of
// 64k cases that each record how far they got, so an interrupted build resumes.
// `progress(done, total)` is called after each.
Status BuildPendingSearchIndex(Connection& c,
                               const std::function<void(int64_t, int64_t)>& progress);

// Registers zb_search_hit(id, ids): whether `id` is in the sorted std::vector<Id> bound to `ids`
// with sqlite3_bind_pointer(…, kSearchIdsPointer, nullptr); and the aggregate
// zb_search_pack(term): the distinct terms as a sorted delta-varint blob (migration 10).
Status RegisterSearchFunctions(sqlite3* db);
inline constexpr const char* kSearchIdsPointer = "zb_search_ids";

}  // namespace zb::store::sqlite
