// `zhengban insight ...`: hot issues and emerging, trending and periodic problems
// (docs/insight.md).
//
//   insight hot-issues FILE.csv [--top N]
//       reads messages with the columns of the TipDM attachment3 (留言编号, 留言用户, 留言主题,
//       留言时间, 留言详情, optionally 点赞数, 反对数, 一级分类) and prints one line per hot issue,
//       best first: rank<TAB>heat<TAB>title<TAB>comma-separated 留言编号
//   insight generate --years 3 --out FILE.csv [--per-day 300] [--seed 1] [--truth FILE.tsv]
//       writes a synthetic stream (analytics/generator.h) with planted signals, built from
//       data/tipdm2020-sample/attachment2.csv, in the same columns; the planted signals go to
//       --truth as type<TAB>phrase<TAB>first day<TAB>last day<TAB>ticket numbers
//   insight run [--from DATE] [--to DATE] [--kind on_demand|daily|weekly|monthly] [--fresh]
//       a run over the stored hotline tickets (default: the two years up to yesterday), stored
//       under the system user; only tickets not analysed before are segmented, unless --fresh
// Exit codes: 1 when jieba's data cannot be loaded, 2 for a bad or unreadable file.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "analytics/corpus.h"
#include "analytics/generator.h"
#include "analytics/hot_issues.h"
#include "analytics/message_csv.h"
#include "api/insight_api.h"
#include "api/insight_run.h"
#include "api/text_admin_api.h"
#include "app/app_context.h"
#include "app/command.h"
#include "calendar/working_calendar.h"
#include "text/keywords.h"
#include "text/segmenter.h"

