// The text engine's benchmark: segmentation speed on one core and agreement with Python jieba
// (bench/text_peer.py, run side by side), FTS5 indexing rate and 2-character query time against
// the purpose-built posting-list index (text/search_index.h) on the same messages.
//
//   text_bench [--root DIR] [--mb 50] [--fts-full 200000] [--fts-titles 1000000]
//              [--query-full N] [--table-options ', detail=column'] [--no-peer]
//              [--index-docs 1000000] [--index-threads 2] [--fts-variants] [--only-index]
// The texts are the real messages of data/tipdm2020-sample (titles and bodies), repeated.
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "text/classifier.h"
#include "text/csv.h"
#include "text/evaluation.h"
#include "text/features.h"
#include "text/near_duplicate.h"
#include "text/search_index.h"
#include "text/search_tokenizer.h"
#include "text/segmenter.h"
#include "text/sqlite_fts5.h"

namespace {

using Clock = std::chrono::steady_clock;
double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// CPU time of the whole process (every thread).
double ProcessCpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

// CPU time of this thread: on a shared machine, what one core really did.
double ThreadCpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

struct Options {
  std::string root = std::getenv("ZB_SOURCE_DIR") ? std::getenv("ZB_SOURCE_DIR") : ".";
  double mb = 50;
  long fts_full = 200000;
  long fts_titles = 1000000;
  long query_full = 0;        // 0: the same as fts_full
  long index_docs = 1000000;  // the purpose-built index (search_index.h)
  int index_threads = 2;
  bool fts_variants = false;  // also FTS5 with detail=none, columnsize=0 and big pages
  bool only_index = false;    // only the full-text indexing figures
  bool peer = true;
};

zb::text::TrainOptions train_options;

std::string g_table_options;  // extra fts5() arguments, e.g. ", detail=column"

struct Message {
  std::string title;
  std::string body;
};

std::vector<Message> LoadMessages(const std::string& root) {
  std::vector<Message> messages;
  for (const char* name : {"attachment2.csv", "attachment3.csv", "attachment4.csv"}) {
    std::string path = root + "/data/tipdm2020-sample/" + name;
    auto titles = zb::text::ReadCsvColumns(path, {"留言主题"});
    auto bodies = zb::text::ReadCsvColumns(path, {"留言详情"});
    if (!titles.ok() || !bodies.ok()) {
      std::fprintf(stderr, "%s\n",
                   (titles.ok() ? bodies.status() : titles.status()).ToString().c_str());
      std::exit(1);
    }
    for (size_t i = 0; i < titles->size(); ++i) messages.push_back({(*titles)[i], (*bodies)[i]});
  }
  return messages;
}

std::string Run(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[65536];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    pclose(pipe);
  }
  return out;
}

std::string Python() {
  if (const char* env = std::getenv("ZB_PYTHON")) return env;
  return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

void Check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "%s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

void Exec(sqlite3* db, const char* sql) {
  Check(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), db, sql);
}

sqlite3* OpenTemp(std::string* path) {
  char name[] = "/tmp/zb_text_bench_XXXXXX";
  int fd = mkstemp(name);
  close(fd);
  *path = name;
  sqlite3* db;
  Check(sqlite3_open(name, &db), db, "open");
  if (!zb::text::RegisterSearchTokenizer(db).ok()) std::exit(1);
  Exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144");
  return db;
}

