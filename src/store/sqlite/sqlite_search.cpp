#include "store/sqlite/sqlite_search.h"

#include <algorithm>
#include <deque>
#include <map>

#include "store/sqlite/sqlite_store.h"
#include "text/search_index.h"

namespace zb::store::sqlite {

namespace {

constexpr size_t kBulkChunkCases = 65536;
constexpr int kSmallChunkBytes = 4096;  // merges fold chunks smaller than this into one

// The searchable parts of a case: its title and every string and number in its fields (not the
// keys). Numbers are formatted into `scratch`.
void CaseParts(const CaseRecord& r, std::deque<std::string>& scratch,
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

std::vector<uint64_t> CaseKeys(const CaseRecord& r) {
  std::deque<std::string> scratch;
  std::vector<std::string_view> parts;
  CaseParts(r, scratch, parts);
  return text::DocumentTermKeys(parts);
}

int64_t Signed(uint64_t key) {
  return static_cast<int64_t>(key);  // keys stay below 2^63
}

Status InsertRecent(Connection& c, Id id, std::span<const uint64_t> keys) {
  ZB_ASSIGN_OR_RETURN(auto st,
                      c.Prepare("INSERT OR IGNORE INTO search_recent(term, case_id) VALUES (?,?)"));
  for (uint64_t k : keys) {
    st->Bind(1, Signed(k)).Bind(2, id);
    ZB_RETURN_IF_ERROR(c.Run(*st, "search index"));
    sqlite3_reset(st->raw());
  }
  return Status();
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

// The case ids having any key of `req`.
Status RequirementIds(Connection& c, const text::TermRequirement& req, std::vector<Id>* ids) {
  ZB_ASSIGN_OR_RETURN(auto post,
                      c.Prepare("SELECT docs FROM search_postings WHERE term BETWEEN ? AND ?"));
  ZB_ASSIGN_OR_RETURN(auto recent,
                      c.Prepare("SELECT case_id FROM search_recent WHERE term BETWEEN ? AND ?"));
  int lists = 0;
  for (const text::KeyRange& r : req) {
    post->Bind(1, Signed(r.lo)).Bind(2, Signed(r.hi));
    while (post->Step()) {
      if (!text::DecodePostings(Blob(*post, 0), ids)) return CorruptIndex();
      ++lists;
    }
    ZB_RETURN_IF_ERROR(ToStatus(post->rc(), c.raw(), "search"));
    sqlite3_reset(post->raw());
    recent->Bind(1, Signed(r.lo)).Bind(2, Signed(r.hi));
    size_t before = ids->size();
    while (recent->Step()) ids->push_back(recent->Int(0));
    ZB_RETURN_IF_ERROR(ToStatus(recent->rc(), c.raw(), "search"));
    sqlite3_reset(recent->raw());
    if (ids->size() > before) ++lists;
  }
  if (lists > 1) text::SortUnique(ids);
  return Status();
}

}  // namespace

Status IndexCase(Connection& c, Id id, const CaseRecord& r) {
  return InsertRecent(c, id, CaseKeys(r));
}

Result<bool> IndexCaseChange(Connection& c, const CaseRecord& updated) {
  ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT title, fields FROM cases WHERE id=?"));
  st->Bind(1, updated.id);
  if (!st->Step()) {
    ZB_RETURN_IF_ERROR(ToStatus(st->rc(), c.raw(), "search index"));
    return false;  // no such case: the update itself reports it
  }
  CaseRecord old;
  old.title = st->Text(0);
  std::string fields = st->Text(1);
  if (old.title == updated.title && fields == updated.fields.dump()) return false;
  old.fields = nlohmann::json::parse(fields, nullptr, false);
  if (old.fields.is_discarded()) old.fields = nlohmann::json::object();
  std::vector<uint64_t> before = CaseKeys(old), after = CaseKeys(updated), added;
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added));
  ZB_RETURN_IF_ERROR(InsertRecent(c, updated.id, added));
  return !added.empty();
}

Status IndexCasesBulk(Connection& c, std::span<const Id> ids,
                      std::span<const CaseRecord* const> cases) {
  text::SegmentBuilder builder(2);
  for (size_t from = 0; from < ids.size(); from += kBulkChunkCases) {
    size_t n = std::min(kBulkChunkCases, ids.size() - from);
    std::deque<std::string> scratch;
    std::vector<text::IndexDocument> docs(n);
    for (size_t i = 0; i < n; ++i) {
      docs[i].id = ids[from + i];
      CaseParts(*cases[from + i], scratch, docs[i].parts);
    }
    text::Segment seg = builder.Build(docs);
    ZB_ASSIGN_OR_RETURN(int64_t chunk, NextChunk(c));
    for (const text::SegmentTerm& t : seg.terms) {
      ZB_RETURN_IF_ERROR(InsertPostings(c, Signed(t.key), chunk, t.postings));
    }
  }
  return Status();
}

Result<std::optional<std::vector<Id>>> SearchCandidates(Connection& c, std::string_view keyword) {
  std::vector<text::TermRequirement> reqs = text::QueryRequirements(keyword);
  if (reqs.empty()) return std::optional<std::vector<Id>>();
  std::vector<Id> result;
  for (size_t i = 0; i < reqs.size(); ++i) {
    std::vector<Id> ids;
    ZB_RETURN_IF_ERROR(RequirementIds(c, reqs[i], &ids));
    result = i == 0 ? std::move(ids) : text::Intersect(result, ids);
    if (result.empty()) break;
  }
  return std::optional<std::vector<Id>>(std::move(result));
}

Result<bool> MergeRecentStep(Connection& c, int64_t* cursor, int max_terms) {
  ZB_ASSIGN_OR_RETURN(auto terms, c.Prepare("SELECT DISTINCT term FROM search_recent WHERE term "
                                            ">= ? ORDER BY term LIMIT ?"));
  terms->Bind(1, *cursor).Bind(2, int64_t{max_terms});
  std::map<int64_t, std::vector<Id>> lists;
  while (terms->Step()) lists[terms->Int(0)];
  ZB_RETURN_IF_ERROR(ToStatus(terms->rc(), c.raw(), "search merge"));
  if (lists.empty()) {
    *cursor = 0;
    return false;
  }
  int64_t lo = lists.begin()->first, hi = lists.rbegin()->first;
  ZB_ASSIGN_OR_RETURN(auto recent, c.Prepare("SELECT term, case_id FROM search_recent WHERE term "
                                             "BETWEEN ? AND ? ORDER BY term, case_id"));
  recent->Bind(1, lo).Bind(2, hi);
  while (recent->Step()) lists[recent->Int(0)].push_back(recent->Int(1));
  ZB_RETURN_IF_ERROR(ToStatus(recent->rc(), c.raw(), "search merge"));
  // Fold each term's small chunks into the new one (looked up term by term: a range scan
  // would read every chunk row of every term in between).
  ZB_ASSIGN_OR_RETURN(auto small, c.Prepare("SELECT chunk, docs FROM search_postings WHERE "
                                            "term=? AND length(docs) < ?"));
  std::vector<std::pair<int64_t, int64_t>> folded;
  for (auto& [term, ids] : lists) {
    small->Bind(1, term).Bind(2, int64_t{kSmallChunkBytes});
    while (small->Step()) {
      if (!text::DecodePostings(Blob(*small, 1), &ids)) return CorruptIndex();
      folded.emplace_back(term, small->Int(0));
    }
    ZB_RETURN_IF_ERROR(ToStatus(small->rc(), c.raw(), "search merge"));
    sqlite3_reset(small->raw());
  }
  ZB_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM search_postings WHERE term=? AND chunk=?"));
  for (auto [term, chunk] : folded) {
    del->Bind(1, term).Bind(2, chunk);
    ZB_RETURN_IF_ERROR(c.Run(*del, "search merge"));
    sqlite3_reset(del->raw());
  }
  ZB_ASSIGN_OR_RETURN(int64_t chunk, NextChunk(c));
  std::string blob;
  for (auto& [term, ids] : lists) {
    text::SortUnique(&ids);
    blob.clear();
    text::EncodePostings(ids, &blob);
    ZB_RETURN_IF_ERROR(InsertPostings(c, term, chunk, blob));
  }
  ZB_ASSIGN_OR_RETURN(auto clear,
                      c.Prepare("DELETE FROM search_recent WHERE term BETWEEN ? AND ?"));
  clear->Bind(1, lo).Bind(2, hi);
  ZB_RETURN_IF_ERROR(c.Run(*clear, "search merge"));
  *cursor = hi + 1;
  if (static_cast<int>(lists.size()) < max_terms) {
    *cursor = 0;
    return false;
  }
  return true;
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
      ZB_ASSIGN_OR_RETURN(auto rows, c.Prepare("SELECT id, title, fields FROM cases WHERE id >= "
                                               "? ORDER BY id LIMIT ?"));
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
  return ToStatus(rc, db, "register search functions");
}

// ---- the store's background merge

namespace {
constexpr int kMergeAfterCases = 20000;  // cases indexed one at a time before a merge round
constexpr int kMergeTermsPerStep = 256;  // one short write transaction each
}  // namespace

SqliteStore::~SqliteStore() {
  {
    std::lock_guard lock(merge_mu_);
    stopping_ = true;
  }
  merge_cv_.notify_all();
  if (merger_.joinable()) merger_.join();
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

Status SqliteStore::MergeSearchIndex() {
  int64_t cursor = 0;
  bool more = true;
  while (more) {
    ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
      ZB_ASSIGN_OR_RETURN(more, MergeRecentStep(c, &cursor, kMergeTermsPerStep));
      return Status();
    }));
  }
  return Status();
}

void SqliteStore::MergeLoop() {
  std::unique_lock lock(merge_mu_);
  while (true) {
    merge_cv_.wait(lock, [&] { return stopping_ || merge_due_ >= kMergeAfterCases; });
    if (stopping_) return;
    merge_due_ = 0;
    lock.unlock();
    // Step by step, so cases being created wait for one short transaction at most.
    int64_t cursor = 0;
    bool more = true;
    while (more) {
      Status s = Write([&](Connection& c) -> Status {
        ZB_ASSIGN_OR_RETURN(more, MergeRecentStep(c, &cursor, kMergeTermsPerStep));
        return Status();
      });
      if (!s.ok()) break;  // tried again after the next few hundred cases
      std::lock_guard stop(merge_mu_);
      if (stopping_) more = false;
    }
    lock.lock();
  }
}

}  // namespace zb::store::sqlite