namespace zb::app {
namespace {

constexpr int kBadInput = 2;

struct InsightOptions {
  std::string file;
  size_t top = 20;
  std::string dict_dir = text::DefaultJiebaDir();
  int years = 3;
  double per_day = 300;
  uint64_t seed = 1;
  std::string out;
  std::string truth;
};

std::vector<analytics::Ticket> ReadTickets(const std::string& path);

std::string CsvField(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void RunGenerate(const InsightOptions& o, const GlobalOptions& g) {
  if (o.years < 1 || o.years > 30)
    Fail("--years 应在 1 到 30 之间 (--years must be 1..30)", kBadInput);
  std::vector<analytics::Ticket> templates =
      ReadTickets(g.data_dir + "/tipdm2020-sample/attachment2.csv");
  auto calendar = calendar::WorkingCalendar::LoadDirectory(g.data_dir + "/holidays-cn");
  if (!calendar.ok()) Fail(calendar.status().ToString(), 1);
  analytics::GeneratorOptions options;
  options.days = 365 * o.years;
  options.tickets_per_day = o.per_day;
  options.seed = o.seed;
  options.emerging = 4 * o.years;
  options.hot_issues = 10 * o.years;
  options.trending = 4;
  options.yearly = o.years >= 2 ? 4 : 0;
  options.weekly = 2;
  std::ofstream out(o.out, std::ios::binary);
  if (!out) Fail("无法写入 (cannot write): " + o.out, kBadInput);
  out << "留言编号,留言用户,留言主题,留言时间,留言详情,点赞数,一级分类\n";
  size_t count = 0;
  // Written as generated: a long stream is never held in memory.
  std::vector<analytics::PlantedSignal> planted =
      analytics::GenerateStream(templates, *calendar, options, [&](analytics::Ticket t) {
        out << t.id << ',' << t.caller << ',' << CsvField(t.title) << ','
            << FormatDate(analytics::DateOfDay(t.day)) << ',' << CsvField(t.content) << ','
            << t.likes << ',' << CsvField(t.category) << '\n';
        ++count;
      });
  if (!o.truth.empty()) {
    std::ofstream truth(o.truth, std::ios::binary);
    const char* names[] = {"emerging", "hot_issue", "trending", "yearly", "weekly"};
    for (const analytics::PlantedSignal& p : planted) {
      truth << names[int(p.type)] << '\t' << p.phrase << '\t'
            << FormatDate(analytics::DateOfDay(p.first_day)) << '\t'
            << FormatDate(analytics::DateOfDay(p.last_day)) << '\t';
      for (size_t k = 0; k < p.ticket_ids.size(); ++k) truth << (k ? "," : "") << p.ticket_ids[k];
      truth << '\n';
    }
  }
  std::fprintf(stderr, "%zu tickets, %zu planted signals\n", count, planted.size());
}

std::vector<analytics::Ticket> ReadTickets(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail("无法读取文件 (cannot read file): " + path, kBadInput);
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto file = analytics::ParseMessageCsv(buffer.str());
  if (!file.ok()) Fail(path + ": " + file.status().ToString(), kBadInput);
  if (file->skipped > 0) {
    std::fprintf(
        stderr,
        "跳过 %zu 行（时间无法识别或没有内容）/ skipped %zu rows (no readable time or text)\n",
        file->skipped, file->skipped);
  }
  return std::move(file->tickets);
}

void RunHotIssues(const InsightOptions& o) {
  auto segmenter = text::Segmenter::Load(o.dict_dir);
  if (!segmenter.ok()) Fail(segmenter.status().ToString(), 1);
  auto idf = text::IdfTable::LoadFromJiebaDir(o.dict_dir);
  if (!idf.ok()) Fail(idf.status().ToString(), 1);
  std::vector<analytics::Ticket> tickets = ReadTickets(o.file);
  analytics::TermExtractor extractor(*segmenter, *idf);
  analytics::Corpus corpus = analytics::BuildCorpus(tickets, extractor);
  auto issues = analytics::FindHotIssues(corpus);
  std::string out;
  for (size_t rank = 0; rank < issues.size() && rank < o.top; ++rank) {
    const analytics::HotIssue& h = issues[rank];
    char head[64];
    std::snprintf(head, sizeof head, "%zu\t%.1f\t", rank + 1, h.heat);
    out += head;
    out += h.title;
    out += '\t';
    for (size_t k = 0; k < h.tickets.size(); ++k) {
      if (k > 0) out += ',';
      out += tickets[h.tickets[k]].id;
    }
    out += '\n';
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

struct RunOptions {
  std::string from, to;  // default: the daily run's two years up to yesterday
  std::string kind = "on_demand";
  bool fresh = false;
};

// A run over the stored hotline tickets, as the server's, recorded under the system user.
void RunStored(const RunOptions& o, const GlobalOptions& g) {
  auto ctx = OpenContext(g);
  if (o.kind != "on_demand" && o.kind != "daily" && o.kind != "weekly" && o.kind != "monthly")
    Fail("--kind: on_demand | daily | weekly | monthly", kBadInput);
  Instant now = ctx->clock->Now();
  Date yesterday{std::chrono::sys_days(ChinaDate(now)) - std::chrono::days{1}};
  auto date = [&](const std::string& text, Date fallback) {
    if (text.empty()) return fallback;
    auto d = ParseDate(text);
    if (!d) Fail("日期无效 (invalid date): " + text, kBadInput);
    return *d;
  };
  api::InsightRequest req;
  req.kind = o.kind;
  req.to = date(o.to, yesterday);
  req.from = date(o.from, Date{std::chrono::sys_days(req.to) - std::chrono::days{729}});
  auto actor = api::InsightSystemUser(*ctx->store, now);
  if (!actor.ok()) Fail(actor.status().ToString());
  req.actor_id = *actor;
  req.request_id = "cli:insight-run";
  // The office's dictionary words, as the server segments.
  if (Status s = api::ReloadOfficeDictionary(*ctx->store); !s.ok()) Fail(s.ToString());
  const auto& calendar = api::InsightCalendar(*ctx->engine);
  api::InsightRunner& runner = api::InsightRunner::Shared();
  auto began = std::chrono::steady_clock::now();
  Result<store::Id> run = store::Id{0};
  size_t analysed = 0;
  if (o.fresh) {  // every ticket read and segmented again, as runs were before features were kept
    if (Status s = api::CheckInsightPeriod(req.from, req.to, ChinaDate(now)); !s.ok())
      Fail(s.ToString(), kBadInput);
    auto tickets = api::InsightRunner::ReadTickets(*ctx->store, req.from, req.to);
    if (!tickets.ok()) Fail(tickets.status().ToString());
    analysed = tickets->size();
    run = runner.RunOn(*ctx->store, req, std::move(*tickets), *ctx->clock, calendar);
  } else {
    run = runner.Run(*ctx->store, req, *ctx->clock, calendar);
    analysed = runner.LastAnalysed();
  }
  if (!run.ok()) Fail(run.status().ToString(), kBadInput);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  auto stored = store::GetInsightRun(*ctx->store, *run);
  std::printf("run %lld (%s %s..%s): %lld tickets, %zu analysed now, %.3f s\n",
              static_cast<long long>(*run), req.kind.c_str(), FormatDate(req.from).c_str(),
              FormatDate(req.to).c_str(), static_cast<long long>(stored.ok() ? stored->tickets : 0),
              analysed, seconds);
}

void Setup(CLI::App& app, GlobalOptions& global) {
  auto options = std::make_shared<InsightOptions>();
  InsightOptions& o = *options;
  CLI::App* group = app.add_subcommand(
      "insight", "hotline insight: hot issues, emerging, trending and periodic problems");
  group->require_subcommand(1);

  CLI::App* hot = group->add_subcommand("hot-issues", "rank the hot issues in a message CSV");
  hot->add_option("file", o.file, "messages (columns of attachment3.csv)")->required();
  hot->add_option("--top", o.top, "how many hot issues to print")->capture_default_str();
  hot->add_option("--dict-dir", o.dict_dir, "jieba's data folder")->capture_default_str();
  hot->callback([options] { RunHotIssues(*options); });

  CLI::App* generate =
      group->add_subcommand("generate", "write a synthetic message stream with planted signals");
  generate->add_option("--years", o.years, "length of the stream")->capture_default_str();
  generate->add_option("--out", o.out, "the CSV to write")->required();
  generate->add_option("--per-day", o.per_day, "mean tickets per day")->capture_default_str();
  generate->add_option("--seed", o.seed, "random seed")->capture_default_str();
  generate->add_option("--truth", o.truth, "where to write the planted signals (TSV)");
  GlobalOptions* g = &global;
  generate->callback([options, g] { RunGenerate(*options, *g); });

  auto run_options = std::make_shared<RunOptions>();
  CLI::App* run = group->add_subcommand(
      "run", "analyse the stored hotline tickets and store the findings (as the daily run)");
  run->add_option("--from", run_options->from, "first day (default: two years before --to)");
  run->add_option("--to", run_options->to, "last day (default: yesterday)");
  run->add_option("--kind", run_options->kind, "on_demand | daily | weekly | monthly")
      ->capture_default_str();
  run->add_flag("--fresh", run_options->fresh,
                "read and segment every ticket again instead of the stored features");
  run->callback([run_options, g] { RunStored(*run_options, *g); });
}

const CommandRegistrar registrar(Setup);

}  // namespace
}  // namespace zb::app
