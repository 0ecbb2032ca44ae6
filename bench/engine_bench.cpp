// The foundation's benchmark: bulk-create cases through the case engine vs bare sqlite3 inserts
// of the same rows, point lookups of a case with its events, and a cold open of the database.
//
//   engine_bench [--cases N] [--dir DIR] [--keep]   (default 1,000,000 cases, 5 events each)
//   engine_bench --open-only DB ID            (used by the benchmark itself, in a fresh process)
//   engine_bench --pg URL [--pg-cases N] [--pg-only]
//       also on PostgreSQL, in the same run: raw COPY of the same rows vs the engine's bulk
//       create, each into a fresh database made on URL's server (zb_bench_raw, zb_bench_engine)
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "cases/calendar_deadlines.h"
#include "cases/case_engine.h"
#include "pg_bench_support.h"

namespace fs = std::filesystem;
using namespace zb;
using Steady = std::chrono::steady_clock;

namespace {

double Seconds(Steady::time_point a, Steady::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

long RssMb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6)) / 1024;
  }
  return -1;
}

void Check(const Status& s, const char* what) {
  if (!s.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, s.ToString().c_str());
    std::exit(1);
  }
}

// Bare sqlite3: the same rows (1 case + 5 events per case) into the same schema.
double RawInsert(const fs::path& db_path, int n) {
  {
    auto s = store::OpenStore(db_path.string());  // creates the schema
    Check(s.status(), "open raw db");
    store::Unit u{0, "u", "单位", "office", std::nullopt, 0};
    auto unit = (*s)->AddUnit(u);
    store::User user;
    user.username = "x";
    user.display_name = "x";
    user.role = "staff";
    user.unit_id = *unit;
    Check((*s)->AddUser(user).status(), "raw user");
  }
  sqlite3* db = nullptr;
  sqlite3_open(db_path.c_str(), &db);
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
               nullptr, nullptr, nullptr);
  sqlite3_stmt *ci = nullptr, *ei = nullptr;
  sqlite3_prepare_v2(db,
                     "INSERT INTO cases(kind, state, title, lead_unit_id, created_by, created_at, "
                     "updated_at, due_at, yellow_at, step_due_at, closed_at, paused_at, urgency, "
                     "fields, version) VALUES ('assignment','replied',?,1,1,?,?,?,?,?,NULL,NULL,'',"
                     "?,5)",
                     -1, &ci, nullptr);
  sqlite3_prepare_v2(db,
                     "INSERT INTO events(case_id, seq, type, action, actor_id, on_behalf_of, at, "
                     "from_state, to_state, data, id) VALUES (?,?,?,?,1,NULL,?,?,?,?,?)",
                     -1, &ei, nullptr);
  const char* types[5] = {"created", "assigned", "accepted", "progress", "replied"};
  std::string fields = R"({"leader_id":1,"content":"研究老旧小区加装电梯推进方案，请抓紧落实"})";
  auto t0 = Steady::now();
  for (int i = 0; i < n; ++i) {
    if (i % 5000 == 0) sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    int64_t t = 1770000000 + i;
    std::string title = "研究老旧小区加装电梯推进方案 " + std::to_string(i);
    sqlite3_bind_text(ci, 1, title.c_str(), -1, SQLITE_TRANSIENT);
    for (int k = 2; k <= 6; ++k) sqlite3_bind_int64(ci, k, t + k);
    sqlite3_bind_text(ci, 7, fields.c_str(), -1, SQLITE_STATIC);
    sqlite3_step(ci);
    sqlite3_reset(ci);
    int64_t id = sqlite3_last_insert_rowid(db);
    for (int k = 0; k < 5; ++k) {
      sqlite3_bind_int64(ei, 1, id);
      sqlite3_bind_int64(ei, 2, k + 1);
      sqlite3_bind_text(ei, 3, types[k], -1, SQLITE_STATIC);
      sqlite3_bind_text(ei, 4, types[k], -1, SQLITE_STATIC);
      sqlite3_bind_int64(ei, 5, t + k);
      sqlite3_bind_text(ei, 6, "handling", -1, SQLITE_STATIC);
      sqlite3_bind_text(ei, 7, "handling", -1, SQLITE_STATIC);
      sqlite3_bind_text(ei, 8, R"({"text":"已完成摸底调查"})", -1, SQLITE_STATIC);
      sqlite3_bind_int64(ei, 9, id * (int64_t{1} << 24) + k + 1);  // sqlite/event_id.h
      sqlite3_step(ei);
      sqlite3_reset(ei);
    }
    if (i % 5000 == 4999 || i == n - 1) sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  double secs = Seconds(t0, Steady::now());
  sqlite3_finalize(ci);
  sqlite3_finalize(ei);
  sqlite3_close(db);
  return secs;
}

