#include "store/sqlite/sqlite_search.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdio>
#include <deque>
#include <map>

#include "base/json_writer.h"
#include "store/sqlite/case_fields.h"
#include "store/sqlite/sqlite_store.h"
#include "text/search_index.h"

namespace zb::store::sqlite {

namespace {

constexpr size_t kBulkChunkCases = 65536;
constexpr int kSmallChunkBytes = 4096;  // merges fold chunks smaller than this into one

}  // namespace

void CaseSearchParts(const CaseRecord& r, std::deque<std::string>& scratch,
                     std::vector<std::string_view>& parts) {
  parts.push_back(r.title);
  std::function<void(const nlohmann::json&)> add = [&](const nlohmann::json& v) {
    if (v.is_string()) {
      parts.push_back(v.get_ref<const std::string&>());
    } else if (v.is_number()) {
      parts.push_back(scratch.emplace_back(v.dump()));
    } else if (v.is_object() || v.is_array()) {
      for (const auto& item : v) add(item);
    }
  };
  add(r.fields);
}

namespace {

std::vector<uint64_t> CaseKeys(const CaseRecord& r) {
  std::deque<std::string> scratch;
  std::vector<std::string_view> parts;
  CaseSearchParts(r, scratch, parts);
  return text::DocumentTermKeys(parts);
}

int64_t Signed(uint64_t key) {
  return static_cast<int64_t>(key);  // keys stay below 2^63
}

// Appends a pending row (search_pending) with the case's sorted keys. Its seq follows every row
// and every merged one (merged_to), so a seq is never reused after a merge empties the table.
Status InsertPending(Connection& c, Id id, std::span<const uint64_t> keys) {
  if (keys.empty()) return Status();
  std::string blob;  // the keys (ascending, below 2^63) as a posting list
  text::EncodePostings(std::vector<int64_t>(keys.begin(), keys.end()), &blob);
  ZB_ASSIGN_OR_RETURN(
      auto st,
      c.Prepare("INSERT INTO search_pending(seq, case_id, terms) VALUES ((SELECT max("
                "coalesce((SELECT max(seq) FROM search_pending), 0), coalesce((SELECT value FROM "
                "search_meta WHERE key='merged_to'), 0)) + 1), ?, ?)"));
  st->Bind(1, id);
  sqlite3_bind_blob(st->raw(), 2, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
  return c.Run(*st, "search index");
}

Result<int64_t> MetaValue(Connection& c, const char* key, int64_t absent) {
  ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT value FROM search_meta WHERE key=?"));
  st->Bind(1, std::string_view(key));
  int64_t v = st->Step() ? st->Int(0) : absent;
  ZB_RETURN_IF_ERROR(ToStatus(st->rc() == SQLITE_ROW ? SQLITE_OK : st->rc(), c.raw(), "search"));
  sqlite3_reset(st->raw());
  return v;
}

Status SetMeta(Connection& c, const char* key, int64_t value) {
  ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("INSERT INTO search_meta(key, value) VALUES (?,?) ON "
                                         "CONFLICT(key) DO UPDATE SET value=excluded.value"));
  st->Bind(1, std::string_view(key)).Bind(2, value);
  return c.Run(*st, "search index");
}

Result<int64_t> NextChunk(Connection& c) {
  ZB_ASSIGN_OR_RETURN(
      auto st, c.Prepare("INSERT INTO search_meta(key, value) VALUES ('next_chunk', 1) "
                         "ON CONFLICT(key) DO UPDATE SET value = value + 1 RETURNING value"));
  if (!st->Step()) return ToStatus(st->rc(), c.raw(), "search chunk");
  int64_t v = st->Int(0);
  while (st->Step()) {
  }
  return v;
}

Status InsertPostings(Connection& c, int64_t term, int64_t chunk, std::string_view blob) {
  ZB_ASSIGN_OR_RETURN(auto st,
                      c.Prepare("INSERT INTO search_postings(term, chunk, docs) VALUES (?,?,?)"));
  st->Bind(1, term).Bind(2, chunk);
  sqlite3_bind_blob(st->raw(), 3, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
  return c.Run(*st, "search index");
}

std::string_view Blob(const Statement& st, int col) {
  const void* p = sqlite3_column_blob(st.raw(), col);
  return p ? std::string_view(static_cast<const char*>(p), sqlite3_column_bytes(st.raw(), col))
           : std::string_view();
}

Status CorruptIndex() {
  return Internal("搜索索引已损坏", "the search index is corrupt");
}

// Appends to `ids` the case ids of the posting lists of `range`; counts the lists read.
Status PostingIds(Connection& c, const text::KeyRange& range, std::vector<Id>* ids, int* lists) {
  ZB_ASSIGN_OR_RETURN(auto post,
                      c.Prepare("SELECT docs FROM search_postings WHERE term BETWEEN ? AND ?"));
  post->Bind(1, Signed(range.lo)).Bind(2, Signed(range.hi));
  while (post->Step()) {
    if (!text::DecodePostings(Blob(*post, 0), ids)) return CorruptIndex();
    ++*lists;
  }
  ZB_RETURN_IF_ERROR(ToStatus(post->rc(), c.raw(), "search"));
  sqlite3_reset(post->raw());
  return Status();
}

// Calls `fn(case_id, keys)` for each pending row after `seq` in `c`'s snapshot, in seq order;
// `*last` becomes the last seq read.
Status ReadPending(Connection& c, int64_t seq, int64_t upto, int64_t* last,
                   const std::function<void(Id, const std::vector<int64_t>&)>& fn) {
  ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT seq, case_id, terms FROM search_pending WHERE "
                                         "seq > ? AND seq <= ? ORDER BY seq"));
  st->Bind(1, seq).Bind(2, upto);
  std::vector<int64_t> keys;
  while (st->Step()) {
    keys.clear();
    if (!text::DecodePostings(Blob(*st, 2), &keys)) return CorruptIndex();
    fn(st->Int(1), keys);
    *last = st->Int(0);
  }
  ZB_RETURN_IF_ERROR(ToStatus(st->rc(), c.raw(), "search"));
  sqlite3_reset(st->raw());
  return Status();
}

}  // namespace

