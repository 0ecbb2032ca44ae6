#include "app/demo_supervision.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "supervision/action_rules.h"
#include "supervision/bulletin_case.h"
#include "supervision/instruction.h"
#include "supervision/key_project.h"
#include "supervision/proposal_import.h"

namespace zb::app {

namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

std::string MonthId(Date d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()));
  return buf;
}

supervision::BulletinOptions MonthOptions(const std::string& month) {
  supervision::BulletinOptions o;
  o.month = month;
  return o;
}

// One demo timeline engine: a manual clock the cases are driven through, and the actors.
class Demo {
 public:
  Demo(AppContext& ctx, Instant now)
      : now_(now), clock_(now), engine_(*ctx.store, ctx.workflows, *ctx.deadlines, clock_) {
    supervision::AddSupervisionRules(engine_);
  }

  Result<cases::Actor> Actor(const std::string& username) {
    if (auto it = actors_.find(username); it != actors_.end()) return it->second;
    ZB_ASSIGN_OR_RETURN(store::User u, engine_.store().FindUserByName(username));
    ZB_ASSIGN_OR_RETURN(cases::Actor a, engine_.LoadActor(u.id));
    actors_.emplace(username, a);
    return a;
  }
  Result<store::Id> UserId(const std::string& username) {
    ZB_ASSIGN_OR_RETURN(cases::Actor a, Actor(username));
    return a.user.id;
  }
  Result<store::Id> UnitOf(const std::string& username) {
    ZB_ASSIGN_OR_RETURN(cases::Actor a, Actor(username));
    return a.user.unit_id;
  }

  // Sets the clock, never past now. Returns false when `t` is in the future (the step is skipped).
  bool At(Instant t) {
    if (t > now_) return false;
    clock_.Set(t);
    return true;
  }
  // Moves the clock on by `h` hours (at most to now).
  void Later(int h) { clock_.Set(std::min(now_, clock_.Now() + hours(h))); }

  Status Act(const std::string& who, store::Id id, const std::string& action, std::string text = "",
             nlohmann::json fields = nlohmann::json::object()) {
    ZB_ASSIGN_OR_RETURN(cases::Actor a, Actor(who));
    cases::ActionRequest r;
    r.case_id = id;
    r.action = action;
    r.set_fields = std::move(fields);
    ZB_ASSIGN_OR_RETURN(auto c, engine_.store().GetCase(id));
    const cases::Workflow* wf = engine_.workflows().Find(c.kind);
    const cases::TransitionDef* t = wf ? wf->FindTransition(action, c.state) : nullptr;
    if (t && t->reason_required) {
      r.reason = text;
    } else {
      r.text = text;
    }
    return engine_.Perform(a, r).status();
  }
  Status Assign(const std::string& who, store::Id id, store::Id unit,
                std::vector<store::Id> co = {}, std::string limit = "") {
    ZB_ASSIGN_OR_RETURN(cases::Actor a, Actor(who));
    cases::ActionRequest r;
    r.case_id = id;
    r.action = "assign";
    r.lead_unit_id = unit;
    r.co_unit_ids = std::move(co);
    if (!limit.empty()) r.time_limit = limit;
    return engine_.Perform(a, r).status();
  }
  Result<store::Id> Create(const std::string& who, const std::string& kind,
                           const std::string& title, nlohmann::json fields) {
    ZB_ASSIGN_OR_RETURN(cases::Actor a, Actor(who));
    cases::CreateRequest r;
    r.kind = kind;
    r.title = title;
    r.fields = std::move(fields);
    return engine_.Create(a, r);
  }

  cases::CaseEngine& engine() { return engine_; }
  Instant now() const { return now_; }

 private:
  Instant now_;
  ManualClock clock_;
  cases::CaseEngine engine_;
  std::map<std::string, cases::Actor> actors_;
};

struct InstructionSpec {
  const char* title;
  const char* source;
  const char* matter;
  const char* leader;
  std::vector<const char*> units;  // liaisons; several = split between them
  int stop;  // single: 0 registered … 8 closed (below); split: 0 parts open, 1 concluded, 2 closed
  int age_days;
};