// Indexes `count` messages (the real ones, cycled) and returns messages per second.
double Index(sqlite3* db, const std::vector<Message>& messages, long count, bool with_body) {
  std::string create = std::string("CREATE VIRTUAL TABLE m USING fts5(") +
                       (with_body ? "title, body" : "title") + ", tokenize='zb'" + g_table_options +
                       ")";
  Exec(db, create.c_str());
  sqlite3_stmt* stmt;
  Check(sqlite3_prepare_v2(db,
                           with_body ? "INSERT INTO m(rowid, title, body) VALUES (?, ?, ?)"
                                     : "INSERT INTO m(rowid, title) VALUES (?, ?)",
                           -1, &stmt, nullptr),
        db, "prepare insert");
  auto start = Clock::now();
  Exec(db, "BEGIN");
  for (long i = 0; i < count; ++i) {
    const Message& m = messages[i % messages.size()];
    sqlite3_bind_int64(stmt, 1, i + 1);
    sqlite3_bind_text(stmt, 2, m.title.data(), static_cast<int>(m.title.size()), SQLITE_STATIC);
    if (with_body) {
      sqlite3_bind_text(stmt, 3, m.body.data(), static_cast<int>(m.body.size()), SQLITE_STATIC);
    }
    Check(sqlite3_step(stmt), db, "insert");
    sqlite3_reset(stmt);
  }
  Exec(db, "COMMIT");
  double rate = count / Seconds(start);
  sqlite3_finalize(stmt);
  Exec(db, "INSERT INTO m(m) VALUES('optimize')");
  return rate;
}

// Median milliseconds of `sql` with the MATCH expression for `keywords` bound as ?1.
double QueryMs(sqlite3* db, const char* sql, const std::string& keywords, long* rows) {
  std::string expr = zb::text::FtsMatchExpression(keywords);
  std::vector<double> times;
  for (int run = 0; run < 7; ++run) {
    sqlite3_stmt* stmt;
    auto start = Clock::now();
    Check(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), db, sql);
    sqlite3_bind_text(stmt, 1, expr.c_str(), -1, SQLITE_TRANSIENT);
    *rows = 0;
    int rc;
    long last = 0;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      ++*rows;
      last = sqlite3_column_int64(stmt, 0);
    }
    Check(rc, db, sql);
    sqlite3_finalize(stmt);
    times.push_back(Seconds(start) * 1000);
    if (last < 0) std::printf("?");
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

