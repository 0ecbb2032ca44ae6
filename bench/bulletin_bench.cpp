// The monthly bulletin (督查通报) at city scale: 100 units, 50 key projects and 5,000 supervised
// cases (instructions, assigned matters, suggestions and proposals), a third of them touching the
// month. Times, best and worst of --runs:
//   build    BuildBulletin over the cases in memory (the figures, lights, rankings)
//   docx     RenderDocx of the result
//   store    GenerateBulletin from a SQLite database holding the same cases (reading every case of
//            the supervised kinds, then building) plus RenderDocx: what POST /api/supervision/
//            bulletins and the .docx download cost together
// The target (issue 10): a month's bulletin in under 2 s.
//
//   bulletin_bench [--units N] [--projects N] [--cases N] [--runs N] [--dir DIR]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "store/store.h"
#include "supervision/bulletin.h"
#include "supervision/docx.h"

namespace fs = std::filesystem;
using namespace zb;
using Steady = std::chrono::steady_clock;

namespace {

double Seconds(Steady::time_point a, Steady::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

template <typename T>
T Check(Result<T> r, const char* what) {
  if (!r.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, r.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*r);
}

int Arg(int argc, char** argv, const char* name, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], name) == 0) return std::atoi(argv[i + 1]);
  }
  return fallback;
}

// The month reported on is March 2026; the bulletin is drawn up on 3 April.
const Instant kMonthStart = *ParseInstant("2026-03-01 00:00");
const Instant kNow = *ParseInstant("2026-04-03 10:00");

std::vector<store::CaseRecord> MakeCases(int units, int projects, int cases, std::mt19937& rng) {
  static const char* kKinds[] = {"instruction", "assignment", "deputy_suggestion",
                                 "cppcc_proposal"};
  std::vector<store::CaseRecord> out;
  auto hours = [](int h) { return std::chrono::hours(h); };
  for (int i = 0; i < projects; ++i) {
    store::CaseRecord c;
    c.kind = "key_project";
    c.title = "“421 工程”重点项目 " + std::to_string(i + 1);
    c.state = i % 10 == 0 ? "completed" : "in_progress";
    c.lead_unit_id = 1 + static_cast<store::Id>(rng() % units);
    c.created_at = kMonthStart - hours(24 * 60);
    c.due_at = *ParseInstant("2026-12-31 17:30");
    if (c.state == "completed") c.closed_at = kMonthStart + hours(24 * 10);
    c.fields = {{"level", "project"},
                {"progress_percent", static_cast<int>(rng() % 101)},
                {"report_period", i % 7 == 0 ? "2026-02" : "2026-03"},
                {"indicator", "完成投资（亿元）"},
                {"target_value", 5},
                {"actual_value", 2.5}};
    out.push_back(std::move(c));
  }
  for (int i = 0; i < cases; ++i) {
    store::CaseRecord c;
    c.kind = kKinds[i % 4];
    c.title = std::string(c.kind == "instruction" ? "关于" : "研究解决") + "第" +
              std::to_string(i + 1) + "号事项的落实情况";
    c.lead_unit_id = 1 + static_cast<store::Id>(rng() % units);
    // Registered over the last four months; a limit of 5 to 60 days.
    c.created_at = kNow - hours(static_cast<int>(rng() % (24 * 120)));
    c.due_at = c.created_at + hours(24 * (5 + static_cast<int>(rng() % 56)));
    c.yellow_at = *c.due_at - hours(24);
    if (rng() % 3 != 0) {  // two in three closed, some of them late
      c.state = "closed";
      Instant closed = c.created_at + hours(24 + static_cast<int>(rng() % (24 * 70)));
      c.closed_at = std::min(closed, kNow - hours(1));
      if (c.kind == "deputy_suggestion" || c.kind == "cppcc_proposal") {
        c.fields = {{"answer_class", std::string(1, static_cast<char>('A' + rng() % 4))},
                    {"satisfaction", rng() % 5 == 0 ? "basically_satisfied" : "satisfied"},
                    {"session", "市六届人大五次会议"}};
      }
    } else {
      c.state = "handling";
      if (c.kind != "instruction" && c.kind != "assignment") c.fields = {{"session", "s"}};
    }
    out.push_back(std::move(c));
  }
  return out;
}