// Single instructions stop at: 0 registered, 1 instructed, 2 assigned, 3 returned, 4 handling,
// 5 replied, 6 sent back and in hand again, 7 reported to the leader, 8 closed.
const std::vector<InstructionSpec> kInstructions = {
    {"关于城区积水点整治情况的报告",
     "报告",
     "住建局报告城区积水点整治进展",
     "mayor",
     {"housing"},
     8,
     70},
    {"关于春季安全生产大检查的通知",
     "公文",
     "开展春季安全生产大检查",
     "mayor",
     {"housing", "transport", "urban", "ecology"},
     0,
     30},
    {"热线反映老旧小区加装电梯进展缓慢",
     "热线发现",
     "市民多次来电反映加装电梯审批慢",
     "vmayor1",
     {"housing"},
     4,
     16},
    {"市民来信反映学校周边交通拥堵",
     "来信",
     "实验小学周边早晚高峰拥堵",
     "vmayor2",
     {"transport"},
     6,
     25},
    {"关于秸秆禁烧工作的报告",
     "报告",
     "生态环境局报告秸秆禁烧巡查情况",
     "vmayor1",
     {"ecology"},
     7,
     20},
    {"关于农村饮用水安全情况的报告",
     "报告",
     "水利局报告农村饮用水水质监测",
     "vmayor2",
     {"water"},
     5,
     12},
    {"关于基层医疗服务能力提升的请示",
     "公文",
     "卫健委请示基层医疗设备配置",
     "mayor",
     {"health"},
     3,
     6},
    {"关于中小学课后服务的报告",
     "报告",
     "教育局报告课后服务开展情况",
     "vmayor2",
     {"education"},
     2,
     3},
    {"关于海陵区老街改造的报告", "报告", "海陵区报告老街改造征收进展", "mayor", {"hailing"}, 1, 1},
    {"关于姜堰区河道治理的情况反映", "来信", "群众来信反映河道黑臭", "vmayor1", {"jiangyan"}, 0, 0},
    {"关于城市管理领域专项整治的报告", "报告", "城管局报告占道经营整治", "mayor", {"urban"}, 8, 45},
    {"关于全市汛期防汛工作的部署",
     "公文",
     "做好汛期防汛各项准备",
     "mayor",
     {"water", "urban", "hailing", "jiangyan"},
     2,
     80},
    {"关于优化营商环境专项行动的报告",
     "报告",
     "各部门落实优化营商环境举措",
     "vmayor1",
     {"transport", "health", "education"},
     1,
     40},
};

const std::vector<const char*> kFeedback = {
    "已按批示要求完成整改，建立长效机制", "已召开专题会议部署落实，形成书面报告",
    "问题已全部整改到位，群众反映良好", "已制定工作方案并组织实施"};