void QueryFigures(sqlite3* db, const char* table_label, long n) {
  for (const char* q : {"停车", "积水"}) {
    long rows;
    double first = QueryMs(db, "SELECT rowid FROM m WHERE m MATCH ?1 LIMIT 20", q, &rows);
    long count_rows;
    double count = QueryMs(db, "SELECT count(*) FROM m WHERE m MATCH ?1", q, &count_rows);
    sqlite3_stmt* stmt;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM m WHERE m MATCH ?1", -1, &stmt, nullptr);
    std::string expr = zb::text::FtsMatchExpression(q);
    sqlite3_bind_text(stmt, 1, expr.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(stmt);
    long matches = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    std::printf(
        "query %s over %ld %s: first 20 ids %.3f ms; count(*) of %ld matches %.2f ms "
        "(bar < 20 ms)\n",
        q, n, table_label, first, matches, count);
  }
}

// The purpose-built index (text/search_index.h) as the SQLite store keeps it
// (store/sqlite/sqlite_search.cpp): segments of 65,536 messages (title + body) built on
// `threads` threads and written as one posting-list row per term.
void PostingsIndexFigures(const std::vector<Message>& messages, long count, int threads) {
  std::string path;
  sqlite3* db = OpenTemp(&path);
  Exec(db,
       "CREATE TABLE search_postings (term INTEGER NOT NULL, chunk INTEGER NOT NULL, docs BLOB "
       "NOT NULL, PRIMARY KEY (term, chunk)) WITHOUT ROWID");
  sqlite3_stmt* ins;
  Check(sqlite3_prepare_v2(db, "INSERT INTO search_postings(term, chunk, docs) VALUES (?,?,?)", -1,
                           &ins, nullptr),
        db, "prepare");
  auto start = Clock::now();
  double build_s = 0;
  size_t tokens = 0, rows = 0, bytes = 0;
  Exec(db, "BEGIN");
  int64_t chunk = 0;
  zb::text::SegmentBuilder builder(threads);
  double cpu_start = ProcessCpuSeconds();
  for (long from = 0; from < count; from += 65536) {
    long n = std::min<long>(65536, count - from);
    auto t0 = Clock::now();
    std::vector<zb::text::IndexDocument> docs(n);
    for (long i = 0; i < n; ++i) {
      const Message& m = messages[(from + i) % messages.size()];
      docs[i].id = from + i + 1;
      docs[i].parts = {m.title, m.body};
    }
    zb::text::Segment seg = builder.Build(docs);
    build_s += Seconds(t0);
    tokens += seg.token_count;
    ++chunk;
    for (const auto& t : seg.terms) {
      sqlite3_bind_int64(ins, 1, static_cast<int64_t>(t.key));
      sqlite3_bind_int64(ins, 2, chunk);
      sqlite3_bind_blob(ins, 3, t.postings.data(), static_cast<int>(t.postings.size()),
                        SQLITE_STATIC);
      Check(sqlite3_step(ins), db, "insert postings");
      sqlite3_reset(ins);
      ++rows;
      bytes += t.postings.size();
    }
  }
  Exec(db, "COMMIT");
  double s = Seconds(start);
  double cpu = ProcessCpuSeconds() - cpu_start;
  sqlite3_finalize(ins);
  std::printf(
      "posting-list index, title + body (~1.1 kB avg), %d threads: %.0f messages/s over %ld "
      "(bar >= 100k/s); %.0f messages per CPU second (all threads); building alone %.0f "
      "messages/s, %.1f M tokens/s; %zu rows, %.0f MB of postings\n",
      threads, count / s, count, count / cpu, count / build_s, tokens / build_s / 1e6, rows,
      bytes / 1e6);

  sqlite3_stmt* sel;
  Check(sqlite3_prepare_v2(db, "SELECT docs FROM search_postings WHERE term BETWEEN ? AND ?", -1,
                           &sel, nullptr),
        db, "prepare");
  for (const char* q : {"停车", "积水", "车", "停车 积水"}) {
    std::vector<double> times;
    size_t matches = 0;
    for (int run = 0; run < 7; ++run) {
      auto t0 = Clock::now();
      std::vector<int64_t> result;
      auto reqs = zb::text::QueryRequirements(q);
      for (size_t r = 0; r < reqs.size(); ++r) {
        std::vector<int64_t> ids;
        for (const auto& range : reqs[r]) {
          sqlite3_bind_int64(sel, 1, static_cast<int64_t>(range.lo));
          sqlite3_bind_int64(sel, 2, static_cast<int64_t>(range.hi));
          while (sqlite3_step(sel) == SQLITE_ROW) {
            std::string_view blob(static_cast<const char*>(sqlite3_column_blob(sel, 0)),
                                  sqlite3_column_bytes(sel, 0));
            zb::text::DecodePostings(blob, &ids);
          }
          sqlite3_reset(sel);
        }
        if (reqs[r].size() > 1) zb::text::SortUnique(&ids);
        result = r == 0 ? std::move(ids) : zb::text::Intersect(result, ids);
      }
      times.push_back(Seconds(t0) * 1000);
      matches = result.size();
    }
    std::sort(times.begin(), times.end());
    std::printf(
        "posting-list query %s over %ld full messages: all %zu matching ids in %.2f ms "
        "(median of 7; bar < 20 ms)\n",
        q, count, matches, times[3]);
  }
  sqlite3_finalize(sel);
  sqlite3_close(db);
  std::remove(path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&] { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--root")
      o.root = next();
    else if (a == "--mb")
      o.mb = std::atof(next());
    else if (a == "--fts-full")
      o.fts_full = std::atol(next());
    else if (a == "--fts-titles")
      o.fts_titles = std::atol(next());
    else if (a == "--query-full")
      o.query_full = std::atol(next());
    else if (a == "--svm-iterations")
      train_options.max_iterations = std::atoi(next());
    else if (a == "--no-peer")
      o.peer = false;
    else if (a == "--index-docs")
      o.index_docs = std::atol(next());
    else if (a == "--index-threads")
      o.index_threads = std::atoi(next());
    else if (a == "--fts-variants")
      o.fts_variants = true;
    else if (a == "--only-index")
      o.only_index = true;
  }

  auto start = Clock::now();
  auto loaded = zb::text::Segmenter::Load();
  if (!loaded.ok()) {
    std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
    return 1;
  }
  const zb::text::Segmenter& seg = *loaded;
  std::printf("dictionary load: %.3f s\n", Seconds(start));

  std::vector<Message> messages = LoadMessages(o.root);
  std::vector<const std::string*> texts;
  size_t corpus_bytes = 0;
  for (const Message& m : messages) {
    texts.push_back(&m.title);
    texts.push_back(&m.body);
    corpus_bytes += m.title.size() + m.body.size();
  }
  std::printf("corpus: %zu messages, %zu texts, %.2f MB\n", messages.size(), texts.size(),
              corpus_bytes / 1e6);

  if (o.only_index) goto full_text;
  // Segmentation on one core, the corpus repeated to about o.mb MB.
  for (bool hmm : {true, false}) {
    size_t bytes = 0, tokens = 0;
    std::vector<std::string_view> out;
    start = Clock::now();
    double cpu_start = ThreadCpuSeconds();
    while (bytes < o.mb * 1e6) {
      for (const std::string* t : texts) {
        out.clear();
        seg.Cut(*t, {.hmm = hmm}, &out);
        tokens += out.size();
        bytes += t->size();
      }
    }
    double s = Seconds(start);
    double cpu = ThreadCpuSeconds() - cpu_start;
    std::printf(
        "segmentation (HMM %s): %.1f MB/s on one core by CPU time, %.1f MB/s by wall "
        "time (%.1f MB, %zu tokens)%s\n",
        hmm ? "on" : "off", bytes / cpu / 1e6, bytes / s / 1e6, bytes / 1e6, tokens,
        hmm ? " (bar >= 30 MB/s)" : "");
  }

  if (o.peer) {
    std::string python = Python();
    std::string peer =
        "cd '" + o.root + "' && '" + python + "' bench/text_peer.py --root '" + o.root + "'";
    std::string expected = Run(peer + " --tokens 2>/dev/null");
    size_t line_start = 0, index = 0, total = 0, matched = 0;
    while (line_start < expected.size() && index < texts.size()) {
      size_t eol = expected.find('\n', line_start);
      auto tokens = nlohmann::json::parse(expected.substr(line_start, eol - line_start));
      line_start = eol + 1;
      const std::string& text = *texts[index++];
      std::set<std::pair<size_t, size_t>> spans;
      for (auto t : seg.Cut(text))
        spans.emplace(t.data() - text.data(), t.data() - text.data() + t.size());
      size_t offset = 0;
      for (const auto& t : tokens) {
        size_t len = t.get<std::string>().size();
        matched += spans.count({offset, offset + len});
        offset += len;
      }
      total += tokens.size();
    }
    if (total > 0) {
      std::printf("jieba agreement: %zu/%zu tokens = %.4f%% over %zu texts (bar >= 99.5%%)\n",
                  matched, total, 100.0 * matched / total, index);
    } else {
      std::printf("jieba agreement: skipped (python3 jieba not importable)\n");
    }
    std::string timing = Run(peer + " --mb 5 2>/dev/null");
    std::printf("peer, Python jieba 0.42.1 (HMM on), same texts: %s",
                timing.empty() ? "not run\n" : timing.c_str());
  }

  {
    size_t bytes = 0, tokens = 0, count = 0;
    auto count_token = [](void* n, std::string_view, uint32_t, uint32_t, bool) {
      ++*static_cast<size_t*>(n);
      return true;
    };
    start = Clock::now();
    while (bytes < o.mb * 1e6) {
      for (const Message& m : messages) {
        zb::text::TokenizeForSearch(m.body, zb::text::SearchMode::kDocument, &tokens, count_token);
        bytes += m.body.size();
        ++count;
      }
    }
    double s = Seconds(start);
    std::printf("search tokenizer alone: %.1f MB/s, %.0f message bodies/s, %.1f tokens/body\n",
                bytes / s / 1e6, count / s, static_cast<double>(tokens) / count);
  }

  {
    // Classifier: 5-fold cross-validation on attachment2.csv, fold = row % 5, as the peer.
    std::string csv = o.root + "/data/tipdm2020-sample/attachment2.csv";
    auto texts = zb::text::ReadCsvColumns(csv, {"留言主题", "留言详情"});
    auto labels = zb::text::ReadCsvColumns(csv, {"一级分类"});
    if (texts.ok() && labels.ok()) {
      start = Clock::now();
      std::vector<std::vector<std::string>> documents;
      for (const auto& t : *texts) documents.push_back(zb::text::FeatureTerms(seg, t));
      auto e = zb::text::CrossValidate(documents, *labels, 5, train_options);
      double s = Seconds(start);
      if (e.ok()) {
        std::printf(
            "classifier, 5-fold CV on attachment2 (%zu messages): accuracy=%.4f "
            "macro_f1=%.4f in %.3f s (segmenting, training, predicting)\n",
            documents.size(), e->accuracy, e->macro_f1, s);
      }
      if (o.peer) {
        std::string peer = Run("cd '" + o.root + "' && '" + Python() +
                               "' bench/text_peer.py --classify --root '" + o.root + "' 2>&1");
        std::printf("peer, scikit-learn TF-IDF(jieba) + LinearSVC, same folds: %s",
                    peer.empty() ? "not run\n" : peer.c_str());
      }
    }
  }

  {
    // Near-duplicates: signing speed, and lookups among 1M stored signatures.
    start = Clock::now();
    std::vector<zb::text::MinHashSignature> signatures;
    for (const Message& m : messages)
      signatures.push_back(zb::text::MinHash(m.title + "\n" + m.body));
    std::printf("near-duplicate signatures: %.0f messages/s\n", messages.size() / Seconds(start));
    zb::text::NearDuplicateIndex index;
    for (uint64_t id = 0; id < 1000000; ++id) {
      zb::text::MinHashSignature s = signatures[id % signatures.size()];
      s[id % zb::text::kMinHashSize] ^= static_cast<uint32_t>(id);  // 1M distinct variants
      s[(id + 7) % zb::text::kMinHashSize] ^= static_cast<uint32_t>(id * 31);
      index.Add(id, s);
    }
    start = Clock::now();
    size_t found = 0;
    for (const auto& s : signatures) found += index.Find(s).size();
    std::printf(
        "near-duplicate lookup among 1M (each real message repeated ~1550 times): "
        "%.3f ms per lookup, %.0f matches each (bar < 1 ms)\n",
        Seconds(start) * 1000 / signatures.size(), static_cast<double>(found) / signatures.size());
  }

full_text:
  std::string path;
  sqlite3* db = OpenTemp(&path);
  double rate = Index(db, messages, o.fts_titles, false);
  std::printf("FTS5 indexing, titles only: %.0f messages/s over %ld (bar >= 100k/s)\n", rate,
              o.fts_titles);
  QueryFigures(db, "titles", o.fts_titles);
  sqlite3_close(db);
  std::remove(path.c_str());

  db = OpenTemp(&path);
  long full = std::max(o.fts_full, o.query_full);
  rate = Index(db, messages, full, true);
  std::printf("FTS5 indexing, title + body (~1.1 kB avg): %.0f messages/s over %ld\n", rate, full);
  QueryFigures(db, "full messages", full);
  sqlite3_close(db);
  std::remove(path.c_str());
  if (o.fts_variants) {
    // The FTS5 settings that cut its work most, for comparison with the posting-list index.
    g_table_options = ", detail=none, columnsize=0";
    db = OpenTemp(&path);
    Exec(db, "PRAGMA page_size=65536");
    Exec(db, "VACUUM");
    rate = Index(db, messages, o.fts_full, true);
    std::printf(
        "FTS5 indexing, title + body, detail=none, columnsize=0, 64 KiB pages: %.0f messages/s "
        "over %ld\n",
        rate, o.fts_full);
    sqlite3_close(db);
    std::remove(path.c_str());
  }
  PostingsIndexFigures(messages, o.index_docs, o.index_threads);
  return 0;
}