struct Timing {
  double best = 1e9, worst = 0;
  void Add(double s) {
    best = std::min(best, s);
    worst = std::max(worst, s);
  }
};

}  // namespace

int main(int argc, char** argv) {
  int units = Arg(argc, argv, "--units", 100);
  int projects = Arg(argc, argv, "--projects", 50);
  int cases = Arg(argc, argv, "--cases", 5000);
  int runs = Arg(argc, argv, "--runs", 5);
  std::string dir_arg;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--dir") == 0) dir_arg = argv[i + 1];
  }
  fs::path dir = dir_arg.empty()
                     ? fs::temp_directory_path() / ("zb-bulletin-bench-" + std::to_string(getpid()))
                     : fs::path(dir_arg);
  fs::create_directories(dir);
  std::mt19937 rng(2026);

  supervision::BulletinInput input;
  for (int u = 1; u <= units; ++u) input.unit_names[u] = "第" + std::to_string(u) + "单位";
  input.cases = MakeCases(units, projects, cases, rng);
  for (size_t i = 0; i < input.cases.size(); ++i) input.cases[i].id = static_cast<int64_t>(i + 1);
  supervision::BulletinOptions options;
  options.month = "2026-03";

  // In memory.
  Timing build, docx, end_to_end;
  size_t bytes = 0, rows = 0;
  for (int r = 0; r < runs; ++r) {
    auto t0 = Steady::now();
    auto b = Check(supervision::BuildBulletin(input, options, kNow), "build");
    auto t1 = Steady::now();
    std::string file = Check(supervision::RenderDocx(b), "docx");
    auto t2 = Steady::now();
    build.Add(Seconds(t0, t1));
    docx.Add(Seconds(t1, t2));
    bytes = file.size();
    rows = 0;
    for (const auto& s : b.sections) rows += s.table ? s.table->rows.size() : 0;
  }

  // From a SQLite database with the same cases.
  fs::path db = dir / "bulletin.db";
  fs::remove(db);
  auto st = Check(store::OpenStore(db.string()), "open");
  for (int u = 1; u <= units; ++u) {
    Check(st->AddUnit(
              {0, "unit." + std::to_string(u), input.unit_names[u], "department", std::nullopt, u}),
          "unit");
  }
  store::User user;
  user.username = "bench";
  user.display_name = "基准测试";
  user.role = "staff";
  user.unit_id = 1;
  user.created_at = kMonthStart;
  store::Id uid = Check(st->AddUser(user), "user");
  std::vector<store::NewCase> batch;
  for (const auto& c : input.cases) {
    store::NewCase nc;
    nc.record = c;
    nc.record.id = 0;
    nc.record.created_by = uid;
    nc.record.updated_at = c.closed_at.value_or(c.created_at);
    store::EventRecord e;
    e.type = "created";
    e.action = "create";
    e.actor_id = uid;
    e.at = c.created_at;
    e.to_state = c.state;
    nc.events.push_back(std::move(e));
    batch.push_back(std::move(nc));
  }
  auto t_load = Steady::now();
  Check(st->CreateCases(batch), "create cases");
  double load_s = Seconds(t_load, Steady::now());
  for (int r = 0; r < runs; ++r) {
    auto t0 = Steady::now();
    auto b = Check(supervision::GenerateBulletin(*st, options, kNow), "generate");
    std::string file = Check(supervision::RenderDocx(b), "docx");
    end_to_end.Add(Seconds(t0, Steady::now()));
  }

  std::printf("bulletin_bench: %d units, %d key projects, %d cases, month %s, %d runs\n", units,
              projects, cases, options.month.c_str(), runs);
  std::printf("  build (in memory)      best %.3f s  worst %.3f s  (%zu table rows)\n", build.best,
              build.worst, rows);
  std::printf("  docx                   best %.3f s  worst %.3f s  (%zu bytes)\n", docx.best,
              docx.worst, bytes);
  std::printf(
      "  store + build + docx   best %.3f s  worst %.3f s  (SQLite, %zu cases loaded in "
      "%.2f s)\n",
      end_to_end.best, end_to_end.worst, batch.size(), load_s);
  bool ok = end_to_end.worst < 2.0;
  std::printf("  target < 2 s: %s\n", ok ? "met" : "NOT MET");
  if (dir_arg.empty()) fs::remove_all(dir);
  return ok ? 0 : 1;
}