Status DemoInstructions(Demo& d, std::mt19937& rng) {
  auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
  for (const InstructionSpec& s : kInstructions) {
    d.At(d.now() - days(s.age_days) - hours(2 + static_cast<int>(rng() % 5)));
    ZB_ASSIGN_OR_RETURN(store::Id leader, d.UserId(s.leader));
    ZB_ASSIGN_OR_RETURN(
        store::Id id,
        d.Create("clerk_sun", "instruction", s.title,
                 {{"leader_id", leader}, {"source", s.source}, {"matter", s.matter}}));
    bool several = s.units.size() > 1;
    if (!several && s.stop == 0) continue;
    d.Later(1);
    // The mayor's instructions are recorded by his secretary under the delegation.
    std::string by = std::string(s.leader) == "mayor" && rng() % 2 ? "sec_zhou" : s.leader;
    ZB_RETURN_IF_ERROR(d.Act(by, id, "instruct", "",
                             {{"instruction", "请" + std::string(several ? "各有关单位" : "") +
                                                  "认真研究，抓好落实，及时反馈结果。"}}));
    if (!several && s.stop == 1) continue;
    d.Later(2);
    if (several) {
      supervision::SplitRequest split;
      split.parent_id = id;
      for (const char* u : s.units) {
        ZB_ASSIGN_OR_RETURN(store::Id unit, d.UnitOf(u));
        split.unit_ids.push_back(unit);
      }
      split.time_limit = "10 working days";
      ZB_ASSIGN_OR_RETURN(cases::Actor clerk, d.Actor("clerk_sun"));
      ZB_ASSIGN_OR_RETURN(auto parts, supervision::SplitInstruction(d.engine(), clerk, split));
      Instant split_at = d.engine().clock().Now();
      Instant latest = split_at;
      for (size_t i = 0; i < parts.size(); ++i) {
        // Parts: the first ones closed; in stop 0, the last is still in hand or not accepted.
        d.At(split_at + hours(3));
        const char* u = s.units[i];
        bool last = i + 1 == parts.size();
        if (s.stop == 0 && last && i % 2 == 1) continue;  // not yet accepted
        ZB_RETURN_IF_ERROR(d.Act(u, parts[i], "accept"));
        d.Later(24 + static_cast<int>(rng() % 72));
        if (s.stop == 0 && (last || i == 1)) {
          ZB_RETURN_IF_ERROR(d.Act(u, parts[i], "progress", "正在组织实施，进度约60%"));
          continue;
        }
        std::string fb = pick(kFeedback);
        ZB_RETURN_IF_ERROR(d.Act(u, parts[i], "reply", fb, {{"result", fb}}));
        d.Later(20);
        ZB_RETURN_IF_ERROR(d.Act("clerk_sun", parts[i], "close_part"));
        latest = std::max(latest, d.engine().clock().Now());
      }
      if (s.stop == 0) continue;
      d.At(latest);
      d.Later(24);
      ZB_RETURN_IF_ERROR(d.Act("chief_sup", id, "conclude", "",
                               {{"result", "各单位均已按批示要求落实，汇总情况报领导"}}));
      if (s.stop == 1) continue;
      d.Later(30);
      ZB_RETURN_IF_ERROR(d.Act(s.leader, id, "acknowledge"));
      continue;
    }
    const char* liaison = s.units[0];
    ZB_ASSIGN_OR_RETURN(store::Id unit, d.UnitOf(liaison));
    ZB_RETURN_IF_ERROR(d.Assign("clerk_sun", id, unit, {}, "10 working days"));
    if (s.stop == 2) continue;
    d.Later(3);
    if (s.stop == 3) {
      ZB_RETURN_IF_ERROR(
          d.Act(liaison, id, "return", "此事项主要涉及市发展改革委职责，建议改交其牵头办理"));
      continue;
    }
    ZB_RETURN_IF_ERROR(d.Act(liaison, id, "accept"));
    d.Later(30 + static_cast<int>(rng() % 60));
    ZB_RETURN_IF_ERROR(d.Act(liaison, id, "progress", "已召开专题会议研究部署，正在现场摸排"));
    if (s.stop == 4) continue;
    d.Later(48 + static_cast<int>(rng() % 100));
    std::string fb = pick(kFeedback);
    ZB_RETURN_IF_ERROR(d.Act(liaison, id, "reply", fb, {{"result", fb}}));
    if (s.stop == 5) continue;
    d.Later(20);
    if (s.stop == 6) {
      ZB_RETURN_IF_ERROR(
          d.Act("clerk_sun", id, "send_back", "反馈内容过于笼统，请补充具体整改措施和完成时限"));
      continue;
    }
    ZB_RETURN_IF_ERROR(d.Act("chief_sup", id, "accept_feedback"));
    if (s.stop == 7) continue;
    d.Later(30);
    ZB_RETURN_IF_ERROR(d.Act(s.leader, id, "acknowledge"));
  }
  return Status();
}

struct ProposalSpec {
  const char* title;
  const char* author;
  const char* lead;  // liaison, or "" (registered without a unit)
  const char* co;    // liaison or ""
  int stop;          // 0 registered, 1 assigned, 2 returned, 3 handling, 4 complex, 5 replied,
             // 6 rehandling (dissatisfied), 7 closed satisfied, 8 closed basically, 9 merged,
             // 10 split (分办) between the housing and transport bureaus: one part answered and
             // closed, the other in hand
};