void PendingTerms::Clear(int64_t merged_to) {
  terms_.clear();
  pairs_ = 0;
  merged_to_ = merged_to;
  loaded_ = merged_to;
}

Status PendingTerms::Load(Connection& c) {
  return ReadPending(c, loaded_, INT64_MAX, &loaded_, [&](Id id, const std::vector<int64_t>& keys) {
    for (int64_t k : keys) terms_[static_cast<uint64_t>(k)].push_back(id);
    pairs_ += keys.size();
  });
}

Status PendingTerms::Lookup(Connection& c, std::span<const text::KeyRange> ranges,
                            std::vector<std::vector<Id>>* ids) {
  ZB_ASSIGN_OR_RETURN(int64_t merged, MetaValue(c, "merged_to", 0));
  std::unique_lock lock(mu_);
  PendingTerms older;  // a snapshot from before the last merge this map saw: read on its own
  PendingTerms* use = this;
  if (merged < merged_to_) {
    lock.unlock();
    older.Clear(merged);
    use = &older;
  } else if (merged > merged_to_) {
    Clear(merged);  // the rows up to `merged` are in postings now (and gone)
  }
  ZB_RETURN_IF_ERROR(use->Load(c));
  ids->assign(ranges.size(), {});
  for (size_t i = 0; i < ranges.size(); ++i) {
    auto end = use->terms_.upper_bound(ranges[i].hi);
    for (auto it = use->terms_.lower_bound(ranges[i].lo); it != end; ++it) {
      (*ids)[i].insert((*ids)[i].end(), it->second.begin(), it->second.end());
    }
  }
  return Status();
}

size_t PendingTerms::pairs() {
  std::lock_guard lock(mu_);
  return pairs_;
}

