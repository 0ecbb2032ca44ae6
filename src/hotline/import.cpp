#include "hotline/import.h"

#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <thread>
#include <utility>

#include "hotline/text_clean.h"

namespace zb::hotline {

namespace {

const std::map<std::string, std::vector<std::string>>& Aliases() {
  static const std::map<std::string, std::vector<std::string>> a = {
      {"external_id", {"留言编号", "工单编号", "编号"}},
      {"caller_name", {"留言用户", "来电人", "姓名", "诉求人"}},
      {"phone", {"联系电话", "电话", "手机", "来电号码"}},
      {"title", {"留言主题", "标题", "主题"}},
      {"received_at", {"留言时间", "来电时间", "受理时间", "时间"}},
      {"content", {"留言详情", "诉求内容", "内容", "详情"}},
      {"category", {"一级分类", "问题分类", "分类"}},
      {"request_type", {"诉求类型"}},
      {"channel", {"来源渠道", "渠道", "来源"}},
      {"district", {"所属区县", "区县", "区域"}},
      {"address", {"地址", "发生地点"}},
      {"votes_up", {"点赞数"}},
      {"votes_down", {"反对数"}},
      {"reply", {"答复意见", "答复内容", "回复"}},
      {"replied_at", {"答复时间", "回复时间"}},
  };
  return a;
}

const std::map<std::string, std::string>& RequestTypeNames() {
  static const std::map<std::string, std::string> m = {
      {"咨询", "inquiry"},    {"求助", "help"},
      {"投诉", "complaint"},  {"举报", "report"},
      {"建议", "suggestion"}, {"inquiry", "inquiry"},
      {"help", "help"},       {"complaint", "complaint"},
      {"report", "report"},   {"suggestion", "suggestion"}};
  return m;
}

const std::map<std::string, std::string>& ChannelNames() {
  static const std::map<std::string, std::string> m = {
      {"电话", "phone"},  {"来电", "phone"},   {"网站", "web"},        {"网络", "web"},
      {"留言", "web"},    {"网上留言", "web"}, {"app", "app"},         {"APP", "app"},
      {"信件", "letter"}, {"来信", "letter"},  {"open311", "open311"}, {"phone", "phone"},
      {"web", "web"},     {"letter", "letter"}};
  return m;
}

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The first `n` code points of `s`.
std::string Prefix(std::string_view s, size_t n) {
  size_t i = 0, count = 0;
  while (i < s.size() && count < n) {
    auto c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++count;
  }
  return std::string(s.substr(0, std::min(i, s.size())));
}

std::optional<Instant> FromExcelSerial(std::string_view s) {
  std::string text(s);
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !(v >= 1 && v < 2958466)) return std::nullopt;
  // Day 0 is 1899-12-30 (Excel's 1900 leap-year bug is absorbed by that origin after 1900-03-01).
  double secs = std::round((v - 25569.0) * 86400.0);
  return FromChinaLocal(LocalTime{std::chrono::seconds{static_cast<int64_t>(secs)}});
}

Status RowError(ImportRow& row, const std::string& zh, const std::string& en) {
  row.ok = false;
  row.reason = zh;
  row.reason_en = en;
  return Status();
}

}  // namespace

const std::vector<std::string>& ImportTargets() {
  static const std::vector<std::string> t = {
      "external_id", "caller_name", "phone",        "title",   "received_at",
      "content",     "category",    "request_type", "channel", "district",
      "address",     "votes_up",    "votes_down",   "reply",   "replied_at"};
  return t;
}

ColumnMapping AutoMapping(const Row& header) {
  ColumnMapping m;
  for (const std::string& raw : header) {
    std::string h = TrimCell(raw);
    if (h.empty()) continue;
    for (const auto& [target, names] : Aliases()) {
      if (m.count(target)) continue;
      bool match = h == target;
      for (const std::string& n : names) match = match || h == n;
      if (match) {
        m[target] = h;
        break;
      }
    }
  }
  return m;
}

