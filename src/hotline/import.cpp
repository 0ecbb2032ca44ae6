#include "hotline/import.h"

#include <cmath>
#include <cstdlib>
#include <span>

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

std::string GuessRequestType(std::string_view title, std::string_view content) {
  std::string text = std::string(title) + "\n" + std::string(content);
  auto has = [&](const char* w) { return text.find(w) != std::string::npos; };
  if (has("举报")) return "report";
  if (has("咨询") || has("请问") || has("询问") || has("如何办理") || has("怎么办理")) {
    return "inquiry";
  }
  if (has("建议")) return "suggestion";
  if (has("求助") || has("请求帮助") || has("帮帮")) return "help";
  return "complaint";
}

Result<ImportPlan> PlanImport(const Table& table, const ColumnMapping& mapping,
                              const ImportOptions& options) {
  if (table.rows.empty()) return Invalid("文件为空", "the file is empty");
  std::map<std::string, size_t> column;  // target -> index
  const Row& header = table.rows[0];
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
  ImportPlan plan;
  for (size_t r = 1; r < table.rows.size(); ++r) {
    const Row& cells = table.rows[r];
    auto cell = [&](const char* target) -> std::string {
      auto it = column.find(target);
      if (it == column.end() || it->second >= cells.size()) return "";
      return std::string(target) == "content" || std::string(target) == "reply"
                 ? CleanMultiline(cells[it->second])
                 : TrimCell(cells[it->second]);
    };
    bool blank = true;
    for (const std::string& c : cells) blank = blank && TrimCell(c).empty();
    if (blank) {
      ++plan.blank_rows;
      continue;
    }
    ImportRow row;
    row.line = table.line_of[r];
    std::string title = cell("title"), content = cell("content");
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
    row.create.title = title;
    f["content"] = content;
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
    std::string type = cell("request_type");
    if (type.empty()) {
      f["request_type"] = GuessRequestType(title, content);
    } else if (auto it = RequestTypeNames().find(type); it != RequestTypeNames().end()) {
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
    for (const char* text :
         {"external_id", "caller_name", "phone", "category", "district", "address"}) {
      std::string v = cell(text);
      if (!v.empty()) f[text] = v;
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
    row.reply = cell("reply");
    if (!row.reply.empty()) {
      std::string rt = cell("replied_at");
      row.replied_at = ParseCellTime(rt);
      if (row.ok && !rt.empty() && !row.replied_at) {
        (void)RowError(row, "无法识别的答复时间：" + rt, "unreadable reply time: " + rt);
      }
      if (!row.replied_at || *row.replied_at < row.received_at) row.replied_at = row.received_at;
    }
    plan.rows.push_back(std::move(row));
  }
  (void)options.strict;
  return plan;
}

Result<ImportReport> ImportTickets(const cases::CaseEngine& engine, const cases::Actor& actor,
                                   ImportPlan plan, bool dry_run, bool strict,
                                   const ImportWrite& write) {
  ImportReport report;
  report.dry_run = dry_run;
  report.blank_rows = plan.blank_rows;
  std::vector<store::NewCase> cases;
  cases.reserve(plan.rows.size());
  for (ImportRow& row : plan.rows) {
    if (row.ok) {
      auto nc = engine.PrepareCreate(actor, row.create, row.received_at);
      if (!nc.ok()) {
        (void)RowError(row, nc.status().message(), nc.status().message_en());
      } else if (!row.reply.empty()) {
        cases::ActionRequest answer;
        answer.action = "answer";
        answer.text = row.reply;
        answer.set_fields = {{"reply", row.reply}};
        auto change = engine.Plan(actor, nc->record, answer, *row.replied_at);
        if (!change.ok()) {
          (void)RowError(row, change.status().message(), change.status().message_en());
        } else {
          nc->record = std::move(change->updated);
          nc->events.push_back(std::move(change->events.back()));
        }
      }
      if (row.ok) cases.push_back(std::move(*nc));
    }
    if (row.ok) {
      ++report.imported;
    } else {
      ++report.rejected;
    }
  }
  report.rows = std::move(plan.rows);
  if (strict && report.rejected > 0) {
    report.imported = 0;
    return report;
  }
  if (dry_run || cases.empty()) return report;
  // Every row has been checked: now the batches, one transaction each.
  size_t batch = std::max<size_t>(write.batch_rows, 1);
  size_t batches = (cases.size() + batch - 1) / batch;
  Instant now = engine.clock().Now();
  for (size_t b = 0; b < batches; ++b) {
    size_t from = b * batch, n = std::min(batch, cases.size() - from);
    store::AuditEntry a;
    a.at = now;
    a.actor_id = actor.user.id;
    a.action = "hotline.import";
    a.target = "case:{id}";  // the batch's last ticket
    a.detail = {{"file", write.source},        {"batch", b + 1},
                {"batches", batches},          {"cases", n},
                {"imported", report.imported}, {"rejected", report.rejected}};
    cases[from + n - 1].audit = std::move(a);
    auto ids = engine.store().CreateCases(std::span(cases).subspan(from, n));
    if (!ids.ok()) {
      return ids.status().WithContext(
          "已导入 " + std::to_string(from) + " 件（前 " + std::to_string(b) + " 批）后写入失败",
          "writing failed after " + std::to_string(from) + " tickets (" + std::to_string(b) +
              " batches) were imported");
    }
    // The written batch is no longer needed: free its memory for the next ones.
    for (size_t i = from; i < from + n; ++i) cases[i] = store::NewCase();
  }
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