const std::vector<ProposalSpec> kSuggestions = {
    {"关于加快老旧小区加装电梯的建议", "王建国", "housing", "", 7},
    {"关于优化城区公交线路的建议", "李梅", "transport", "urban", 8},
    {"关于加强农村饮用水安全保障的建议", "赵强", "water", "health", 5},
    {"关于增加中小学学位供给的建议", "陈静", "education", "housing", 3},
    {"关于整治城区占道经营的建议", "刘洋", "urban", "", 6},
    {"关于凤凰河水环境治理的建议", "孙丽", "ecology", "water", 7},
    {"关于提升基层医疗服务能力的建议", "周涛", "health", "", 4},
    {"关于完善海陵老街保护利用的建议", "吴芳", "hailing", "", 1},
    {"关于姜堰区农村道路提档升级的建议", "郑伟", "jiangyan", "transport", 2},
    {"关于推进老旧小区电梯加装补贴的建议", "钱红", "", "", 9},
    {"关于设立社区养老服务中心的建议", "冯刚", "", "", 0},
    {"关于加强校园周边交通安全的建议", "蒋敏", "transport", "education", 7},
    {"关于统筹解决老旧小区停车难和加装电梯的建议", "褚军", "", "", 10},
};

const std::vector<ProposalSpec> kProposals = {
    {"关于推动医药产业高质量发展的提案", "韩磊", "health", "", 7},
    {"关于加强城市绿道建设的提案", "杨帆", "urban", "ecology", 5},
    {"关于完善学前教育资源配置的提案", "朱琳", "education", "", 8},
    {"关于推进黑臭水体长效治理的提案", "秦勇", "ecology", "water", 3},
    {"关于提升城市停车管理水平的提案", "许诺", "transport", "urban", 6},
    {"关于加快智慧水务建设的提案", "何平", "water", "", 1},
    {"关于保护利用历史街区的提案", "吕青", "hailing", "housing", 7},
    {"关于发展乡村旅游的提案", "施展", "", "", 0},
};

