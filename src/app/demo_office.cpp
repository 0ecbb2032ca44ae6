#include "app/demo_office.h"

#include <map>
#include <random>

#include "app/demo_hotline.h"
#include "app/demo_insight.h"
#include "app/demo_supervision.h"
#include "base/password.h"
#include "cases/role.h"

namespace zb::app {

namespace {

struct UnitSpec {
  const char* code;
  const char* name;
  const char* type;
};

const std::vector<UnitSpec> kUnits = {
    {"leadership", "市政府领导", "leadership"},
    {"office.secretariat", "秘书科", "office"},
    {"office.general", "综合科", "office"},
    {"office.supervision", "督查室", "office"},
    {"office.information", "信息科", "office"},
    {"office.hotline", "市长公开电话办公室", "office"},
    {"office.admin", "行政科", "office"},
    {"dept.development", "市发展和改革委员会", "department"},
    {"dept.education", "市教育局", "department"},
    {"dept.public_security", "市公安局", "department"},
    {"dept.civil_affairs", "市民政局", "department"},
    {"dept.human_resources", "市人力资源和社会保障局", "department"},
    {"dept.natural_resources", "市自然资源和规划局", "department"},
    {"dept.ecology", "市生态环境局", "department"},
    {"dept.housing", "市住房和城乡建设局", "department"},
    {"dept.transport", "市交通运输局", "department"},
    {"dept.water", "市水利局", "department"},
    {"dept.agriculture", "市农业农村局", "department"},
    {"dept.commerce", "市商务局", "department"},
    {"dept.health", "市卫生健康委员会", "department"},
    {"dept.emergency", "市应急管理局", "department"},
    {"dept.market", "市市场监督管理局", "department"},
    {"dept.urban", "市城市管理局", "department"},
    {"district.hailing", "海陵区人民政府", "district"},
    {"district.gaogang", "高港区人民政府", "district"},
    {"district.jiangyan", "姜堰区人民政府", "district"},
    {"district.xinghua", "兴化市人民政府", "district"},
    {"district.jingjiang", "靖江市人民政府", "district"},
    {"district.taixing", "泰兴市人民政府", "district"},
};

struct UserSpec {
  const char* username;
  const char* name;
  const char* role;
  const char* unit;
};

const std::vector<UserSpec> kUsers = {
    {"mayor", "张市长", "city_leader", "leadership"},
    {"vmayor1", "李副市长", "city_leader", "leadership"},
    {"vmayor2", "王副市长", "city_leader", "leadership"},
    {"secgen", "陈秘书长", "office_leader", "office.secretariat"},
    {"dsecgen", "刘副秘书长", "office_leader", "office.general"},
    {"sec_zhou", "周秘书", "staff", "office.secretariat"},
    {"chief_sup", "赵主任", "section_chief", "office.supervision"},
    {"clerk_sun", "孙科员", "staff", "office.supervision"},
    {"clerk_wu", "吴科员", "staff", "office.general"},
    {"chief_info", "郑科长", "section_chief", "office.information"},
    {"operator1", "钱话务员", "hotline_operator", "office.hotline"},
    {"operator2", "冯话务员", "hotline_operator", "office.hotline"},
    {"admin", "系统管理员", "admin", "office.admin"},
    {"housing", "住建局联络员", "unit_liaison", "dept.housing"},
    {"transport", "交通局联络员", "unit_liaison", "dept.transport"},
    {"urban", "城管局联络员", "unit_liaison", "dept.urban"},
    {"ecology", "生态环境局联络员", "unit_liaison", "dept.ecology"},
    {"education", "教育局联络员", "unit_liaison", "dept.education"},
    {"health", "卫健委联络员", "unit_liaison", "dept.health"},
    {"water", "水利局联络员", "unit_liaison", "dept.water"},
    {"hailing", "海陵区联络员", "unit_liaison", "district.hailing"},
    {"jiangyan", "姜堰区联络员", "unit_liaison", "district.jiangyan"},
};

const std::vector<const char*> kMatters = {
    "研究老旧小区加装电梯推进方案", "城区主干道雨季积水点排查整治",
    "春节前农民工工资支付专项检查", "中小学课后服务经费保障",
    "全市停车设施规划建设方案",     "农贸市场提升改造进度督查",
    "渣土车夜间运输扰民问题整治",   "冬季供暖保障预案",
    "重点企业用工缺口调研",         "城乡公交一体化推进",
    "长江岸线生态修复工程进展",     "防汛物资储备情况检查",
    "医保异地结算政策落实情况",     "学前教育学位供给缺口分析",
    "\"421工程\"重点项目月度推进",  "夏季高温安全生产检查",
    "河道保洁长效管理机制",         "餐饮油烟扰民投诉集中整治",
    "背街小巷路灯亮化工程",         "秸秆禁烧工作部署",
    "小区物业服务质量专项整治",     "养老服务中心建设进度",
    "开发区招商引资项目落地情况",   "城市内涝防治三年行动",
    "电动自行车集中充电设施建设",   "菜篮子工程保供稳价",
    "校园周边交通安全整治",         "历史文化街区保护利用方案",
    "政务服务\"一网通办\"推进情况", "农村人居环境整治督查",
};

const std::vector<const char*> kProgress = {"已召开专题会议研究部署",       "已完成现场摸排",
                                            "已形成初步方案，正在征求意见", "已协调相关部门会商",
                                            "正在组织实施，进度约60%",      "已落实资金保障"};

const std::vector<const char*> kReplies = {"已按要求完成，详见书面报告",
                                           "问题已整改到位，建立长效机制", "方案已报市政府审定",
                                           "已全部办结，群众反映良好"};

}  // namespace

Result<std::vector<DemoLogin>> ListDemoLogins(AppContext& ctx) {
  std::vector<DemoLogin> logins;
  for (const UserSpec& u : kUsers) {
    auto user = ctx.store->FindUserByName(u.username);
    if (!user.ok() && user.status().code() == ErrorCode::kNotFound) continue;
    if (!user.ok()) return user.status();
    if (!user->active) continue;
    ZB_ASSIGN_OR_RETURN(store::Unit unit, ctx.store->GetUnit(user->unit_id));
    logins.push_back({user->username, user->display_name, cases::RoleLabel(user->role), unit.name});
  }
  return logins;
}

Result<std::vector<DemoLogin>> CreateDemoOffice(AppContext& ctx, const DemoOptions& opt) {
  store::Store& st = *ctx.store;
  ZB_ASSIGN_OR_RETURN(auto existing, st.ListUsers());
  if (!existing.empty()) {
    return Conflict("数据库中已有数据，演示数据只能写入空数据库",
                    "the database already has users; the demo office needs an empty database");
  }
  Instant now = ctx.clock->Now();
  std::map<std::string, store::Id> unit_ids, user_ids;
  store::Id leadership = 0, office_root = 0;
  int sort = 0;
  for (const UnitSpec& u : kUnits) {
    std::optional<store::Id> parent;
    std::string type = u.type;
    if (type == "office" && office_root) parent = office_root;
    ZB_ASSIGN_OR_RETURN(store::Id id, st.AddUnit({0, u.code, u.name, u.type, parent, sort++}));
    unit_ids[u.code] = id;
    if (type == "leadership") leadership = id;
    if (std::string(u.code) == "office.secretariat") office_root = id;
  }
  (void)leadership;
  ZB_ASSIGN_OR_RETURN(std::string hash, HashPassword(opt.password));
  std::vector<DemoLogin> logins;
  for (const UserSpec& u : kUsers) {
    store::User user;
    user.username = u.username;
    user.display_name = u.name;
    user.role = u.role;
    user.unit_id = unit_ids.at(u.unit);
    user.password_hash = hash;
    user.created_at = now;
    ZB_ASSIGN_OR_RETURN(user_ids[u.username], st.AddUser(user));
    ZB_ASSIGN_OR_RETURN(store::Unit unit, st.GetUnit(user.unit_id));
    logins.push_back({u.username, u.name, cases::RoleLabel(u.role), unit.name});
  }
  // The mayor's secretary records the mayor's instructions under an explicit delegation.
  store::Delegation d;
  d.leader_id = user_ids["mayor"];
  d.delegate_id = user_ids["sec_zhou"];
  d.scope = "*";
  d.starts_at = now - std::chrono::hours(24 * 365);
  ZB_RETURN_IF_ERROR(st.AddDelegation(d).status());

  // Leader-assigned matters: each case lives its own timeline in the past 60 days, driven through
  // the engine with a manual clock, and stops at a state chosen so that every state is present.
  std::mt19937 rng(opt.seed);
  auto pick = [&](const auto& v) { return v[rng() % v.size()]; };
  const std::vector<const char*> leaders = {"mayor", "vmayor1", "vmayor2"};
  const std::vector<const char*> office_staff = {"clerk_sun", "chief_sup", "clerk_wu"};
  const std::vector<const char*> liaisons = {"housing", "transport", "urban",
                                             "ecology", "education", "health",
                                             "water",   "hailing",   "jiangyan"};
  const std::vector<const char*> sources = {"会议交办", "批示交办", "口头交办", "电话交办"};
  // Where each case stops: 0 registered, 1 assigned, 2 returned, 3 handling, 4 replied, 5 closed.
  const std::vector<int> stops = {0, 1, 1, 2, 3, 3, 3, 3, 4, 4, 5, 5, 5, 5, 5};

  ManualClock clock(now);
  cases::CaseEngine engine(st, ctx.workflows, *ctx.deadlines, clock);
  std::map<std::string, cases::Actor> actors;
  auto actor = [&](const std::string& name) -> const cases::Actor& {
    auto it = actors.find(name);
    if (it == actors.end()) it = actors.emplace(name, *engine.LoadActor(user_ids.at(name))).first;
    return it->second;
  };
  auto act = [&](const std::string& who, cases::ActionRequest req) -> Status {
    return engine.Perform(actor(who), req).status();
  };
  for (int i = 0; i < opt.assignments; ++i) {
    int stop = stops[rng() % stops.size()];
    // Older cases are more likely to be finished; open ones spread over the last weeks.
    int age_hours =
        stop == 5 ? 200 + static_cast<int>(rng() % 1200) : 2 + static_cast<int>(rng() % 700);
    if (stop == 0) age_hours = 1 + static_cast<int>(rng() % 20);
    Instant t = now - std::chrono::hours(age_hours);
    // Registration happens during office hours.
    clock.Set(t);
    std::string clerk = pick(office_staff);
    std::string liaison = pick(liaisons);
    std::string leader = pick(leaders);
    cases::CreateRequest cr;
    cr.kind = "assignment";
    cr.title = pick(kMatters);
    cr.urgency = rng() % 6 == 0 ? "urgent" : "";
    cr.fields = {{"leader_id", user_ids[leader]},
                 {"content", std::string(cr.title) + "，请抓紧研究落实并按时反馈结果。"},
                 {"source", pick(sources)}};
    ZB_ASSIGN_OR_RETURN(store::Id id, engine.Create(actor(clerk), cr));
    auto step = [&](int max_hours) {
      clock.Advance(std::chrono::minutes(30 + static_cast<int>(rng() % (max_hours * 60))));
      if (clock.Now() > now) clock.Set(now);
    };
    auto req = [&](const char* action) {
      cases::ActionRequest r;
      r.case_id = id;
      r.action = action;
      return r;
    };
    if (rng() % 4 == 0) {
      auto ins = req("instruct");
      ins.text = "请抓紧办理，按时反馈。";
      ZB_RETURN_IF_ERROR(act(leader == "mayor" && rng() % 2 ? "sec_zhou" : leader, ins));
    }
    if (stop == 0) continue;
    step(3);
    auto assign = req("assign");
    assign.lead_unit_id = actor(liaison).user.unit_id;
    if (rng() % 3 == 0) {
      std::string co = pick(liaisons);
      if (co != liaison) assign.co_unit_ids = {actor(co).user.unit_id};
    }
    static const std::vector<const char*> limits = {"3 working days", "5 working days",
                                                    "10 working days", "15 working days"};
    assign.time_limit = pick(limits);
    ZB_RETURN_IF_ERROR(act(clerk, assign));
    if (stop == 1) continue;
    step(20);
    if (stop == 2) {
      auto ret = req("return");
      ret.reason = "此事项不属于本单位职责，建议交由相关部门办理";
      ZB_RETURN_IF_ERROR(act(liaison, ret));
      continue;
    }
    ZB_RETURN_IF_ERROR(act(liaison, req("accept")));
    int reports = static_cast<int>(rng() % 3);
    for (int k = 0; k < reports; ++k) {
      step(40);
      auto p = req("progress");
      p.text = pick(kProgress);
      ZB_RETURN_IF_ERROR(act(liaison, p));
    }
    if (rng() % 8 == 0) {
      step(10);
      auto u = req("urge");
      u.text = "请加快办理进度";
      ZB_RETURN_IF_ERROR(act(clerk, u));
    }
    if (stop == 3) continue;
    step(60);
    auto reply = req("reply");
    reply.text = pick(kReplies);
    reply.set_fields = {{"result", reply.text}};
    ZB_RETURN_IF_ERROR(act(liaison, reply));
    if (stop == 4) continue;
    step(24);
    ZB_RETURN_IF_ERROR(act(clerk, req("close")));
  }
  const std::string messages = opt.data_dir + "/tipdm2020-sample/attachment2.csv";
  ZB_RETURN_IF_ERROR(CreateDemoHotline(
      ctx, {.years = opt.hotline_years,
            .seed = opt.seed,
            .messages_file = messages,
            .categories_file = opt.data_dir + "/tipdm2020-sample/attachment1.csv"}));
  ZB_RETURN_IF_ERROR(CreateDemoSupervision(ctx, {.seed = opt.seed}));
  ZB_RETURN_IF_ERROR(CreateDemoInsight(
      ctx, {.stored = opt.hotline_years >= 2, .seed = opt.seed, .messages_file = messages}));
  return logins;
}

}  // namespace zb::app