std::optional<Instant> ParseCellTime(std::string_view cell) {
  std::string s = TrimCell(cell);
  if (s.empty()) return std::nullopt;
  if (auto serial = FromExcelSerial(s)) return serial;
  // Numbers in order: year, month, day, hour, minute, second; any separators.
  std::vector<int> n;
  std::string digits;
  for (char c : s + " ") {
    if (c >= '0' && c <= '9') {
      digits += c;
      if (digits.size() > 4) return std::nullopt;
    } else if (!digits.empty()) {
      n.push_back(std::atoi(digits.c_str()));
      digits.clear();
    }
  }
  if (n.size() < 3 || n.size() > 6 || n[0] < 1900 || n[0] > 2200) return std::nullopt;
  while (n.size() < 6) n.push_back(0);
  Date d{std::chrono::year{n[0]}, std::chrono::month{static_cast<unsigned>(n[1])},
         std::chrono::day{static_cast<unsigned>(n[2])}};
  if (!d.ok() || n[3] > 23 || n[4] > 59 || n[5] > 60) return std::nullopt;
  return ChinaMidnight(d) + std::chrono::hours(n[3]) + std::chrono::minutes(n[4]) +
         std::chrono::seconds(n[5]);
}

namespace {

// The request types GuessRequestType knows, in the order they win.
enum GuessedType { kReport, kInquiry, kSuggestion, kHelp, kGuessedTypes };
struct TypeWord {
  std::string_view word;
  GuessedType type;
};
constexpr TypeWord kTypeWords[] = {
    {"举报", kReport},      {"咨询", kInquiry},     {"请问", kInquiry},    {"询问", kInquiry},
    {"如何办理", kInquiry}, {"怎么办理", kInquiry}, {"建议", kSuggestion}, {"求助", kHelp},
    {"请求帮助", kHelp},    {"帮帮", kHelp}};

// The code point of the three-byte UTF-8 sequence at p (a CJK character), or 0.
uint32_t ThreeByteCodePoint(const unsigned char* p) {
  return (p[0] & 0x0F) << 12 | (p[1] & 0x3F) << 6 | (p[2] & 0x3F);
}

// Sets a bit of `found` for each type whose word occurs in `s`: one pass over the text, a word
// compared only where a character that begins one of them stands.
void FindTypeWords(std::string_view s, unsigned& found) {
  static const std::vector<bool> starts = [] {
    std::vector<bool> v(0x10000);
    for (const TypeWord& w : kTypeWords) {
      v[ThreeByteCodePoint(reinterpret_cast<const unsigned char*>(w.word.data()))] = true;
    }
    return v;
  }();
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (size_t i = 0; i + 3 <= s.size();) {
    if (p[i] < 0xE0 || p[i] >= 0xF0) {
      ++i;
      continue;
    }
    if (starts[ThreeByteCodePoint(p + i)]) {
      for (const TypeWord& w : kTypeWords) {
        if (s.substr(i, w.word.size()) == w.word) found |= 1u << w.type;
      }
    }
    i += 3;
  }
}

}  // namespace

std::string GuessRequestType(std::string_view title, std::string_view content) {
  unsigned found = 0;
  FindTypeWords(title, found);
  FindTypeWords(content, found);
  static constexpr const char* kNames[kGuessedTypes] = {"report", "inquiry", "suggestion", "help"};
  for (int t = 0; t < kGuessedTypes; ++t) {
    if (found & (1u << t)) return kNames[t];
  }
  return "complaint";
}