int OpenOnly(const char* path, store::Id id) {
  auto t0 = Steady::now();
  auto s = store::OpenStore(path);
  Check(s.status(), "open");
  auto c = (*s)->GetCase(id);
  auto e = (*s)->ListEvents(id);
  Check(c.status(), "first query");
  double ms = Seconds(t0, Steady::now()) * 1000;
  std::printf("cold open + first case query: %.1f ms, %zu events; RSS %ld MB\n", ms, e->size(),
              RssMb());
  return 0;
}

struct EngineRun {
  double secs = 0;          // bulk-create
  double p50 = 0, p99 = 0;  // case + events lookups, microseconds
};

// n matters through the engine into the store at `url`, in batches of 5,000, then 100,000
// random lookups of a case with its events.
EngineRun RunEngine(const std::string& url, int n, const fs::path& source) {
  auto st = store::OpenStore(url);
  Check(st.status(), "open engine db");
  store::Store& store = **st;
  auto reg = cases::WorkflowRegistry::LoadDirectory(source / "config/workflows",
                                                    &cases::CheckTimeLimitExpression);
  Check(reg.status(), "workflows");
  auto dl = cases::CalendarDeadlines::Load(source / "data/holidays-cn",
                                           source / "config/time_limits.toml");
  Check(dl.status(), "calendar");
  ManualClock clock(*ParseInstant("2026-03-02 09:00"));
  cases::CaseEngine engine(store, *reg, **dl, clock);
  store::Id office = *store.AddUnit({0, "office", "督查室", "office", std::nullopt, 0});
  store::Id dept = *store.AddUnit({0, "dept", "市住建局", "department", std::nullopt, 1});
  auto add_user = [&](const char* name, const char* role, store::Id unit) {
    store::User u;
    u.username = name;
    u.display_name = name;
    u.role = role;
    u.unit_id = unit;
    return *store.AddUser(u);
  };
  store::Id mayor = add_user("mayor", "city_leader", office);
  cases::Actor clerk = *engine.LoadActor(add_user("clerk", "staff", office));
  cases::Actor liaison = *engine.LoadActor(add_user("liaison", "unit_liaison", dept));

  auto t0 = Steady::now();
  std::vector<store::NewCase> batch;
  batch.reserve(5000);
  for (int i = 0; i < n; ++i) {
    Instant now = clock.Now() + std::chrono::seconds(i % 86400);
    cases::CreateRequest cr;
    cr.kind = "assignment";
    cr.title = "研究老旧小区加装电梯推进方案 " + std::to_string(i);
    cr.fields = {{"leader_id", mayor}, {"content", "研究老旧小区加装电梯推进方案，请抓紧落实"}};
    auto nc = engine.PrepareCreate(clerk, cr, now);
    Check(nc.status(), "prepare");
    auto step = [&](const cases::Actor& who, const char* action, const char* text) {
      cases::ActionRequest r;
      r.action = action;
      r.text = text;
      if (!std::strcmp(action, "assign")) r.lead_unit_id = dept;
      now += std::chrono::minutes(30);
      auto ch = engine.Plan(who, nc->record, r, now);
      Check(ch.status(), action);
      nc->record = ch->updated;
      for (auto& e : ch->events) nc->events.push_back(std::move(e));
    };
    step(clerk, "assign", "");
    step(liaison, "accept", "");
    step(liaison, "progress", "已完成摸底调查");
    step(liaison, "reply", "方案已报送");
    batch.push_back(std::move(*nc));
    if (batch.size() == 5000 || i == n - 1) {
      Check(store.CreateCases(batch).status(), "bulk create");
      batch.clear();
    }
  }
  EngineRun result;
  result.secs = Seconds(t0, Steady::now());

  // Point lookups: a case and its events, random ids.
  std::mt19937 rng(7);
  std::vector<double> us;
  const int lookups = 100000;
  us.reserve(lookups);
  for (int i = 0; i < lookups; ++i) {
    store::Id id = 1 + static_cast<store::Id>(rng() % n);
    auto a = Steady::now();
    auto c = store.GetCase(id);
    auto e = store.ListEvents(id);
    auto b = Steady::now();
    if (!c.ok() || e->size() != 5) {
      std::fprintf(stderr, "lookup %lld failed\n", static_cast<long long>(id));
      std::exit(1);
    }
    us.push_back(std::chrono::duration<double, std::micro>(b - a).count());
  }
  std::sort(us.begin(), us.end());
  result.p50 = us[us.size() / 2];
  result.p99 = us[us.size() * 99 / 100];
  return result;
}