Status DemoSession(Demo& d, std::mt19937& rng, const std::string& kind, const std::string& session,
                   const std::vector<ProposalSpec>& items, int age_days) {
  hotline::Table table;
  table.rows.push_back({"编号", "标题", "领衔人", "内容", "主办单位", "会办单位"});
  table.line_of.push_back(1);
  std::map<std::string, std::string> unit_names;
  auto unit_name = [&](const std::string& liaison) -> Result<std::string> {
    if (liaison.empty()) return std::string();
    ZB_ASSIGN_OR_RETURN(store::Id u, d.UnitOf(liaison));
    ZB_ASSIGN_OR_RETURN(store::Unit unit, d.engine().store().GetUnit(u));
    return unit.name;
  };
  int n = 0;
  for (const ProposalSpec& p : items) {
    ++n;
    ZB_ASSIGN_OR_RETURN(std::string lead, unit_name(p.lead));
    ZB_ASSIGN_OR_RETURN(std::string co, unit_name(p.co));
    std::string title = p.title;
    table.rows.push_back({"第" + std::to_string(n) + "号", title, p.author,
                          title.substr(0, title.size() - 9) + "，具体意见如下……", lead, co});
    table.line_of.push_back(n + 1);
  }
  d.At(d.now() - days(age_days));
  ZB_ASSIGN_OR_RETURN(cases::Actor clerk, d.Actor("clerk_sun"));
  supervision::ProposalImportOptions o;
  o.kind = kind;
  o.session = session;
  ZB_ASSIGN_OR_RETURN(auto report, supervision::ImportProposals(d.engine(), clerk, table, o));
  if (!report.problems.empty()) {
    return Internal("演示建议提案导入失败：" + report.problems[0].message,
                    "demo proposals import failed: " + report.problems[0].message_en);
  }
  Instant imported = d.engine().clock().Now();
  store::Id main_item = report.ids[0];
  for (size_t i = 0; i < items.size(); ++i) {
    const ProposalSpec& p = items[i];
    store::Id id = report.ids[i];
    std::string lead = p.lead;
    d.At(imported + hours(24 + static_cast<int>(rng() % 72)));
    if (p.stop == 0 || p.stop == 1) continue;
    if (p.stop == 9) continue;  // merged with the first item, below
    if (p.stop == 10) {
      supervision::SplitRequest split;
      split.parent_id = id;
      for (const char* u : {"housing", "transport"}) {
        ZB_ASSIGN_OR_RETURN(store::Id unit, d.UnitOf(u));
        split.unit_ids.push_back(unit);
      }
      ZB_ASSIGN_OR_RETURN(auto parts, supervision::SplitProposal(d.engine(), clerk, split));
      d.Later(24);
      ZB_RETURN_IF_ERROR(d.Act("housing", parts[0], "accept"));
      ZB_RETURN_IF_ERROR(d.Act("transport", parts[1], "accept"));
      d.Later(24 * 20);
      ZB_RETURN_IF_ERROR(
          d.Act("transport", parts[1], "progress", "已完成停车泊位普查，正在编制方案"));
      ZB_RETURN_IF_ERROR(d.Act("housing", parts[0], "reply",
                               "经认真研究，答复如下：加装电梯部分已纳入年度计划并组织实施。",
                               {{"answer_class", "A"}}));
      d.Later(24 * 7);
      ZB_RETURN_IF_ERROR(
          d.Act("clerk_sun", parts[0], "satisfied", "", {{"satisfaction_from", p.author}}));
      continue;
    }
    if (p.stop == 2) {
      ZB_RETURN_IF_ERROR(d.Act(lead, id, "return", "该建议涉及的农村公路建设属市交通运输局职责"));
      continue;
    }
    ZB_RETURN_IF_ERROR(d.Act(lead, id, "accept"));
    if (std::string(p.co).size()) {
      d.Later(24 * (5 + static_cast<int>(rng() % 20)));
      ZB_RETURN_IF_ERROR(
          d.Act(p.co, id, "co_opinion", "会办意见：同意主办单位意见，我单位将积极配合"));
    }
    d.Later(24 * 10);
    ZB_RETURN_IF_ERROR(d.Act(lead, id, "progress", "已赴现场调研，形成初步办理方案"));
    if (p.stop == 3) continue;
    if (p.stop == 4) {
      d.Later(24);
      ZB_RETURN_IF_ERROR(d.Act("chief_sup", id, "declare_complex",
                               "涉及跨部门资金统筹和规划调整，办理期限延长至 6 个月，已告知代表"));
      continue;
    }
    d.Later(24 * (20 + static_cast<int>(rng() % 30)));
    const char* cls = p.stop == 5 ? "B" : p.stop == 6 ? "C" : "A";
    ZB_RETURN_IF_ERROR(d.Act(lead, id, "reply", "经认真研究，答复如下：已纳入年度计划并组织实施。",
                             {{"answer_class", cls}}));
    if (p.stop == 5) continue;
    d.Later(24 * 7);
    if (p.stop == 6) {
      ZB_RETURN_IF_ERROR(d.Act("clerk_sun", id, "dissatisfied",
                               "代表认为措施不够具体，要求明确完成时间",
                               {{"satisfaction_from", p.author}}));
      continue;
    }
    ZB_RETURN_IF_ERROR(d.Act("clerk_sun", id, p.stop == 7 ? "satisfied" : "basically_satisfied", "",
                             {{"satisfaction_from", p.author}}));
    if (i == 0) {  // the merged item receives the main item's reply
      for (size_t k = 0; k < items.size(); ++k) {
        if (items[k].stop != 9) continue;
        d.Later(2);
        ZB_RETURN_IF_ERROR(
            d.Act("clerk_sun", report.ids[k], "merge", "", {{"merged_into", main_item}}));
        d.Later(2);
        ZB_RETURN_IF_ERROR(d.Act("clerk_sun", report.ids[k], "reply_merged",
                                 "该件已与第1号并案办理，答复同第1号。", {{"answer_class", "A"}}));
      }
    }
  }
  return Status();
}

struct ProjectSpec {
  const char* title;
  const char* liaison;
  const char* indicator;
  double target;
  int stop;  // 0 assigned, 1 returned, 2 in progress, 3 in progress missing the last report,
             // 4 completion reported, 5 completed
  std::vector<const char*> tasks;
};

