#include "supervision/bulletin.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "supervision/case_scan.h"
#include "supervision/on_time.h"

namespace zb::supervision {

namespace {

std::string Num(double v, int decimals = 1) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string Percent(const std::optional<double>& rate) {
  return rate ? Num(*rate * 100) + "%" : "—";
}

std::string ChineseDate(Instant t) {
  Date d = ChinaDate(t);
  return std::to_string(static_cast<int>(d.year())) + "年" +
         std::to_string(static_cast<unsigned>(d.month())) + "月" +
         std::to_string(static_cast<unsigned>(d.day())) + "日";
}

const char* kOrdinals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

struct KindCounts {
  int received = 0, closed = 0, outstanding = 0, overdue = 0;
};

KindCounts CountKind(const std::vector<const store::CaseRecord*>& cases, Instant from, Instant to,
                     Instant now) {
  KindCounts k;
  for (const auto* c : cases) {
    if (c->created_at >= to) continue;
    if (c->created_at >= from) ++k.received;
    if (c->closed_at && *c->closed_at >= from && *c->closed_at < to) ++k.closed;
    if (!c->closed_at || *c->closed_at >= to) {
      ++k.outstanding;
      if (c->due_at && *c->due_at < std::min(now, to)) ++k.overdue;
    }
  }
  return k;
}

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

const std::vector<std::string>& SupervisedKinds() {
  static const std::vector<std::string> kinds = {"instruction", "assignment", "deputy_suggestion",
                                                 "cppcc_proposal", "key_project"};
  return kinds;
}

Result<std::pair<Instant, Instant>> MonthBounds(const std::string& month) {
  int y = 0, m = 0;
  char tail = 0;
  if (month.size() != 7 || std::sscanf(month.c_str(), "%4d-%2d%c", &y, &m, &tail) != 2 ||
      y < 2000 || y > 2100 || m < 1 || m > 12) {
    return Invalid("月份应为“年-月”，如 2026-03：" + month, "a month looks like 2026-03: " + month);
  }
  Date first{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
             std::chrono::day{1}};
  Date next = first + std::chrono::months{1};
  return std::make_pair(ChinaMidnight(first), ChinaMidnight(next));
}

Result<Bulletin> BuildBulletin(const BulletinInput& in, const BulletinOptions& opt, Instant now) {
  ZB_ASSIGN_OR_RETURN(auto bounds, MonthBounds(opt.month));
  auto [from, to] = bounds;
  Instant at = std::min(now, to);  // lights as they stood at the month's end (or now)
  auto unit_name = [&](std::optional<store::Id> id) -> std::string {
    if (!id) return "未交办";
    auto it = in.unit_names.find(*id);
    return it == in.unit_names.end() ? "#" + std::to_string(*id) : it->second;
  };
  std::map<std::string, std::vector<const store::CaseRecord*>> by_kind;
  for (const auto& c : in.cases) by_kind[c.kind].push_back(&c);
  int y = std::stoi(opt.month.substr(0, 4)), m = std::stoi(opt.month.substr(5, 2));

  Bulletin b;
  b.issuer = opt.issuer;
  b.month = opt.month;
  b.title = "关于" + std::to_string(y) + "年" + std::to_string(m) + "月份督查工作情况的通报";
  b.number = opt.number.empty() ? "泰政办督〔" + std::to_string(y) + "〕" + std::to_string(m) + "号"
                                : opt.number;
  b.recipients = "各市（区）人民政府，市各委办局，市各直属单位：";
  b.signature = opt.issuer;
  b.date = ChineseDate(now);
  int n = 0;
  auto heading = [&](const std::string& h) { return std::string(kOrdinals[n++ % 10]) + "、" + h; };

  BulletinSection intro;
  intro.paragraphs.push_back("现将" + std::to_string(y) + "年" + std::to_string(m) +
                             "月份市政府重点工程推进、领导批示件和交办事项办理、建议提案办理及"
                             "超期事项情况通报如下：");
  b.sections.push_back(intro);

  // Key projects: every project and task, with its latest reported progress.
  {
    BulletinSection s;
    s.heading = heading("重点工程推进情况");
    BulletinTable t;
    t.header = {"序号", "工程名称", "责任单位", "责任人", "完成进度", "最近报送期", "状态"};
    double sum = 0;
    int count = 0, done = 0, behind = 0;
    for (const auto* c : by_kind["key_project"]) {
      if (c->created_at >= to || StrField(*c, "level") == "programme") continue;
      double pct =
          c->fields.contains("progress_percent") && c->fields["progress_percent"].is_number()
              ? c->fields["progress_percent"].get<double>()
              : 0;
      ++count;
      sum += pct;
      if (c->closed_at && *c->closed_at < to) ++done;
      if (!c->closed_at && c->due_at && *c->due_at < at) ++behind;
      t.rows.push_back({std::to_string(t.rows.size() + 1), c->title, unit_name(c->lead_unit_id),
                        StrField(*c, "responsible_person"), Num(pct, 0) + "%",
                        StrField(*c, "report_period"),
                        c->closed_at && *c->closed_at < to ? "已完成" : "推进中"});
    }
    s.paragraphs.push_back("列入督查的重点工程项目 " + std::to_string(count) + " 个，已完成 " +
                           std::to_string(done) + " 个，平均完成进度 " +
                           Num(count ? sum / count : 0) + "%，超过时限未完成 " +
                           std::to_string(behind) + " 个。");
    s.table = std::move(t);
    b.sections.push_back(std::move(s));
  }
  // Instructions and assigned matters.
  {
    BulletinSection s;
    s.heading = heading("领导批示件和交办事项办理情况");
    for (const auto& [kind, label] : std::vector<std::pair<std::string, std::string>>{
             {"instruction", "领导批示件"}, {"assignment", "领导交办事项"}}) {
      KindCounts k = CountKind(by_kind[kind], from, to, now);
      std::vector<store::CaseRecord> list;
      for (const auto* c : by_kind[kind]) list.push_back(*c);
      OnTimeStats st = ComputeOnTime(list, from, to);
      s.paragraphs.push_back(
          "本月新收" + label + " " + std::to_string(k.received) + " 件，办结 " +
          std::to_string(k.closed) + " 件（按时办结率 " + Percent(st.on_time_rate) + "，提前完成 " +
          std::to_string(st.closed_early) + " 件），月末未办结 " + std::to_string(k.outstanding) +
          " 件，其中超期 " + std::to_string(k.overdue) + " 件。");
    }
    b.sections.push_back(std::move(s));
  }
  // Suggestions and proposals.
  {
    BulletinSection s;
    s.heading = heading("建议提案办理情况");
    for (const auto& [kind, label] : std::vector<std::pair<std::string, std::string>>{
             {"deputy_suggestion", "人大代表建议"}, {"cppcc_proposal", "政协委员提案"}}) {
      int total = 0, replied = 0, closed = 0, remaining = 0;
      for (const auto* c : by_kind[kind]) {
        if (c->created_at >= to || c->state == "split") continue;
        ++total;
        if (c->fields.contains("answer_class")) ++replied;
        if (c->closed_at && *c->closed_at < to) {
          ++closed;
        } else {
          ++remaining;
        }
      }
      s.paragraphs.push_back(label + "共 " + std::to_string(total) + " 件，已答复 " +
                             std::to_string(replied) + " 件，已办结 " + std::to_string(closed) +
                             " 件，尚未办结 " + std::to_string(remaining) + " 件。");
    }
    b.sections.push_back(std::move(s));
  }
  // Red and yellow lists by unit.
  {
    BulletinSection s;
    s.heading = heading("超期和临期事项情况");
    std::map<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>> lists;
    int red = 0, yellow = 0;
    for (const auto& c : in.cases) {
      if (c.created_at >= to || (c.closed_at && *c.closed_at < at) || !c.due_at) continue;
      if (c.closed_at) continue;
      auto& [r, y_] = lists[unit_name(c.lead_unit_id)];
      if (*c.due_at < at) {
        r.push_back(c.title);
        ++red;
      } else if (c.yellow_at && *c.yellow_at <= at) {
        y_.push_back(c.title);
        ++yellow;
      }
    }
    s.paragraphs.push_back("截至通报时，超期未办结事项（红灯）" + std::to_string(red) +
                           " 件，临近时限事项（黄灯）" + std::to_string(yellow) + " 件。");
    BulletinTable t;
    t.header = {"单位", "红灯", "黄灯", "超期事项"};
    std::vector<
        std::pair<std::string, std::pair<std::vector<std::string>, std::vector<std::string>>>>
        rows(lists.begin(), lists.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b2) {
      return a.second.first.size() > b2.second.first.size();
    });
    for (const auto& [unit, ry] : rows) {
      if (ry.first.empty() && ry.second.empty()) continue;
      std::string titles;
      for (size_t i = 0; i < ry.first.size() && i < opt.max_listed; ++i) {
        titles += (i ? "；" : "") + ry.first[i];
      }
      if (ry.first.size() > opt.max_listed) titles += "等";
      t.rows.push_back(
          {unit, std::to_string(ry.first.size()), std::to_string(ry.second.size()), titles});
    }
    s.table = std::move(t);
    b.sections.push_back(std::move(s));
  }
  // Ranking by on-time rate.
  {
    BulletinSection s;
    s.heading = heading("各单位按时办结情况排名");
    std::vector<store::CaseRecord> list;
    for (const auto& c : in.cases) {
      if (c.kind != "key_project") list.push_back(c);
    }
    BulletinTable t;
    t.header = {"名次", "单位", "本月办结", "按时办结", "提前完成", "按时办结率", "超期未办结"};
    int rank = 0;
    for (const OnTimeStats& st : RankUnitsByOnTime(list, from, to)) {
      t.rows.push_back({std::to_string(++rank), unit_name(st.unit_id), std::to_string(st.closed),
                        std::to_string(st.closed_on_time), std::to_string(st.closed_early),
                        Percent(st.on_time_rate), std::to_string(st.overdue)});
    }
    s.paragraphs.push_back(
        "按本月办结事项的按时办结率排名如下（含领导批示件、交办事项和建议提案）：");
    s.table = std::move(t);
    b.sections.push_back(std::move(s));
  }
  {
    BulletinSection s;
    s.heading = heading("工作要求");
    s.paragraphs.push_back(
        "各地各部门要切实提高政治站位，对照通报问题逐项整改。对超期未办结事项，责任单位要明确"
        "责任人和完成时限，于5个工作日内将整改情况报市政府督查室。");
    b.sections.push_back(std::move(s));
  }
  return b;
}

Result<Bulletin> GenerateBulletin(store::Store& store, const BulletinOptions& options,
                                  Instant now) {
  ZB_RETURN_IF_ERROR(MonthBounds(options.month).status());
  BulletinInput in;
  ZB_ASSIGN_OR_RETURN(auto units, store.ListUnits());
  for (const auto& u : units) in.unit_names[u.id] = u.name;
  for (const std::string& kind : SupervisedKinds()) {
    ZB_ASSIGN_OR_RETURN(auto list, AllCasesOf(store, kind));
    for (auto& c : list) in.cases.push_back(std::move(c));
  }
  return BuildBulletin(in, options, now);
}

nlohmann::json BulletinJson(const Bulletin& b) {
  nlohmann::json sections = nlohmann::json::array();
  for (const auto& s : b.sections) {
    nlohmann::json j = {{"heading", s.heading}, {"paragraphs", s.paragraphs}};
    j["table"] = s.table ? nlohmann::json{{"header", s.table->header}, {"rows", s.table->rows}}
                         : nlohmann::json();
    sections.push_back(j);
  }
  return {{"issuer", b.issuer}, {"title", b.title},
          {"number", b.number}, {"recipients", b.recipients},
          {"month", b.month},   {"signature", b.signature},
          {"date", b.date},     {"sections", sections}};
}

Result<Bulletin> BulletinFromJson(const nlohmann::json& j) {
  if (!j.is_object()) return Invalid("通报应为对象", "the bulletin must be an object");
  Bulletin b;
  for (const char* key : {"title", "number", "signature", "date"}) {
    if (Str(j, key).empty()) {
      return Invalid(std::string("通报缺少 ") + key, std::string("the bulletin needs ") + key);
    }
  }
  b.issuer = Str(j, "issuer");
  b.title = Str(j, "title");
  b.number = Str(j, "number");
  b.recipients = Str(j, "recipients");
  b.month = Str(j, "month");
  b.signature = Str(j, "signature");
  b.date = Str(j, "date");
  auto secs = j.find("sections");
  if (secs == j.end() || !secs->is_array()) {
    return Invalid("sections 应为数组", "sections must be an array");
  }
  auto strings = [](const nlohmann::json& a, std::vector<std::string>& out) {
    if (!a.is_array()) return false;
    for (const auto& s : a) {
      if (!s.is_string()) return false;
      out.push_back(s.get<std::string>());
    }
    return true;
  };
  int i = 0;
  for (const auto& s : *secs) {
    ++i;
    std::string where = "sections[" + std::to_string(i - 1) + "]";
    BulletinSection sec;
    if (!s.is_object()) return Invalid(where + " 应为对象", where + " must be an object");
    sec.heading = Str(s, "heading");
    if (s.contains("paragraphs") && !strings(s["paragraphs"], sec.paragraphs)) {
      return Invalid(where + ".paragraphs 应为字符串数组",
                     where + ".paragraphs must be an array of strings");
    }
    if (s.contains("table") && !s["table"].is_null()) {
      BulletinTable t;
      const auto& tj = s["table"];
      bool ok = tj.is_object() && tj.contains("header") && strings(tj["header"], t.header) &&
                tj.contains("rows") && tj["rows"].is_array();
      if (ok) {
        for (const auto& r : tj["rows"]) {
          std::vector<std::string> row;
          ok = ok && strings(r, row);
          t.rows.push_back(std::move(row));
        }
      }
      if (!ok) {
        return Invalid(where + ".table 应含 header 和 rows（字符串）",
                       where + ".table needs header and rows of strings");
      }
      sec.table = std::move(t);
    }
    b.sections.push_back(std::move(sec));
  }
  return b;
}

}  // namespace zb::supervision