namespace {

using ColumnIndex = std::map<std::string, size_t>;  // target -> the column's index

Result<ColumnIndex> ResolveColumns(const Row& header, const ColumnMapping& mapping) {
  ColumnIndex column;
  for (const auto& [target, name] : mapping) {
    if (std::find(ImportTargets().begin(), ImportTargets().end(), target) ==
        ImportTargets().end()) {
      return Invalid("未知的导入字段：" + target, "unknown import field: " + target);
    }
    bool found = false;
    for (size_t i = 0; i < header.size() && !found; ++i) {
      if (TrimCell(header[i]) == name) {
        column[target] = i;
        found = true;
      }
    }
    if (!found) {
      return Invalid("文件中没有列「" + name + "」", "the file has no column \"" + name + "\"");
    }
  }
  if (!column.count("title") && !column.count("content")) {
    return Invalid("列不匹配：需要“留言主题”或“留言详情”列",
                   "wrong columns: a title or content column is required");
  }
  if (!column.count("received_at")) {
    return Invalid("列不匹配：需要“留言时间”列", "wrong columns: a received_at column is required");
  }
  return column;
}

using RowSink = std::function<void(ImportRow&&)>;

// Plans the data rows of `table` from `first` on, handing each to `take`; a blank row is
// counted in `blank_rows`, not planned. With `check_cells` (a part of a file read a part at a
// time), a row that is not valid UTF-8, or whose quote is never closed, is rejected for it.
void PlanRows(const Table& table, size_t first, const ColumnIndex& column,
              const ImportOptions& options, bool check_cells, int& blank_rows,
              const RowSink& take) {
  for (size_t r = first; r < table.rows.size(); ++r) {
    const Row& cells = table.rows[r];
    if (check_cells) {
      Status bad;
      if (!CheckUtf8(cells, table.line_of[r]).ok()) {
        bad = Invalid("不是有效的 UTF-8 文本", "not valid UTF-8");
      } else if (table.unterminated_quote && r + 1 == table.rows.size()) {
        bad = Invalid("引号未闭合（此行直到文件末尾）",
                      "a quote is never closed (to the end of the file)");
      }
      if (!bad.ok()) {
        ImportRow row;
        row.line = table.line_of[r];
        (void)RowError(row, bad.message(), bad.message_en());
        take(std::move(row));
        continue;
      }
    }
    auto raw = [&](const char* target) -> std::string_view {
      auto it = column.find(target);
      if (it == column.end() || it->second >= cells.size()) return {};
      return cells[it->second];
    };
    auto cell = [&](const char* target) { return TrimCell(raw(target)); };
    auto text = [&](const char* target) { return CleanMultiline(raw(target)); };
    bool blank = true;
    for (const std::string& c : cells) blank = blank && Trimmed(c).empty();
    if (blank) {
      ++blank_rows;
      continue;
    }
    ImportRow row;
    row.line = table.line_of[r];
    std::string title = cell("title"), content = text("content");
    row.create.kind = "hotline";
    nlohmann::json& f = row.create.fields;
    if (title.empty() && content.empty()) {
      (void)RowError(row, "缺少主题和内容", "no title and no content");
    } else if (CodePointCount(content) > 20000) {
      (void)RowError(row, "内容超过 20000 字", "the content is longer than 20000 characters");
    }
    if (title.empty()) title = Prefix(content, 30);
    if (content.empty()) content = title;
    if (CodePointCount(title) > 200) title = Prefix(title, 200);
    std::string type = cell("request_type");
    if (type.empty()) type = GuessRequestType(title, content);  // before they move
    row.create.title = std::move(title);
    f["content"] = std::move(content);
    std::string when = cell("received_at");
    auto at = ParseCellTime(when);
    if (row.ok && !at) {
      (void)RowError(row, when.empty() ? "缺少留言时间" : "无法识别的时间：" + when,
                     when.empty() ? "no time given" : "unreadable time: " + when);
    }
    if (at) {
      row.received_at = *at;
      f["received_at"] = FormatChinaMinute(*at);
    }
    if (auto it = RequestTypeNames().find(type); it != RequestTypeNames().end()) {
      f["request_type"] = it->second;
    } else if (row.ok) {
      (void)RowError(row, "未知的诉求类型：" + type, "unknown request type: " + type);
    }
    std::string channel = cell("channel");
    if (channel.empty()) {
      f["channel"] = options.default_channel;
    } else if (auto it = ChannelNames().find(channel); it != ChannelNames().end()) {
      f["channel"] = it->second;
    } else if (row.ok) {
      (void)RowError(row, "未知的来源渠道：" + channel, "unknown channel: " + channel);
    }
    for (const char* name :
         {"external_id", "caller_name", "phone", "category", "district", "address"}) {
      std::string v = cell(name);
      if (!v.empty()) f[name] = std::move(v);
    }
    for (const char* num : {"votes_up", "votes_down"}) {
      std::string v = cell(num);
      if (v.empty()) continue;
      char* end = nullptr;
      double d = std::strtod(v.c_str(), &end);
      if (end == v.c_str() + v.size() && d >= 0) {
        f[num] = static_cast<int64_t>(d);
      } else if (row.ok) {
        (void)RowError(row, std::string("不是数字：") + v, std::string("not a number: ") + v);
      }
    }
    row.reply = text("reply");
    if (!row.reply.empty()) {
      std::string rt = cell("replied_at");
      row.replied_at = ParseCellTime(rt);
      if (row.ok && !rt.empty() && !row.replied_at) {
        (void)RowError(row, "无法识别的答复时间：" + rt, "unreadable reply time: " + rt);
      }
      if (!row.replied_at || *row.replied_at < row.received_at) row.replied_at = row.received_at;
    }
    take(std::move(row));
  }
}

}  // namespace