namespace {

// Migration 10's zb_search_pack(term): collects the terms, then encodes them sorted.
void PackStep(sqlite3_context* ctx, int, sqlite3_value** argv) {
  auto** keys = static_cast<std::vector<int64_t>**>(
      sqlite3_aggregate_context(ctx, sizeof(std::vector<int64_t>*)));
  if (!keys) return sqlite3_result_error_nomem(ctx);
  if (!*keys) *keys = new std::vector<int64_t>();
  (*keys)->push_back(sqlite3_value_int64(argv[0]));
}

void PackFinal(sqlite3_context* ctx) {
  auto** keys = static_cast<std::vector<int64_t>**>(sqlite3_aggregate_context(ctx, 0));
  std::string blob;
  if (keys && *keys) {
    text::SortUnique(*keys);
    text::EncodePostings(**keys, &blob);
    delete *keys;
  }
  sqlite3_result_blob(ctx, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
}

}  // namespace

Status IndexCase(Connection& c, Id id, const CaseRecord& r) {
  return InsertPending(c, id, CaseKeys(r));
}

Result<bool> IndexCaseChange(Connection& c, const CaseRecord& updated) {
  static const std::string sql =
      std::string("SELECT title, ") + kCaseFieldsSql + " FROM cases WHERE id=?";
  ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(sql));
  st->Bind(1, updated.id);
  if (!st->Step()) {
    ZB_RETURN_IF_ERROR(ToStatus(st->rc(), c.raw(), "search index"));
    return false;  // no such case: the update itself reports it
  }
  CaseRecord old;
  old.title = st->Text(0);
  std::string fields = st->Text(1);
  if (old.title == updated.title && fields == DumpJson(updated.fields)) return false;
  old.fields = nlohmann::json::parse(fields, nullptr, false);
  if (old.fields.is_discarded()) old.fields = nlohmann::json::object();
  std::vector<uint64_t> before = CaseKeys(old), after = CaseKeys(updated), added;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added));
  ZB_RETURN_IF_ERROR(InsertPending(c, updated.id, added));
  return !added.empty();
}

namespace {

// Writes `seg` as a new chunk, `shift` added to every case id in it.
Status WriteSegment(Connection& c, const text::Segment& seg, int64_t shift) {
  ZB_ASSIGN_OR_RETURN(int64_t chunk, NextChunk(c));
  std::string shifted;
  for (const text::SegmentTerm& t : seg.terms) {
    std::string_view postings = t.postings;
    if (shift != 0) {
      shifted.clear();
      if (!text::ShiftPostings(t.postings, shift, &shifted)) return CorruptIndex();
      postings = shifted;
    }
    ZB_RETURN_IF_ERROR(InsertPostings(c, Signed(t.key), chunk, postings));
  }
  return Status();
}

}  // namespace

Status IndexCasesBulk(Connection& c, std::span<const Id> ids,
                      std::span<const CaseRecord* const> cases) {
  text::SegmentBuilder builder(2);
  for (size_t from = 0; from < ids.size(); from += kBulkChunkCases) {
    size_t n = std::min(kBulkChunkCases, ids.size() - from);
    std::deque<std::string> scratch;
    std::vector<text::IndexDocument> docs(n);
    for (size_t i = 0; i < n; ++i) {
      docs[i].id = ids[from + i];
      CaseSearchParts(*cases[from + i], scratch, docs[i].parts);
    }
    ZB_RETURN_IF_ERROR(WriteSegment(c, builder.Build(docs), 0));
  }
  return Status();
}

std::vector<text::Segment> BuildNumberedSegments(std::span<const text::IndexDocument> docs,
                                                 text::SegmentBuilder& builder) {
  std::vector<text::Segment> segments;
  for (size_t from = 0; from < docs.size(); from += kBulkChunkCases) {
    segments.push_back(
        builder.Build(docs.subspan(from, std::min(kBulkChunkCases, docs.size() - from))));
  }
  return segments;
}

Status WriteCaseSegments(Connection& c, const std::vector<text::Segment>& segments, Id first_id) {
  for (const text::Segment& seg : segments) ZB_RETURN_IF_ERROR(WriteSegment(c, seg, first_id - 1));
  return Status();
}

Result<std::optional<std::vector<Id>>> SearchCandidates(Connection& c, PendingTerms& pending,
                                                        std::string_view keyword) {
  std::vector<text::TermRequirement> reqs = text::QueryRequirements(keyword);
  if (reqs.empty()) return std::optional<std::vector<Id>>();
  std::vector<text::KeyRange> ranges;
  for (const auto& req : reqs) ranges.insert(ranges.end(), req.begin(), req.end());
  std::vector<std::vector<Id>> from_pending;
  ZB_RETURN_IF_ERROR(pending.Lookup(c, ranges, &from_pending));
  std::vector<Id> result;
  size_t r = 0;
  for (size_t i = 0; i < reqs.size(); ++i) {
    std::vector<Id> ids;
    int lists = 0;
    for (const text::KeyRange& range : reqs[i]) {
      ZB_RETURN_IF_ERROR(PostingIds(c, range, &ids, &lists));
      std::vector<Id>& more = from_pending[r++];
      if (more.empty()) continue;
      ids.insert(ids.end(), more.begin(), more.end());
      lists += 2;  // maybe unsorted or repeated
    }
    if (lists > 1) text::SortUnique(&ids);
    result = i == 0 ? std::move(ids) : text::Intersect(result, ids);
    if (result.empty()) break;
  }
  return std::optional<std::vector<Id>>(std::move(result));
}

