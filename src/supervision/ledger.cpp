#include "supervision/ledger.h"

#include <cstdio>

#include "supervision/case_scan.h"

namespace zb::supervision {

namespace {

std::string Minute(const std::optional<Instant>& t) {
  return t ? FormatChinaMinute(*t) : "";
}

std::string Number(const store::CaseRecord& c, const char* f) {
  auto it = c.fields.find(f);
  if (it == c.fields.end() || !it->is_number()) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", it->get<double>());
  return buf;
}

std::string Light(const store::CaseRecord& c, Instant now) {
  if (c.closed_at || !c.due_at) return "";
  if (*c.due_at < now) return "红灯";
  if (c.yellow_at && *c.yellow_at <= now) return "黄灯";
  return "绿灯";
}

std::string OnTime(const store::CaseRecord& c) {
  if (!c.closed_at || !c.due_at) return "";
  if (ChinaDate(*c.closed_at) < ChinaDate(*c.due_at)) return "提前完成";
  return *c.closed_at <= *c.due_at ? "按时" : "超期";
}

const std::map<std::string, std::string> kAnswer = {
    {"A", "A 已解决或采纳"}, {"B", "B 正在解决"}, {"C", "C 列入计划逐步解决"}, {"D", "D 留作参考"}};
const std::map<std::string, std::string> kSatisfaction = {
    {"satisfied", "满意"}, {"basically_satisfied", "基本满意"}, {"dissatisfied", "不满意"}};
const std::map<std::string, std::string> kLevel = {
    {"programme", "工程"}, {"project", "项目"}, {"task", "任务"}};

std::string Lookup(const std::map<std::string, std::string>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? k : it->second;
}

}  // namespace

Result<LedgerTable> BuildLedger(const std::string& kind,
                                const std::vector<store::CaseRecord>& cases,
                                const LedgerNames& names, Instant now) {
  auto unit = [&](const std::optional<store::Id>& id) -> std::string {
    if (!id) return "";
    auto it = names.units.find(*id);
    return it == names.units.end() ? "#" + std::to_string(*id) : it->second;
  };
  auto co = [&](const store::CaseRecord& c) {
    std::string s;
    for (store::Id u : c.co_unit_ids) s += (s.empty() ? "" : "、") + unit(u);
    return s;
  };
  auto user = [&](const store::CaseRecord& c, const char* f) -> std::string {
    int64_t id = IntField(c, f);
    auto it = names.users.find(id);
    return it == names.users.end() ? "" : it->second;
  };
  auto state = [&](const store::CaseRecord& c) {
    auto it = names.state_labels.find(c.state);
    return it == names.state_labels.end() ? c.state : it->second;
  };
  LedgerTable t;
  if (kind == "instruction") {
    t.sheet_name = "领导批示件台账";
    t.header = {"编号",     "标题",     "批示领导", "来源",     "来源文件",
                "事由",     "批示内容", "原批示件", "承办单位", "登记时间",
                "办理时限", "状态",     "灯色",     "办结时间", "办理结果"};
    for (const auto& c : cases) {
      int64_t parent = IntField(c, "parent_id");
      t.rows.push_back({std::to_string(c.id), c.title, user(c, "leader_id"), StrField(c, "source"),
                        StrField(c, "source_ref"), StrField(c, "matter"),
                        StrField(c, "instruction"), parent ? std::to_string(parent) : "",
                        unit(c.lead_unit_id), Minute(c.created_at), Minute(c.due_at), state(c),
                        Light(c, now), Minute(c.closed_at), StrField(c, "result")});
    }
  } else if (kind == "assignment") {
    t.sheet_name = "领导交办事项台账";
    t.header = {"编号",     "交办事项", "交办领导", "交办方式", "交办内容", "承办单位", "协办单位",
                "登记时间", "办理时限", "状态",     "灯色",     "办结时间", "完成情况", "办理结果"};
    for (const auto& c : cases) {
      t.rows.push_back({std::to_string(c.id), c.title, user(c, "leader_id"), StrField(c, "source"),
                        StrField(c, "content"), unit(c.lead_unit_id), co(c), Minute(c.created_at),
                        Minute(c.due_at), state(c), Light(c, now), Minute(c.closed_at), OnTime(c),
                        StrField(c, "result")});
    }
  } else if (kind == "deputy_suggestion" || kind == "cppcc_proposal") {
    bool deputy = kind == "deputy_suggestion";
    t.sheet_name = deputy ? "人大代表建议台账" : "政协委员提案台账";
    t.header = {"届次",
                "编号",
                "标题",
                deputy ? "领衔代表" : "提案人",
                deputy ? "附议代表" : "联名委员",
                deputy ? "代表团" : "界别",
                "主办单位",
                "会办单位",
                "答复时限",
                "状态",
                "灯色",
                "答复类别",
                "满意度",
                "办结时间",
                "备注"};
    for (const auto& c : cases) {
      std::string note;
      if (int64_t m = IntField(c, "merged_into")) note = "并入 " + std::to_string(m);
      if (int64_t p = IntField(c, "parent_id")) note = "分办自 " + std::to_string(p);
      if (StrField(c, "complexity") == "complex")
        note += (note.empty() ? "" : "；") + std::string("复杂件");
      t.rows.push_back(
          {StrField(c, "session"), StrField(c, "number"), c.title, StrField(c, "author"),
           StrField(c, "co_authors"), StrField(c, "delegation"), unit(c.lead_unit_id), co(c),
           Minute(c.due_at), state(c), Light(c, now), Lookup(kAnswer, StrField(c, "answer_class")),
           Lookup(kSatisfaction, StrField(c, "satisfaction")), Minute(c.closed_at), note});
    }
  } else if (kind == "key_project") {
    t.sheet_name = "重点工程台账";
    t.header = {"编号",          "层级",       "工程代号", "名称",   "上级",
                "责任单位",      "责任人",     "考核指标", "目标值", "完成值",
                "完成进度（%）", "最近报送期", "时限",     "状态",   "灯色"};
    for (const auto& c : cases) {
      int64_t parent = IntField(c, "parent_id");
      t.rows.push_back(
          {std::to_string(c.id), Lookup(kLevel, StrField(c, "level")),
           StrField(c, "programme_code"), c.title, parent ? std::to_string(parent) : "",
           unit(c.lead_unit_id), StrField(c, "responsible_person"), StrField(c, "indicator"),
           Number(c, "target_value"), Number(c, "actual_value"), Number(c, "progress_percent"),
           StrField(c, "report_period"), Minute(c.due_at), state(c), Light(c, now)});
    }
  } else {
    return Invalid("此类别没有台账：" + kind, "no ledger for kind " + kind);
  }
  return t;
}

}  // namespace zb::supervision