Result<ImportPlan> PlanImport(const Table& table, const ColumnMapping& mapping,
                              const ImportOptions& options) {
  if (table.rows.empty()) return Invalid("文件为空", "the file is empty");
  ZB_ASSIGN_OR_RETURN(ColumnIndex column, ResolveColumns(table.rows[0], mapping));
  ImportPlan plan;
  PlanRows(table, 1, column, options, false, plan.blank_rows,
           [&](ImportRow&& row) { plan.rows.push_back(std::move(row)); });
  return plan;
}

namespace {

// Checks `row` with the engine at its original time: the ticket to write, or nothing when the
// row is (or now becomes) rejected. Unless the report keeps the row, its request moves into the
// ticket (a rejected row keeps its title and reason).
std::optional<store::NewCase> PrepareRow(const cases::CaseEngine& engine, const cases::Actor& actor,
                                         ImportRow& row, bool kept) {
  if (!row.ok) return std::nullopt;
  auto nc = [&]() -> Result<store::NewCase> {
    if (kept) return engine.PrepareCreate(actor, row.create, row.received_at);
    std::string title = row.create.title;
    auto moved = engine.PrepareCreate(actor, std::move(row.create), row.received_at);
    row.create.title = std::move(title);
    return moved;
  }();
  if (!nc.ok()) {
    (void)RowError(row, nc.status().message(), nc.status().message_en());
    return std::nullopt;
  }
  if (!row.reply.empty()) {
    cases::ActionRequest answer;
    answer.action = "answer";
    answer.text = row.reply;
    answer.set_fields = {{"reply", row.reply}};
    auto change = engine.Plan(actor, nc->record, answer, *row.replied_at);
    if (!change.ok()) {
      (void)RowError(row, change.status().message(), change.status().message_en());
      return std::nullopt;
    }
    nc->record = std::move(change->updated);
    nc->events.push_back(std::move(change->events.back()));
  }
  return std::move(*nc);
}

// Counts `row` in `report`, keeping it if it is among the first kReportRows or rejected (a
// rejected row past those keeps its line, title and reason, not its text).
void Tally(ImportReport& report, ImportRow&& row) {
  ++(row.ok ? report.imported : report.rejected);
  if (report.rows.size() < kReportRows) {
    report.rows.push_back(std::move(row));
  } else if (!row.ok) {
    row.create.fields = nlohmann::json::object();
    row.reply.clear();
    report.rows.push_back(std::move(row));
  }
}

using TicketSink = std::function<void(store::NewCase&&)>;

// Checks `row` and counts it in `report`; its ticket, if accepted, goes to `take` (if given).
void CheckRow(const cases::CaseEngine& engine, const cases::Actor& actor, ImportRow&& row,
              ImportReport& report, const TicketSink& take) {
  bool kept = report.rows.size() < kReportRows;
  std::optional<store::NewCase> nc = PrepareRow(engine, actor, row, kept);
  if (nc && take) take(std::move(*nc));
  Tally(report, std::move(row));
}

// Writes checked tickets in transactions of `write.batch_rows` while the caller checks the next
// ones. The caller's thread also prepares each ticket for writing as it comes (a
// store::CasePreparer: its JSON text, freeing its JSON values on the thread that made them, while
// they are still in the processor's cache); a thread of its own
// completes it (store::PreparedCases::Complete: the keyword index's segments), and another writes
// the batch before it. A full batch is sent on once one more ticket is known, so the last batch
// is known: its audit record carries the import's totals. Destroyed without Finish (the caller
// stopped), it writes nothing more.
class BatchWriter {
 public:
  BatchWriter(const cases::CaseEngine& engine, const cases::Actor& actor, const ImportWrite& write)
      : engine_(engine),
        actor_(actor),
        write_(write),
        batch_(std::max<size_t>(write.batch_rows, 1)),
        preparer_(engine.store().NewCasePreparer()),
        completing_([this] { Complete(); }),
        writing_([this] { Run(); }) {}

  ~BatchWriter() {
    {
      std::lock_guard lock(mu_);
      abandoned_ = !ending_;
      ending_ = true;
    }
    cv_.notify_all();
    completing_.join();
    writing_.join();
  }

  // Takes a ticket; false once a write has failed (Finish says why).
  bool Add(store::NewCase&& nc) {
    if (failed_) return false;
    if (filling_ == batch_ && !Send(nullptr)) {
      failed_ = true;
      return false;
    }
    preparer_->Add(std::move(nc));
    ++filling_;
    return true;
  }