Result<std::optional<MergeRound>> BeginMergeRound(Connection& c) {
  MergeRound round;
  ZB_ASSIGN_OR_RETURN(int64_t merged, MetaValue(c, "merged_to", 0));
  ZB_ASSIGN_OR_RETURN(round.seq, MetaValue(c, "merge_seq", -1));
  ZB_ASSIGN_OR_RETURN(round.next_term, MetaValue(c, "merge_term", INT64_MIN));
  if (round.seq < 0) {  // a new round: the rows pending now
    ZB_ASSIGN_OR_RETURN(auto top, c.Prepare("SELECT max(seq) FROM search_pending"));
    round.seq = top->Step() && !top->IsNull(0) ? top->Int(0) : 0;
    ZB_RETURN_IF_ERROR(ToStatus(top->rc() == SQLITE_ROW ? SQLITE_OK : top->rc(), c.raw(), "merge"));
    sqlite3_reset(top->raw());
    round.next_term = INT64_MIN;
    if (round.seq <= merged) return std::optional<MergeRound>();
  }
  int64_t last = 0;
  ZB_RETURN_IF_ERROR(
      ReadPending(c, merged, round.seq, &last, [&](Id id, const std::vector<int64_t>& keys) {
        ++round.cases;
        for (int64_t k : keys) {
          if (k >= round.next_term) round.terms[k].push_back(id);
        }
      }));
  return std::optional<MergeRound>(std::move(round));
}

Result<int64_t> MergeBacklog(Connection& c) {
  ZB_ASSIGN_OR_RETURN(int64_t open, MetaValue(c, "merge_seq", -1));
  if (open >= 0) return INT64_MAX;
  ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT count(*) FROM search_pending"));
  int64_t n = st->Step() ? st->Int(0) : 0;
  ZB_RETURN_IF_ERROR(ToStatus(st->rc() == SQLITE_ROW ? SQLITE_OK : st->rc(), c.raw(), "merge"));
  sqlite3_reset(st->raw());
  return n;
}

Status PrepareMergeStep(Connection& c, MergeRound& round, int max_terms) {
  round.folded.clear();
  round.step_terms = 0;
  // Each term's small chunks, folded into the new one (looked up term by term: a range scan
  // would read every chunk row of every term in between).
  ZB_ASSIGN_OR_RETURN(auto small, c.Prepare("SELECT chunk, docs FROM search_postings WHERE "
                                            "term=? AND length(docs) < ?"));
  for (auto it = round.terms.lower_bound(round.next_term);
       it != round.terms.end() && static_cast<int>(round.step_terms) < max_terms;
       ++it, ++round.step_terms) {
    auto& [term, ids] = *it;
    small->Bind(1, term).Bind(2, int64_t{kSmallChunkBytes});
    while (small->Step()) {
      if (!text::DecodePostings(Blob(*small, 1), &ids)) return CorruptIndex();
      round.folded.emplace_back(term, small->Int(0));
    }
    ZB_RETURN_IF_ERROR(ToStatus(small->rc(), c.raw(), "search merge"));
    sqlite3_reset(small->raw());
  }
  round.prepared = true;
  return Status();
}