const std::vector<ProjectSpec> kProjects = {
    {"城北污水处理厂扩建", "housing", "完成投资（亿元）", 3.2, 2, {"主体工程施工", "配套管网建设"}},
    {"东环高速泰州段建设", "transport", "完成投资（亿元）", 12, 3, {"征地拆迁"}},
    {"老旧小区改造提升", "housing", "改造小区（个）", 60, 5, {}},
    {"凤凰河生态修复", "ecology", "治理河道（公里）", 8, 4, {}},
    {"城区学校新建扩建", "education", "新增学位（个）", 6000, 2, {"实验小学东校区"}},
    {"市人民医院新院区建设", "health", "完成投资（亿元）", 9.5, 3, {}},
    {"引江河水系连通", "water", "完成投资（亿元）", 10, 2, {}},
    {"海陵老街片区更新", "hailing", "完成征收（户）", 420, 1, {}},
    {"溱湖湿地保护修复", "jiangyan", "修复湿地（公顷）", 150, 0, {}},
};

Status DemoProgramme(Demo& d, std::mt19937& rng) {
  Date today = ChinaDate(d.now());
  // The programme was set up early in the year, at the latest six months ago.
  Date start{today.year(), std::chrono::February, std::chrono::day{10}};
  if (ChinaMidnight(start) > d.now() - days(180)) start = ChinaDate(d.now() - days(180));
  d.At(ChinaMidnight(start) + hours(9));
  ZB_ASSIGN_OR_RETURN(store::Id mayor, d.UserId("mayor"));
  ZB_ASSIGN_OR_RETURN(store::Id programme,
                      d.Create("chief_sup", "key_project", "“421 工程”重点工程",
                               {{"level", "programme"},
                                {"programme_code", "421"},
                                {"leader_id", mayor},
                                {"responsible_person", "赵主任"},
                                {"indicator", "年度重点工程完成率（%）"},
                                {"target_value", 100}}));
  ZB_ASSIGN_OR_RETURN(store::Id sup, d.UnitOf("chief_sup"));
  ZB_RETURN_IF_ERROR(d.Assign("chief_sup", programme, sup));
  ZB_RETURN_IF_ERROR(d.Act("chief_sup", programme, "accept"));
  Instant set_up = d.engine().clock().Now();
  int n = 0;
  for (const ProjectSpec& p : kProjects) {
    ++n;
    Instant created = p.stop == 0 ? d.now() - days(2) : set_up + hours(n);
    d.At(created);
    auto make = [&](const std::string& title, const char* level, store::Id parent,
                    double target) -> Result<store::Id> {
      return d.Create(
          "clerk_sun", "key_project", title,
          {{"level", level},
           {"parent_id", parent},
           {"programme_code", "421"},
           {"responsible_person", std::string(p.liaison) == "housing" ? "周工" : "李工"},
           {"indicator", p.indicator},
           {"target_value", target},
           {"report_cycle", "monthly"},
           {"report_day", 25}});
    };
    ZB_ASSIGN_OR_RETURN(store::Id project,
                        make(std::string("“421 工程”·") + p.title, "project", programme, p.target));
    std::vector<store::Id> nodes = {project};
    for (const char* t : p.tasks) {
      ZB_ASSIGN_OR_RETURN(store::Id task, make(t, "task", project, p.target / 2));
      nodes.push_back(task);
    }
    ZB_ASSIGN_OR_RETURN(store::Id unit, d.UnitOf(p.liaison));
    for (store::Id node : nodes) {
      d.At(created + hours(2));
      ZB_RETURN_IF_ERROR(d.Assign("clerk_sun", node, unit));
      if (p.stop == 0) continue;
      d.Later(5);
      if (p.stop == 1) {
        ZB_RETURN_IF_ERROR(d.Act(p.liaison, node, "return",
                                 "征收工作由海陵区政府和市住建局共同负责，请明确牵头单位"));
        continue;
      }
      ZB_RETURN_IF_ERROR(d.Act(p.liaison, node, "accept"));
      // A report each month, around the 20th, up to the last one due (or the one before).
      ZB_ASSIGN_OR_RETURN(cases::Actor liaison, d.Actor(p.liaison));
      Date first = ChinaDate(d.engine().clock().Now());
      int months = 0;
      for (Date m{first.year(), first.month(), std::chrono::day{1}};; m += std::chrono::months(1)) {
        ++months;
        Instant at = ChinaMidnight(Date{m.year(), m.month(), std::chrono::day{20}}) +
                     hours(9 + static_cast<int>(rng() % 8));
        if (at < d.engine().clock().Now()) at = d.engine().clock().Now() + hours(1);
        Instant next_due =
            ChinaMidnight(Date{m.year(), m.month(), std::chrono::day{25}}) + hours(17);
        bool skip_last = p.stop == 3 && next_due + days(31) > d.now();
        if (at > d.now() || skip_last) break;
        d.At(at);
        std::string period = MonthId(m);
        double percent = std::min(100.0, months * (p.stop >= 4 ? 14.0 : 9.0));
        supervision::ProgressReport rep;
        rep.case_id = node;
        rep.period = period;
        rep.percent = percent;
        rep.actual_value = std::round(p.target * percent) / 100;
        rep.text =
            std::string("本月推进顺利，累计完成") + std::to_string(static_cast<int>(percent)) + "%";
        ZB_RETURN_IF_ERROR(supervision::SubmitProgressReport(d.engine(), liaison, rep).status());
        if (p.stop >= 4 && percent >= 100) break;
      }
      if (p.stop < 4) continue;
      d.Later(24);
      ZB_RETURN_IF_ERROR(
          d.Act(p.liaison, node, "report_completion", "工程已全面完成，具备验收条件"));
      if (p.stop == 4) continue;
      d.Later(48);
      ZB_RETURN_IF_ERROR(d.Act("chief_sup", node, "accept_completion"));
    }
  }
  // The office urges the reports that are missing now.
  d.At(d.now());
  ZB_ASSIGN_OR_RETURN(cases::Actor clerk, d.Actor("clerk_sun"));
  return supervision::UrgeMissingReports(d.engine(), clerk, d.now()).status();
}