  // Writes the rest as the last batch, with the import's totals; the first failure, if any.
  Status Finish(const ImportReport& report) {
    if (filling_ > 0 && !failed_) (void)Send(&report);
    std::unique_lock lock(mu_);
    ending_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return done_; });
    return error_;
  }

 private:
  // Batches waiting before each of the two stages. Since each ticket is prepared as it comes,
  // the writing stage is the slowest (it waits on the disk: 7 GB written for 1M tickets, the WAL
  // and the database), and a second batch queued gains nothing (19.1 s either way) but costs
  // memory (peak RSS 1.8 GB with one, 2.3 GB with two).
  static constexpr size_t kQueued = 1;

  struct Batch {
    std::unique_ptr<store::PreparedCases> cases;
    std::optional<std::pair<int, int>> totals;  // the last batch: imported, rejected
  };

  // Queues the batch filled; waits while kQueued are queued already.
  bool Send(const ImportReport* last) {
    Batch b{preparer_->Take(), std::nullopt};
    filling_ = 0;
    if (last) b.totals = std::make_pair(last->imported, last->rejected);
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return to_complete_.size() < kQueued || done_; });
    if (done_) return false;
    to_complete_.push_back(std::move(b));
    cv_.notify_all();
    return true;
  }

  // The middle stage: completes each batch and queues it for writing (kQueued waiting at most).
  void Complete() {
    while (true) {
      Batch b;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !to_complete_.empty() || ending_; });
        if (abandoned_ || to_complete_.empty()) break;
        b = std::move(to_complete_.front());
        to_complete_.pop_front();
        cv_.notify_all();
      }
      b.cases->Complete();
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return to_write_.size() < kQueued || done_ || abandoned_; });
      if (done_ || abandoned_) break;
      to_write_.push_back(std::move(b));
      cv_.notify_all();
    }
    std::lock_guard lock(mu_);
    completed_all_ = true;
    cv_.notify_all();
  }

  // The last stage: writes the batches in order until one fails.
  void Run() {
    Status s;
    while (s.ok()) {
      Batch b;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [&] { return !to_write_.empty() || completed_all_ || abandoned_; });
        if (abandoned_) return;
        if (to_write_.empty()) break;
        b = std::move(to_write_.front());
        to_write_.pop_front();
        cv_.notify_all();
      }
      s = WriteBatch(b);
    }
    std::lock_guard lock(mu_);
    error_ = s;
    done_ = true;
    cv_.notify_all();
  }

  Status WriteBatch(Batch& b) {
    std::vector<store::NewCase>& cases = b.cases->cases;
    ++batch_no_;
    store::AuditEntry a;
    a.at = engine_.clock().Now();
    a.actor_id = actor_.user.id;
    a.action = "hotline.import";
    a.target = "case:{id}";  // the batch's last ticket
    a.detail = {{"file", write_.source}, {"batch", batch_no_}, {"cases", cases.size()}};
    if (b.totals) {
      a.detail["batches"] = batch_no_;
      a.detail["imported"] = b.totals->first;
      a.detail["rejected"] = b.totals->second;
    }
    cases.back().audit = std::move(a);
    auto ids = engine_.store().CreatePrepared(*b.cases);
    if (!ids.ok()) {
      return ids.status().WithContext("已导入 " + std::to_string(written_) + " 件（前 " +
                                          std::to_string(batch_no_ - 1) + " 批）后写入失败",
                                      "writing failed after " + std::to_string(written_) +
                                          " tickets (" + std::to_string(batch_no_ - 1) +
                                          " batches) were imported");
    }
    written_ += static_cast<int64_t>(cases.size());
    b.cases.reset();
    if (write_.progress) write_.progress(written_);
    return Status();
  }

  const cases::CaseEngine& engine_;
  const cases::Actor& actor_;
  const ImportWrite& write_;
  const size_t batch_;
  std::unique_ptr<store::CasePreparer> preparer_;  // the caller's thread's
  size_t filling_ = 0;                             // the caller's: tickets in the preparer's batch
  bool failed_ = false;                            // the caller's: a batch could not be queued
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> to_complete_, to_write_;
  bool ending_ = false, abandoned_ = false, completed_all_ = false, done_ = false;
  Status error_;
  int batch_no_ = 0;        // the writing thread's
  int64_t written_ = 0;     // the writing thread's
  std::thread completing_;  // last: they start once the members above exist
  std::thread writing_;
};