// The SQLite run: raw inserts, the engine, lookups, a cold open in a fresh process.
int OnSqlite(const char* self, int n, const fs::path& dir, const fs::path& source, bool keep) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::printf("engine_bench: %d cases x 5 events\n", n);
  double raw_secs = RawInsert(dir / "raw.db", n);
  double rows = n * 6.0;
  std::printf("raw sqlite3 inserts:  %.2f s, %.0f rows/s (%.0f cases/s)\n", raw_secs,
              rows / raw_secs, n / raw_secs);

  EngineRun sq = RunEngine((dir / "engine.db").string(), n, source);
  std::printf("engine bulk-create:   %.2f s, %.0f rows/s (%.0f cases/s)\n", sq.secs, rows / sq.secs,
              n / sq.secs);
  std::printf("engine / raw rate:    %.1f%%  (bar: >= 25%%)\n", 100.0 * raw_secs / sq.secs);
  std::printf("case + events lookup: p50 %.1f us, p99 %.1f us  (bar: p99 <= 100 us)\n", sq.p50,
              sq.p99);

  std::string cmd = std::string("'") + self + "' --open-only '" + (dir / "engine.db").string() +
                    "' " + std::to_string(n / 2 + 1);
  std::fflush(stdout);  // before the child's output
  int rc = std::system(cmd.c_str());
  std::printf("(bar: cold open + first query < 1 s, RSS < 300 MB)\n");
  if (keep) {
    fs::remove(dir / "raw.db");
    std::printf("kept %s\n", (dir / "engine.db").c_str());
  } else {
    fs::remove_all(dir);
  }
  return rc == 0 ? 0 : 1;
}

// The PostgreSQL run, side by side: raw COPY of the same rows, the engine, lookups.
void OnPostgres(const std::string& server, int n, const fs::path& source) {
  std::printf("engine_bench on PostgreSQL (%s): %d cases x 5 events\n", server.c_str(), n);
  double rows = n * 6.0;
  double raw_secs = bench::RawCopy(bench::FreshDatabase(server, "zb_bench_raw"), n);
  std::printf("pg raw COPY:          %.2f s, %.0f rows/s (%.0f cases/s)\n", raw_secs,
              rows / raw_secs, n / raw_secs);
  EngineRun pg = RunEngine(bench::FreshDatabase(server, "zb_bench_engine"), n, source);
  std::printf("pg engine bulk-create: %.2f s, %.0f rows/s (%.0f cases/s)\n", pg.secs,
              rows / pg.secs, n / pg.secs);
  std::printf("pg engine / raw COPY: %.1f%%  (bar: >= 25%%)\n", 100.0 * raw_secs / pg.secs);
  std::printf("pg case + events lookup: p50 %.1f us, p99 %.1f us\n", pg.p50, pg.p99);
}

}  // namespace

int main(int argc, char** argv) {
  int n = 1000000;
  fs::path dir = fs::temp_directory_path() / "zb_engine_bench";
  fs::path source = fs::current_path();
  bool keep = false;  // leave the 1M-case database for the API benchmark
  std::string pg_url;
  int pg_cases = 0;
  bool pg_only = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--open-only") && i + 2 < argc) {
      return OpenOnly(argv[i + 1], std::atoll(argv[i + 2]));
    }
    if (!std::strcmp(argv[i], "--cases") && i + 1 < argc) n = std::atoi(argv[++i]);
    if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
    if (!std::strcmp(argv[i], "--source") && i + 1 < argc) source = argv[++i];
    if (!std::strcmp(argv[i], "--keep")) keep = true;
    if (!std::strcmp(argv[i], "--pg") && i + 1 < argc) pg_url = argv[++i];
    if (!std::strcmp(argv[i], "--pg-cases") && i + 1 < argc) pg_cases = std::atoi(argv[++i]);
    if (!std::strcmp(argv[i], "--pg-only")) pg_only = true;
  }
  int rc = pg_only ? 0 : OnSqlite(argv[0], n, dir, source, keep);
  if (!pg_url.empty()) OnPostgres(pg_url, pg_cases > 0 ? pg_cases : n, source);
  return rc;
}
