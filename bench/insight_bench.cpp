// Full hotline-insight analysis of a generated stream, read as it is generated (the tickets are
// never all held): segmentation and terms (corpus), series,
// hot issues, emerging, trending and periodic problems. Prints each step's time, the peak RSS and a
// digest of the results (equal digests, equal results: how a speed-up is checked).
//
//   insight_bench [--tickets N] [--years Y] [--root DIR]     (defaults: 1000000, 3, .)
//   insight_bench --csv FILE [--threads T] [--root DIR] [--peer]
//       the emerging-term step alone (segmentation, terms, series, emerging) on the tickets of a
//       CSV written by `zhengban insight generate`; with --peer also bench/insight_peer.py (jieba +
//       pandas) on the same file, and the ratio of the two times (wall and CPU)
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
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

// CPU time of the calling thread.
double ThreadCpuSeconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
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

// The emerging-term step on the tickets of `csv`, the work bench/insight_peer.py does in Python.
double Field(const std::string& line, const std::string& key) {
  size_t at = line.find(key + "=");
  return at == std::string::npos ? 0 : std::atof(line.c_str() + at + key.size() + 1);
}

// Runs the Python peer on `csv`; returns its last line.
std::string RunPeer(const std::string& root, const std::string& csv) {
  std::string command = "/usr/bin/python3 '" + root + "/bench/insight_peer.py' '" + csv + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) Die("cannot run " + command);
  std::string last;
  char line[4096];
  while (std::fgets(line, sizeof line, pipe)) last = line;
  if (pclose(pipe) != 0) Die("the peer failed: " + command);
  return last;
}

int EmergingStep(const std::string& csv, int threads, const analytics::TermExtractor& extractor,
                 const std::string& peer_root) {
  std::ifstream in(csv, std::ios::binary);
  if (!in) Die("cannot read " + csv);
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto file = analytics::ParseMessageCsv(buffer.str());
  if (!file.ok()) Die(file.status().ToString());
  auto start = Steady::now();
  double cpu = CpuSeconds();
  analytics::CorpusBuilder builder(extractor, threads);
  size_t count = file->tickets.size();
  for (analytics::Ticket& t : file->tickets) builder.Add(std::move(t));
  analytics::Corpus corpus = builder.Finish();
  analytics::SeriesSet series = analytics::BuildSeries(corpus);
  auto emerging = analytics::FindEmerging(corpus, series);
  size_t terms = 0;
  for (const auto& f : emerging) terms += f.kind == analytics::SeriesKind::kTerm;
  double seconds = Seconds(start), cpu_seconds = CpuSeconds() - cpu;
  std::printf("cpp_seconds=%.3f cpu_seconds=%.3f threads=%d tickets=%zu emerging=%zu terms=%zu\n",
              seconds, cpu_seconds, threads, count, emerging.size(), terms);
  if (peer_root.empty()) return 0;
  std::string peer = RunPeer(peer_root, csv);
  std::printf("%s", peer.c_str());
  std::printf("speed ratio (Python / C++): wall %.1fx, CPU %.1fx\n",
              Field(peer, "peer_seconds") / seconds, Field(peer, "peer_cpu_seconds") / cpu_seconds);
  return 0;
}

// FNV-1a over what the analysis produced (the corpus's features and every finding), so two builds
// can be checked to give the same results: a speed-up must not change the digest.
struct Digest {
  uint64_t h = 1469598103934665603ull;
  void Bytes(const void* data, size_t size) {
    for (size_t i = 0; i < size; ++i)
      h = (h ^ static_cast<const unsigned char*>(data)[i]) * 1099511628211ull;
  }
  void Text(std::string_view s) { Bytes(s.data(), s.size()), Bytes("", 1); }
  template <typename T>
  void Array(const std::vector<T>& v) {
    Bytes(v.data(), v.size() * sizeof(T));
  }
};