// One pass over a CSV file: each part planned and checked, and handed to `writer` if given.
Result<ImportReport> CsvPass(const cases::CaseEngine& engine, const cases::Actor& actor,
                             const std::string& path, ColumnMapping& mapping,
                             const ImportOptions& options, size_t part_bytes, BatchWriter* writer) {
  ZB_ASSIGN_OR_RETURN(CsvFileReader reader, CsvFileReader::Open(path));
  ImportReport report;
  std::optional<ColumnIndex> column;
  while (true) {
    ZB_ASSIGN_OR_RETURN(std::optional<Table> part, reader.Next(part_bytes));
    if (!part) break;
    size_t first = 0;
    if (!column) {
      if (Status s = CheckUtf8(part->rows[0], part->line_of[0]); !s.ok()) return s;
      if (mapping.empty()) mapping = AutoMapping(part->rows[0]);
      ZB_ASSIGN_OR_RETURN(column, ResolveColumns(part->rows[0], mapping));
      first = 1;
    }
    // Each row checked and prepared as it is read, while its values are in the cache.
    bool stopped = false;
    TicketSink write;
    if (writer)
      write = [&](store::NewCase&& nc) { stopped = stopped || !writer->Add(std::move(nc)); };
    PlanRows(*part, first, *column, options, true, report.blank_rows,
             [&](ImportRow&& row) { CheckRow(engine, actor, std::move(row), report, write); });
    if (stopped) break;  // Finish says why
  }
  if (!column) return Invalid("文件为空", "the file is empty");
  return report;
}

}  // namespace

Result<ImportReport> ImportTickets(const cases::CaseEngine& engine, const cases::Actor& actor,
                                   ImportPlan plan, bool dry_run, bool strict,
                                   const ImportWrite& write) {
  ImportReport report;
  report.dry_run = dry_run;
  std::vector<store::NewCase> cases;
  cases.reserve(plan.rows.size());
  report.blank_rows = plan.blank_rows;
  for (ImportRow& row : plan.rows) {
    CheckRow(engine, actor, std::move(row), report,
             [&](store::NewCase&& nc) { cases.push_back(std::move(nc)); });
  }
  if (strict && report.rejected > 0) {
    report.imported = 0;
    return report;
  }
  if (dry_run || cases.empty()) return report;
  BatchWriter writer(engine, actor, write);
  for (store::NewCase& nc : cases) {
    if (!writer.Add(std::move(nc))) break;  // Finish says why
  }
  ZB_RETURN_IF_ERROR(writer.Finish(report));
  return report;
}

Result<ImportReport> ImportCsvFile(const cases::CaseEngine& engine, const cases::Actor& actor,
                                   const std::string& path, ColumnMapping& mapping,
                                   const ImportOptions& options, bool dry_run, bool strict,
                                   const ImportWrite& write) {
  if (dry_run || strict) {
    ZB_ASSIGN_OR_RETURN(ImportReport check,
                        CsvPass(engine, actor, path, mapping, options, write.part_bytes, nullptr));
    check.dry_run = dry_run;
    if (strict && check.rejected > 0) check.imported = 0;
    if (dry_run || check.rejected > 0) return check;
  }
  BatchWriter writer(engine, actor, write);
  ZB_ASSIGN_OR_RETURN(ImportReport report,
                      CsvPass(engine, actor, path, mapping, options, write.part_bytes, &writer));
  ZB_RETURN_IF_ERROR(writer.Finish(report));
  return report;
}

nlohmann::json ImportReportJson(const ImportReport& r, size_t max_rows) {
  nlohmann::json rows = nlohmann::json::array();
  for (const ImportRow& row : r.rows) {
    if (rows.size() >= max_rows) break;
    nlohmann::json j = {{"line", row.line}, {"ok", row.ok}, {"title", row.create.title}};
    if (row.ok) {
      j["received_at"] = FormatIso(row.received_at);
      j["request_type"] = row.create.fields.value("request_type", "");
      j["closed"] = !row.reply.empty();
    } else {
      j["reason"] = row.reason;
      j["reason_en"] = row.reason_en;
    }
    rows.push_back(j);
  }
  return {{"imported", r.imported},
          {"rejected", r.rejected},
          {"blank_rows", r.blank_rows},
          {"dry_run", r.dry_run},
          {"rows", rows},
          {"rows_truncated", r.rows.size() > max_rows}};
}

}  // namespace zb::hotline
