// Full hotline-insight analysis of a generated stream, read as it is generated (the tickets are
// never all held): segmentation and terms (corpus), series,
// hot issues, emerging, trending and periodic problems. Prints each step's time and the peak RSS.
//
//   insight_bench [--tickets N] [--years Y] [--root DIR]     (defaults: 1000000, 3, .)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "analytics/corpus.h"
#include "analytics/emerging.h"
#include "analytics/generator.h"
#include "analytics/hot_issues.h"
#include "analytics/message_csv.h"
#include "analytics/periodic.h"
#include "analytics/series.h"
#include "analytics/trending.h"
#include "calendar/working_calendar.h"

using namespace zb;
using Steady = std::chrono::steady_clock;

namespace {

double Seconds(Steady::time_point since) {
  return std::chrono::duration<double>(Steady::now() - since).count();
}

// CPU time of the whole process (all threads), user and system.
double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "%s\n", what.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  size_t tickets = 1000000;
  int years = 3;
  std::string root = ".";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--tickets") tickets = std::strtoull(argv[i + 1], nullptr, 10);
    if (flag == "--years") years = std::atoi(argv[i + 1]);
    if (flag == "--root") root = argv[i + 1];
  }
  std::ifstream in(root + "/data/tipdm2020-sample/attachment2.csv");
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto templates = analytics::ParseMessageCsv(buffer.str());
  if (!templates.ok()) Die(templates.status().ToString());
  auto calendar = calendar::WorkingCalendar::LoadDirectory(root + "/data/holidays-cn");
  if (!calendar.ok()) Die(calendar.status().ToString());
  auto segmenter = text::Segmenter::Load();
  if (!segmenter.ok()) Die(segmenter.status().ToString());
  auto idf = text::IdfTable::LoadFromJiebaDir();
  if (!idf.ok()) Die(idf.status().ToString());
  analytics::TermExtractor extractor(*segmenter, *idf);

  auto start = Steady::now();
  analytics::GeneratorOptions options;
  options.days = 365 * years;
  options.tickets_per_day = double(tickets) / options.days;
  options.emerging = 4 * years;
  options.hot_issues = 10 * years;
  options.trending = 4;
  options.yearly = 4;
  options.weekly = 2;
  // The stream is generated day by day and read as it comes: the text of a ticket is analysed in
  // batches and dropped, so memory holds only each ticket's features.
  // The builder analyses a batch inside every `batch`-th Add: those calls are the corpus step
  // (wall and CPU time); the rest of the time is the generator's.
  constexpr size_t batch = 20000;
  analytics::CorpusBuilder builder(extractor, 2, batch);
  double corpus_seconds = 0, corpus_cpu = 0, cpu_start = CpuSeconds();
  size_t count = 0;
  analytics::GenerateStream(templates->tickets, *calendar, options, [&](analytics::Ticket t) {
    if (++count % batch != 0) return builder.Add(std::move(t));
    auto at = Steady::now();
    double cpu = CpuSeconds();
    builder.Add(std::move(t));
    corpus_seconds += Seconds(at);
    corpus_cpu += CpuSeconds() - cpu;
  });
  auto step = Steady::now();
  double cpu = CpuSeconds();
  analytics::Corpus corpus = builder.Finish();
  corpus_seconds += Seconds(step);
  corpus_cpu += CpuSeconds() - cpu;
  std::printf("generate      %9.2f s  %zu tickets over %d days (CPU %.1f s)\n",
              Seconds(start) - corpus_seconds, count, options.days,
              CpuSeconds() - cpu_start - corpus_cpu);
  std::printf("corpus        %9.2f s  (segmentation, terms, places; 2 threads; CPU %.1f s)\n",
              corpus_seconds, corpus_cpu);
  auto detectors = Steady::now();
  double detectors_cpu = CpuSeconds();
  step = Steady::now();
  analytics::SeriesSet series = analytics::BuildSeries(corpus);
  std::printf("series        %9.2f s  %zu series\n", Seconds(step), series.series.size());
  step = Steady::now();
  auto hot = analytics::FindHotIssues(corpus);
  std::printf("hot issues    %9.2f s  %zu found\n", Seconds(step), hot.size());
  step = Steady::now();
  auto emerging = analytics::FindEmerging(corpus, series);
  std::printf("emerging      %9.2f s  %zu found\n", Seconds(step), emerging.size());
  step = Steady::now();
  auto trending = analytics::FindTrending(series);
  std::printf("trending      %9.2f s  %zu found\n", Seconds(step), trending.findings.size());
  step = Steady::now();
  auto periodic = analytics::FindPeriodic(series, *calendar);
  std::printf("periodic      %9.2f s  %zu found\n", Seconds(step), periodic.findings.size());
  std::printf("analysis      %9.2f s  for %zu tickets (CPU %.1f s); peak RSS %.0f MB\n",
              corpus_seconds + Seconds(detectors), count, corpus_cpu + CpuSeconds() - detectors_cpu,
              PeakRssMb());
  return 0;
}