uint64_t DigestOf(const analytics::Corpus& c, const std::vector<analytics::HotIssue>& hot,
                  const std::vector<analytics::EmergingFinding>& emerging,
                  const analytics::TrendingResult& trending,
                  const analytics::PeriodicResult& periodic, uint64_t parts[3]) {
  Digest d;
  // Term ids follow the tickets' order; place ids follow whichever thread met a place first, so
  // places are hashed by name.
  for (const std::string& term : c.terms) d.Text(term);
  d.Array(c.term_offsets), d.Array(c.term_ids), d.Array(c.term_weights);
  d.Array(c.place_offsets), d.Array(c.district_of), d.Array(c.category_of), d.Array(c.day_of);
  for (uint32_t p : c.place_ids) {
    d.Text(c.places[p]), d.Text(c.place_keys[c.place_key[p]]);
    d.Bytes(&c.place_level[p], sizeof c.place_level[p]);
  }
  for (const auto* names : {&c.districts, &c.categories})
    for (const std::string& name : *names) d.Text(name);
  parts[0] = d.h;
  for (const analytics::HotIssue& h : hot) {
    d.Text(h.title);
    d.Array(h.tickets);
    d.Bytes(&h.heat, sizeof h.heat);
  }
  parts[1] = d.h;
  // Emerging findings of equal surprise come in no particular order: they are hashed sorted.
  std::vector<std::pair<double, std::vector<std::string>>> found;
  for (const analytics::EmergingFinding& f : emerging) found.push_back({f.surprise, f.names});
  std::sort(found.begin(), found.end());
  for (const auto& [surprise, names] : found) {
    for (const std::string& name : names) d.Text(name);
    d.Bytes(&surprise, sizeof surprise);
  }
  parts[2] = d.h;
  size_t counts[] = {trending.findings.size(), periodic.findings.size()};
  d.Bytes(counts, sizeof counts);
  return d.h;
}

}  // namespace

int main(int argc, char** argv) {
  size_t tickets = 1000000;
  int years = 3;
  std::string root = ".", csv;
  int threads = 2;
  bool peer = false;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--peer") {
      peer = true;
      continue;
    }
    if (i + 1 == argc) Die("no value for " + flag);
    const char* value = argv[++i];
    if (flag == "--csv") csv = value;
    if (flag == "--threads") threads = std::atoi(value);
    if (flag == "--tickets") tickets = std::strtoull(value, nullptr, 10);
    if (flag == "--years") years = std::atoi(value);
    if (flag == "--root") root = value;
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
  if (!csv.empty()) return EmergingStep(csv, threads, extractor, peer ? root : "");

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
  // batches and dropped, so memory holds only each ticket's features. The builder's threads
  // analyse a batch while this thread generates the next, so the two overlap: the stream's wall
  // time includes the generation. Generation CPU is this thread's CPU outside the batch-ending Add
  // calls (which wait for the previous batch and merge it); the rest of the CPU is the corpus's.
  constexpr size_t batch = 20000;
  analytics::CorpusBuilder builder(extractor, 2, batch);
  double builder_thread_cpu = 0, thread_start = ThreadCpuSeconds(), cpu_start = CpuSeconds();
  size_t count = 0;
  analytics::GenerateStream(templates->tickets, *calendar, options, [&](analytics::Ticket t) {
    if (++count % batch != 0) return builder.Add(std::move(t));
    double cpu = ThreadCpuSeconds();
    builder.Add(std::move(t));
    builder_thread_cpu += ThreadCpuSeconds() - cpu;
  });
  double generate_cpu = ThreadCpuSeconds() - thread_start - builder_thread_cpu;
  analytics::Corpus corpus = builder.Finish();
  double stream_seconds = Seconds(start), stream_cpu = CpuSeconds() - cpu_start;
  std::printf(
      "generate             —     %zu tickets over %d days (CPU %.1f s, overlapping the corpus)\n",
      count, options.days, generate_cpu);
  std::printf(
      "corpus        %9.2f s  (segmentation, terms, places; 2 threads; CPU %.1f s, of it %.1f s "
      "merging batches; wall includes generation)\n",
      stream_seconds, stream_cpu - generate_cpu, builder_thread_cpu);
  auto detectors = Steady::now();
  double detectors_cpu = CpuSeconds();
  auto step = Steady::now();
  analytics::SeriesSet series = analytics::BuildSeries(corpus);
  std::printf("series        %9.2f s  %zu series (%zu terms, %zu places)\n", Seconds(step),
              series.series.size(), corpus.terms.size(), corpus.places.size());
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
  std::printf(
      "analysis      %9.2f s  for %zu tickets (CPU %.1f s; generation CPU excluded, its time not); "
      "peak RSS %.0f MB\n",
      stream_seconds + Seconds(detectors), count,
      stream_cpu - generate_cpu + CpuSeconds() - detectors_cpu, PeakRssMb());
  uint64_t parts[3];
  uint64_t digest = DigestOf(corpus, hot, emerging, trending, periodic, parts);
  std::printf(
      "digest        %016llx  (of the features and findings: equal digests, equal results; after "
      "the corpus %016llx, hot issues %016llx, emerging %016llx)\n",
      static_cast<unsigned long long>(digest), static_cast<unsigned long long>(parts[0]),
      static_cast<unsigned long long>(parts[1]), static_cast<unsigned long long>(parts[2]));
  return 0;
}