Result<bool> MergeStep(Connection& c, MergeRound& round, int max_terms) {
  if (!round.prepared) ZB_RETURN_IF_ERROR(PrepareMergeStep(c, round, max_terms));
  round.prepared = false;
  auto first = round.terms.lower_bound(round.next_term), end = first;
  for (size_t n = 0; end != round.terms.end() && n < round.step_terms; ++n) ++end;
  if (first != end) {
    ZB_ASSIGN_OR_RETURN(auto del,
                        c.Prepare("DELETE FROM search_postings WHERE term=? AND chunk=?"));
    for (auto [term, old] : round.folded) {
      del->Bind(1, term).Bind(2, old);
      ZB_RETURN_IF_ERROR(c.Run(*del, "search merge"));
      sqlite3_reset(del->raw());
    }
    ZB_ASSIGN_OR_RETURN(int64_t chunk, NextChunk(c));
    std::string blob;
    for (auto it = first; it != end; ++it) {
      auto& [term, ids] = *it;
      text::SortUnique(&ids);
      blob.clear();
      text::EncodePostings(ids, &blob);
      ZB_RETURN_IF_ERROR(InsertPostings(c, term, chunk, blob));
    }
  }
  if (end != round.terms.end()) {
    ZB_RETURN_IF_ERROR(SetMeta(c, "merge_seq", round.seq));
    ZB_RETURN_IF_ERROR(SetMeta(c, "merge_term", end->first));
    round.next_term = end->first;
    round.terms.erase(round.terms.begin(), end);  // written: no longer needed in memory
    return true;
  }
  // The last step: the round's rows are all in postings.
  ZB_ASSIGN_OR_RETURN(auto clear, c.Prepare("DELETE FROM search_pending WHERE seq <= ?"));
  clear->Bind(1, round.seq);
  ZB_RETURN_IF_ERROR(c.Run(*clear, "search merge"));
  ZB_RETURN_IF_ERROR(c.Exec("DELETE FROM search_meta WHERE key IN ('merge_seq', 'merge_term')"));
  ZB_ASSIGN_OR_RETURN(auto mark, c.Prepare("INSERT INTO search_meta(key, value) VALUES "
                                           "('merged_to', ?) ON CONFLICT(key) DO UPDATE SET "
                                           "value=max(value, excluded.value)"));
  mark->Bind(1, round.seq);
  ZB_RETURN_IF_ERROR(c.Run(*mark, "search merge"));
  round.terms.clear();
  return false;
}

Status BuildPendingSearchIndex(Connection& c,
                               const std::function<void(int64_t, int64_t)>& progress) {
  int64_t total = -1, done = 0;
  while (true) {
    ZB_RETURN_IF_ERROR(c.Exec("BEGIN IMMEDIATE"));
    Status s = [&]() -> Status {
      ZB_ASSIGN_OR_RETURN(auto from,
                          c.Prepare("SELECT value FROM search_meta WHERE key='build_from'"));
      if (!from->Step()) {
        total = 0;
        return ToStatus(from->rc(), c.raw(), "search build");
      }
      int64_t first = from->Int(0);
      if (total < 0) {
        ZB_ASSIGN_OR_RETURN(auto n, c.Prepare("SELECT count(*) FROM cases WHERE id >= ?"));
        n->Bind(1, first);
        total = n->Step() ? n->Int(0) : 0;
      }
      static const std::string sql = std::string("SELECT id, title, ") + kCaseFieldsSql +
                                     " FROM cases WHERE id >= ? ORDER BY id LIMIT ?";
      ZB_ASSIGN_OR_RETURN(auto rows, c.Prepare(sql));
      rows->Bind(1, first).Bind(2, static_cast<int64_t>(kBulkChunkCases));
      std::vector<Id> ids;
      std::vector<CaseRecord> cases;
      while (rows->Step()) {
        ids.push_back(rows->Int(0));
        CaseRecord& r = cases.emplace_back();
        r.title = rows->Text(1);
        r.fields = nlohmann::json::parse(rows->Text(2), nullptr, false);
        if (r.fields.is_discarded()) r.fields = nlohmann::json::object();
      }
      ZB_RETURN_IF_ERROR(ToStatus(rows->rc(), c.raw(), "search build"));
      if (ids.empty()) return c.Exec("DELETE FROM search_meta WHERE key='build_from'");
      std::vector<const CaseRecord*> ptrs;
      for (const CaseRecord& r : cases) ptrs.push_back(&r);
      ZB_RETURN_IF_ERROR(IndexCasesBulk(c, ids, ptrs));
      done += static_cast<int64_t>(ids.size());
      return c.Exec("UPDATE search_meta SET value=" + std::to_string(ids.back() + 1) +
                    " WHERE key='build_from'");
    }();
    if (!s.ok()) {
      (void)c.Exec("ROLLBACK");
      return s.WithContext("建立搜索索引失败", "building the search index failed");
    }
    ZB_RETURN_IF_ERROR(c.Exec("COMMIT"));
    if (total == 0 || done == 0) return Status();
    if (progress) progress(std::min(done, total), total);
    if (done >= total) {
      // One more round removes the marker (and picks up nothing else: writes wait for us).
      total = 0;
    }
  }
}