Status DemoBulletins(Demo& d) {
  Date today = ChinaDate(d.now());
  Date last{today.year(), today.month(), std::chrono::day{1}};
  last -= std::chrono::months(1);
  std::string month = MonthId(last), current = MonthId(today);
  ZB_ASSIGN_OR_RETURN(cases::Actor clerk, d.Actor("clerk_sun"));
  ZB_ASSIGN_OR_RETURN(cases::Actor chief, d.Actor("chief_sup"));
  // Last month's: drafted on the 3rd of this month (or now) and issued; this month's: a draft.
  Instant third = ChinaMidnight(Date{today.year(), today.month(), std::chrono::day{3}}) + hours(10);
  d.At(std::min(third, d.now()));
  ZB_ASSIGN_OR_RETURN(store::Id issued,
                      supervision::DraftBulletin(d.engine(), clerk, MonthOptions(month), "demo"));
  d.Later(3);
  ZB_RETURN_IF_ERROR(
      supervision::IssueBulletin(d.engine(), chief, issued, std::nullopt, "demo").status());
  d.At(d.now());
  return supervision::DraftBulletin(d.engine(), clerk, MonthOptions(current), "demo").status();
}

}  // namespace

Status CreateDemoSupervision(AppContext& ctx, const DemoSupervisionOptions& options) {
  Demo d(ctx, ctx.clock->Now());
  std::mt19937 rng(options.seed);
  ZB_RETURN_IF_ERROR(DemoInstructions(d, rng));
  Date today = ChinaDate(d.now());
  std::string year = std::to_string(static_cast<int>(today.year()));
  ZB_RETURN_IF_ERROR(
      DemoSession(d, rng, "deputy_suggestion", "市六届人大" + year + "年会议", kSuggestions, 110));
  ZB_RETURN_IF_ERROR(
      DemoSession(d, rng, "cppcc_proposal", "市政协六届" + year + "年会议", kProposals, 105));
  ZB_RETURN_IF_ERROR(DemoProgramme(d, rng));
  return DemoBulletins(d);
}

}  // namespace zb::app
