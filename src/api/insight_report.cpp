#include "api/insight_report.h"

#include <cstdio>

namespace zb::api {

namespace {

using nlohmann::json;

const char* const kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

int64_t Num(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<int64_t>() : 0;
}

// "2026-03-07" → "3月7日".
std::string ShortDate(const std::string& iso) {
  auto d = ParseDate(iso);
  if (!d) return iso;
  return std::to_string(unsigned(d->month())) + "月" + std::to_string(unsigned(d->day())) + "日";
}

std::string Keywords(const json& e) {
  std::string out;
  auto it = e.find("keywords");
  if (it == e.end() || !it->is_array()) return out;
  for (const auto& k : *it) {
    if (!k.is_string()) continue;
    out += (out.empty() ? "" : "、") + k.get<std::string>();
  }
  return out;
}

// "3、4、6" from the last `n` counts of a series of {…, count}.
std::string Counts(const json& e, const char* key, size_t n) {
  auto it = e.find(key);
  if (it == e.end() || !it->is_array()) return "";
  std::string out;
  size_t from = it->size() > n ? it->size() - n : 0;
  for (size_t k = from; k < it->size(); ++k) {
    const json& c = (*it)[k];
    if (!c.is_object() || !c.contains("count") || !c["count"].is_number()) continue;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", c["count"].get<double>());
    out += (out.empty() ? "" : "、") + std::string(buf);
  }
  return out;
}

std::string Representative(const json& e) {
  auto it = e.find("representative");
  if (it == e.end() || !it->is_array() || it->empty()) return "";
  std::string out = "代表性工单：";
  size_t n = 0;
  for (const auto& t : *it) {
    if (!t.is_object() || n == 3) continue;
    out += (n++ ? "；" : "") + Str(t, "title") + "（" + Str(t, "number") + "）";
  }
  return out + "。";
}

}  // namespace

const char* FindingTypeLabel(const std::string& type) {
  if (type == "hot_issue") return "热点问题";
  if (type == "emerging") return "苗头性问题";
  if (type == "trending") return "倾向性问题";
  if (type == "periodic") return "周期性问题";
  return "其他";
}

const char* FindingStatusLabel(const std::string& status) {
  if (status == "new") return "新出现";
  if (status == "continuing") return "持续";
  if (status == "subsided") return "已消退";
  return "";
}

std::string EvidenceSentence(const store::InsightFinding& f) {
  if (!f.evidence_ok) return "（该项分析结果的存档已损坏，无法显示依据，请重新分析。）";
  const json& e = f.evidence;
  std::string s;
  if (f.type == "hot_issue") {
    s = ShortDate(Str(e, "first_date")) + "至" + ShortDate(Str(e, "last_date")) + "共 " +
        std::to_string(Num(e, "tickets")) + " 件，来电 " + std::to_string(Num(e, "callers")) +
        " 人";
    if (!Str(e, "place").empty()) s += "，地点：" + Str(e, "district") + Str(e, "place");
    s += "。";
  } else if (f.type == "emerging") {
    s = ShortDate(Str(e, "first_date")) + "起一周内 " + std::to_string(Num(e, "observed")) +
        " 件，按以往占比应约 ";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", e.value("expected", 0.0));
    s += std::string(buf) + " 件";
    if (e.value("never_seen", false)) s += "（此前未出现过）";
    s += "。";
  } else if (f.type == "trending") {
    bool rising = Str(e, "direction") == "rising";
    s = "近 " + std::to_string(e.contains("weekly") ? e["weekly"].size() : 0) + " 周持续" +
        (rising ? "上升" : "下降") + "，近 8 周每周件数（按总量折算）：" + Counts(e, "weekly", 8) +
        "。";
  } else if (f.type == "periodic") {
    if (Str(e, "period") == "year") {
      s = "每年 " + std::to_string(Num(e, "peak_month")) + " 月集中出现，预计下一高峰 " +
          Str(e, "next_peak").substr(0, 7) + "，请提前提醒有关单位。近 12 个月每月件数：" +
          Counts(e, "monthly", 12) + "。";
    } else {
      s = std::string("休息日来电明显") + (e.value("more_on_rest_days", false) ? "多" : "少") +
          "于工作日。";
    }
  }
  std::string keywords = Keywords(e);
  if (!keywords.empty()) s += "关键词：" + keywords + "。";
  s += Representative(e);
  return s;
}

namespace {

// "较上期增加 12 件（+25%）", "与上期持平", "上期没有".
std::string Change(int64_t now, int64_t before) {
  if (before == 0) return now == 0 ? "与上期持平" : "上期没有";
  if (now == before) return "与上期持平";
  int64_t diff = now - before;
  char pct[32];
  std::snprintf(pct, sizeof pct, "%+.0f%%", 100.0 * double(diff) / double(before));
  return std::string("较上期") + (diff > 0 ? "增加 " : "减少 ") +
         std::to_string(diff > 0 ? diff : -diff) + " 件（" + pct + "）";
}

std::string Span(Date from, Date to) {
  return ShortDate(FormatDate(from)) + "至" + ShortDate(FormatDate(to));
}

supervision::BulletinSection CountsSection(const InsightReport& r, bool weekly) {
  supervision::BulletinSection s;
  s.heading = std::string(kNumerals[0]) + "、来电概况";
  const char* unit = weekly ? "周" : "月";
  std::string intro = "本" + std::string(unit) + "（" + Span(r.from, r.to) + "）";
  if (!r.counted) {
    s.paragraphs.push_back(intro + "的来电件数尚无统计：本期工单尚未分析，请先运行分析。");
    return s;
  }
  s.paragraphs.push_back(intro + "受理市长公开电话工单 " + std::to_string(r.total.count) +
                         " 件，上" + unit + "（" + Span(r.previous_from, r.previous_to) + "）" +
                         std::to_string(r.total.previous) + " 件，" +
                         Change(r.total.count, r.total.previous) + "。");
  supervision::BulletinTable table;
  table.header = {"类别", "名称", "本期件数", "上期件数", "变化"};
  for (const auto& [label, list] : {std::pair{"分类", &r.categories}, {"地区", &r.districts}}) {
    for (const PeriodCount& c : *list) {
      table.rows.push_back({label, c.name, std::to_string(c.count), std::to_string(c.previous),
                            Change(c.count, c.previous)});
    }
  }
  if (!table.rows.empty()) s.table = std::move(table);
  return s;
}

}  // namespace

supervision::Bulletin InsightReportDocument(const InsightReport& report) {
  supervision::Bulletin b;
  bool weekly = report.period == "week";
  const char* unit = weekly ? "周" : "月";
  b.title = std::string("热线热点与预警分析") + (weekly ? "周报" : "月报") + "（" +
            Span(report.from, report.to) + "）";
  b.number = "";
  b.recipients = "市政府领导：";
  b.signature = "市政府办公室";
  b.date = report.date;
  supervision::BulletinSection intro;
  int64_t counts[3] = {0, 0, 0};
  for (const auto& f : report.findings) {
    counts[f.status == "new" ? 0 : f.status == "continuing" ? 1 : 2]++;
  }
  intro.paragraphs.push_back(
      "本" + std::string(unit) + "共进行热线分析 " + std::to_string(report.runs) +
      " 次，最近一次分析了 " + FormatDate(report.run.period_from) + " 至 " +
      FormatDate(report.run.period_to) + " 的工单 " + std::to_string(report.run.tickets) +
      " 件。与上" + unit + "相比，本" + unit + "新出现的问题 " + std::to_string(counts[0]) +
      " 项、持续的问题 " + std::to_string(counts[1]) + " 项，已消退 " + std::to_string(counts[2]) +
      " 项。现将有关情况报告如下。");
  b.sections.push_back(std::move(intro));
  b.sections.push_back(CountsSection(report, weekly));
  int section = 1;  // after 来电概况
  for (const char* type : {"hot_issue", "emerging", "trending", "periodic"}) {
    supervision::BulletinSection s;
    s.heading = std::string(kNumerals[section % 10]) + "、" + FindingTypeLabel(type);
    supervision::BulletinTable table;
    table.header = {"序号", "问题", "状态", "办理"};
    int n = 0;
    for (const auto& f : report.findings) {
      if (f.type != type) continue;
      ++n;
      s.paragraphs.push_back("（" + std::string(kNumerals[(n - 1) % 10]) + "）" + f.title + "【" +
                             FindingStatusLabel(f.status) + "】" + EvidenceSentence(f));
      table.rows.push_back({std::to_string(n), f.title, FindingStatusLabel(f.status),
                            f.case_id ? "已转事项 " + std::to_string(*f.case_id) : ""});
    }
    if (n == 0) s.paragraphs.push_back("本期未发现。");
    if (n > 0) s.table = std::move(table);
    b.sections.push_back(std::move(s));
    ++section;
  }
  if (report.run.notes.is_array() && !report.run.notes.empty()) {
    supervision::BulletinSection notes;
    notes.heading = std::string(kNumerals[section % 10]) + "、说明";
    for (const auto& n : report.run.notes) {
      if (n.is_object()) notes.paragraphs.push_back(Str(n, "message") + "。");
    }
    b.sections.push_back(std::move(notes));
  }
  return b;
}

}  // namespace zb::api