Status RegisterSearchFunctions(sqlite3* db) {
  auto hit = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
    auto* ids =
        static_cast<const std::vector<Id>*>(sqlite3_value_pointer(argv[1], kSearchIdsPointer));
    int64_t id = sqlite3_value_int64(argv[0]);
    sqlite3_result_int(ctx, ids && std::binary_search(ids->begin(), ids->end(), id) ? 1 : 0);
  };
  int rc = sqlite3_create_function_v2(db, "zb_search_hit", 2, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                      nullptr, hit, nullptr, nullptr, nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function_v2(db, "zb_search_pack", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS,
                                    nullptr, nullptr, PackStep, PackFinal, nullptr);
  }
  return ToStatus(rc, db, "register search functions");
}

// ---- the store's background merge

namespace {
// Cases indexed one at a time before a merge round: the pending map then holds ≈2.3M (term, case)
// pairs (≈40 MB), and a round writes each of ≈150k distinct terms once.
constexpr int kMergeAfterCases = 10000;
// Terms a merge step writes, in one short write transaction (the longest step, write-lock wait
// included, was 130 ms with 256 and 52 ms with 64; 20 ms with 16).
constexpr int kMergeTermsPerStep = 16;
}  // namespace

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(merge_mu_);
    stopping_ = true;
  }
  merge_cv_.notify_all();
  if (merger_.joinable()) merger_.join();
  if (checkpoints_.joinable()) checkpoints_.join();
}

void SqliteStore::NoteSearchIndexed(int cases) {
  bool wake = false;
  {
    std::lock_guard lock(merge_mu_);
    merge_due_ += cases;
    wake = merge_due_ >= kMergeAfterCases;
  }
  if (wake) merge_cv_.notify_all();
}

Result<bool> SqliteStore::RunMergeRound(bool stoppable) {
  std::lock_guard one_at_a_time(merge_round_mu_);
  std::optional<sqlite::MergeRound> round;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(round, BeginMergeRound(c));
    return Status();
  }));
  if (!round) return false;
  auto started = std::chrono::steady_clock::now();
  double longest = 0;
  int steps = 0;
  size_t terms = round->terms.size();
  bool more = true;
  while (more) {
    // The reads first, on a reader: the pages the step changes are then in memory, and
    // cases being created wait only for the writes (a step that read them under the write
    // lock took up to 360 ms on a loaded machine).
    ZB_RETURN_IF_ERROR(
        Read([&](Connection& c) { return PrepareMergeStep(c, *round, kMergeTermsPerStep); }));
    auto t = std::chrono::steady_clock::now();
    ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
      ZB_ASSIGN_OR_RETURN(more, MergeStep(c, *round, kMergeTermsPerStep));
      return Status();
    }));
    ++steps;
    longest = std::max(
        longest,
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
    if (stoppable) {
      std::lock_guard stop(merge_mu_);
      if (stopping_) return true;  // resumed by the next round (search_meta records it)
    }
  }
  if (round->cases >= 1000) {
    std::fprintf(stderr,
                 "搜索索引合并 search index merge: %zu cases, %zu terms, %d steps in %.1f s "
                 "(longest %.1f ms)\n",
                 round->cases, terms, steps,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                 longest);
  }
  return true;
}

Status SqliteStore::MergeSearchIndex() {
  while (true) {
    ZB_ASSIGN_OR_RETURN(bool merged, RunMergeRound(false));
    if (!merged) return Status();
  }
}

void SqliteStore::NoteMergeBacklog() {
  // Cases left pending by the last run (or a round it left unfinished) count as due.
  auto backlog = MergeBacklog(*writer_);
  std::lock_guard lock(merge_mu_);
  if (backlog.ok()) merge_due_ += static_cast<int>(std::min<int64_t>(*backlog, kMergeAfterCases));
}

void SqliteStore::MergeLoop() {
  std::unique_lock lock(merge_mu_);
  while (true) {
    merge_cv_.wait(lock, [&] { return stopping_ || merge_due_ >= kMergeAfterCases; });
    if (stopping_) return;
    merge_due_ = 0;
    lock.unlock();
    // Step by step, so cases being created wait for one short transaction at most. A failed
    // round is tried again after the next cases.
    (void)RunMergeRound(true).status();
    lock.lock();
  }
}

}  // namespace zb::store::sqlite
