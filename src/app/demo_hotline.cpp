#include "app/demo_hotline.h"

#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "analytics/generator.h"
#include "analytics/message_csv.h"
#include "base/hash.h"
#include "hotline/caller.h"
#include "hotline/category_tree.h"
#include "hotline/import.h"
#include "hotline/merge.h"
#include "hotline/table_file.h"
#include "hotline/text_clean.h"

namespace zb::app {

namespace {

struct Message {
  std::string title, content, category;
};

// Which unit handles each first-level category, and its liaison (created when missing).
struct Route {
  const char* category;
  const char* unit;
  const char* liaison;
  const char* liaison_name;
};

const std::vector<Route> kRoutes = {
    {"城乡建设", "dept.housing", "housing", "住建局联络员"},
    {"城乡建设", "dept.urban", "urban", "城管局联络员"},
    {"环境保护", "dept.ecology", "ecology", "生态环境局联络员"},
    {"交通运输", "dept.transport", "transport", "交通局联络员"},
    {"教育文体", "dept.education", "education", "教育局联络员"},
    {"劳动和社会保障", "dept.human_resources", "hrss", "人社局联络员"},
    {"卫生计生", "dept.health", "health", "卫健委联络员"},
    {"商贸旅游", "dept.commerce", "commerce", "商务局联络员"},
};
const std::vector<Route> kDistricts = {
    {"", "district.hailing", "hailing", "海陵区联络员"},
    {"", "district.jiangyan", "jiangyan", "姜堰区联络员"},
    {"", "district.gaogang", "gaogang", "高港区联络员"},
};

const std::vector<const char*> kSurnames = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵",
                                            "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"};
const std::vector<const char*> kDistrictNames = {"海陵区", "高港区", "姜堰区",
                                                 "兴化市", "靖江市", "泰兴市"};
const std::vector<const char*> kProgress = {"已安排人员现场核查", "已约谈相关责任单位",
                                            "已联系来电人了解详细情况", "正在协调相关部门会商",
                                            "整改方案已制定，正在落实"};
const std::vector<const char*> kReplies = {
    "经核查，反映问题属实，已责令相关单位限期整改，整改完成后将再次复查。",
    "已联系来电人说明相关政策，并协调有关部门予以解决。",
    "经现场查看，问题已处理完毕，相关设施已恢复正常。",
    "已将有关建议转交主管部门研究，纳入下一阶段工作计划。",
    "经调查，该情况已依法依规处理，处理结果已告知来电人。"};

std::vector<Message> LoadMessages(const std::string& file) {
  std::vector<Message> out;
  std::ifstream in(file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto t = hotline::ParseTable(ss.str());
  if (t.ok() && !t->rows.empty()) {
    auto m = hotline::AutoMapping(t->rows[0]);
    std::map<std::string, size_t> col;
    for (size_t i = 0; i < t->rows[0].size(); ++i) col[t->rows[0][i]] = i;
    auto cell = [&](const hotline::Row& r, const char* target) -> std::string {
      auto it = m.find(target);
      if (it == m.end() || !col.count(it->second) || col[it->second] >= r.size()) return "";
      return r[col[it->second]];
    };
    for (size_t i = 1; i < t->rows.size(); ++i) {
      Message msg{hotline::TrimCell(cell(t->rows[i], "title")),
                  hotline::CleanMultiline(cell(t->rows[i], "content")),
                  hotline::TrimCell(cell(t->rows[i], "category"))};
      if (!msg.title.empty() && !msg.content.empty() && msg.content.size() < 30000) {
        out.push_back(std::move(msg));
      }
    }
  }
  if (out.empty()) {
    out = {
        {"小区旁工地夜间施工噪音扰民", "工地每天晚上十一点后仍在施工，严重影响休息。", "城乡建设"},
        {"公交线路调整后出行不便", "公交线路调整后，附近居民去医院需要换乘两次。", "交通运输"},
        {"企业拖欠工资三个月", "公司已拖欠工资三个月，多次讨要无果。", "劳动和社会保障"}};
  }
  return out;
}

}  // namespace

Status CreateDemoHotline(AppContext& ctx, const DemoHotlineOptions& opt) {
  store::Store& st = *ctx.store;
  Instant now = ctx.clock->Now();
  std::mt19937 rng(opt.seed + 311);
  auto chance = [&](int percent) { return static_cast<int>(rng() % 100) < percent; };
  auto pick = [&](const auto& v) -> decltype(auto) { return v[rng() % v.size()]; };
  auto minutes = [&](int lo, int hi) {
    return std::chrono::minutes(lo + static_cast<int>(rng() % static_cast<unsigned>(hi - lo + 1)));
  };

  ManualClock clock(now);
  cases::CaseEngine engine(st, ctx.workflows, *ctx.deadlines, clock);
  std::map<std::string, cases::Actor> actors;
  auto actor = [&](const std::string& name) -> Result<cases::Actor> {
    auto it = actors.find(name);
    if (it != actors.end()) return it->second;
    ZB_ASSIGN_OR_RETURN(store::User u, st.FindUserByName(name));
    ZB_ASSIGN_OR_RETURN(cases::Actor a, engine.LoadActor(u.id));
    return actors.emplace(name, a).first->second;
  };
  // Liaisons for every unit the hotline dispatches to.
  std::vector<Route> routes = kRoutes;
  routes.insert(routes.end(), kDistricts.begin(), kDistricts.end());
  for (const Route& r : routes) {
    if (st.FindUserByName(r.liaison).ok()) continue;
    ZB_ASSIGN_OR_RETURN(store::Unit unit, st.FindUnitByCode(r.unit));
    store::User u;
    u.username = r.liaison;
    u.display_name = r.liaison_name;
    u.role = "unit_liaison";
    u.unit_id = unit.id;
    u.created_at = now;
    ZB_RETURN_IF_ERROR(st.AddUser(u).status());
  }
  std::vector<Message> messages = LoadMessages(opt.messages_file);
  auto tree = hotline::CategoryTree::LoadFile(opt.categories_file);
  std::vector<const hotline::Category*> leaves;
  if (tree.ok()) leaves = tree->Leaves();
  const auto& cal = ctx.deadlines->calendar();

  std::vector<store::NewCase> batch;
  std::vector<std::pair<Instant, std::string>> open_for_merge;  // created, category
  auto flush = [&]() -> Status {
    if (batch.empty()) return Status();
    ZB_RETURN_IF_ERROR(st.CreateCases(batch).status());
    batch.clear();
    return Status();
  };

  // One ticket registered at `created`, living its timeline up to now.
  auto add_ticket = [&](Instant created, const Message& m, const std::string& district,
                        const std::string& caller) -> Status {
    std::vector<const Route*> candidates;
    for (const Route& r : kRoutes) {
      if (m.category == r.category) candidates.push_back(&r);
    }
    const Route& route = candidates.empty() ? pick(kRoutes) : *pick(candidates);
    std::string category = m.category;
    for (const hotline::Category* leaf : leaves) {
      if (leaf->path.rfind(m.category + "/", 0) == 0 && leaf->name.size() >= 6 &&
          m.title.find(leaf->name) != std::string::npos) {
        category = leaf->path;
        break;
      }
    }
    cases::CreateRequest cr;
    cr.kind = "hotline";
    cr.title = m.title.size() > 300 ? m.title.substr(0, 300) : m.title;
    cr.urgency = chance(3) ? "urgent" : "";
    int channel_roll = static_cast<int>(rng() % 100);
    std::string channel = channel_roll < 60   ? "phone"
                          : channel_roll < 80 ? "web"
                          : channel_roll < 92 ? "app"
                          : channel_roll < 95 ? "letter"
                                              : "open311";
    char phone[16];
    std::snprintf(phone, sizeof phone, "1%d%09u", 3 + static_cast<int>(rng() % 7),
                  static_cast<unsigned>(rng() % 1000000000));
    if (!caller.empty()) {
      // The stream's caller as a stable mobile number: the same caller calls from the same phone.
      // (Its own seed, kept so the demo's phone numbers stay as they were.)
      uint64_t h = Fnv1a64(caller, 1469598103934665603ULL);
      std::snprintf(phone, sizeof phone, "1%d%09u", 3 + static_cast<int>(h % 7),
                    static_cast<unsigned>((h >> 8) % 1000000000));
    }
    cr.fields = {{"caller_name", std::string(pick(kSurnames)) + (chance(50) ? "先生" : "女士")},
                 {"phone", phone},
                 {"confidential", chance(8)},
                 {"channel", channel},
                 {"request_type", hotline::GuessRequestType(m.title, m.content)},
                 {"category", category},
                 {"district", district.empty() ? std::string(pick(kDistrictNames)) : district},
                 {"content", m.content},
                 {"received_at", FormatChinaMinute(created)}};
    std::string op = chance(50) ? "operator1" : "operator2";
    ZB_ASSIGN_OR_RETURN(cases::Actor operator_actor, actor(op));
    ZB_ASSIGN_OR_RETURN(store::NewCase nc, engine.PrepareCreate(operator_actor, cr, created));
    Instant t = created;
    // Some recent tickets are caught part-way, so every open state is on the screens.
    int steps_left =
        created > now - std::chrono::hours(72) && chance(50) ? static_cast<int>(rng() % 5) : 1000;
    // Each step happens `delay` later; the ticket stops where its next step would be after now.
    auto step = [&](const std::string& who, cases::ActionRequest req,
                    std::chrono::minutes delay) -> Result<bool> {
      if (t + delay > now || steps_left-- <= 0) return false;
      t += delay;
      ZB_ASSIGN_OR_RETURN(cases::Actor a, actor(who));
      ZB_ASSIGN_OR_RETURN(store::CaseChange ch, engine.Plan(a, nc.record, req, t));
      nc.record = ch.updated;
      nc.events.push_back(ch.events.back());
      return true;
    };
    auto req = [](const char* action) {
      cases::ActionRequest r;
      r.action = action;
      return r;
    };
    auto run = [&]() -> Status {
      std::string type = cr.fields["request_type"];
      if (type == "inquiry" && chance(60)) {
        auto a = req("answer");
        a.text = "已当场解答：" + std::string(pick(kReplies));
        a.set_fields = {{"reply", a.text}};
        ZB_ASSIGN_OR_RETURN(bool ok, step(op, a, minutes(3, 20)));
        (void)ok;
        return Status();
      }
      auto dispatch = req("dispatch");
      ZB_ASSIGN_OR_RETURN(store::Unit lead, st.FindUnitByCode(route.unit));
      dispatch.lead_unit_id = lead.id;
      if (chance(15)) {
        ZB_ASSIGN_OR_RETURN(store::Unit co, st.FindUnitByCode(pick(kDistricts).unit));
        dispatch.co_unit_ids = {co.id};
      }
      ZB_ASSIGN_OR_RETURN(bool ok, step(op, dispatch, minutes(10, 180)));
      if (!ok) return Status();
      std::string liaison = route.liaison;
      if (chance(7)) {
        auto ret = req("return");
        ret.reason = "该事项不属于本单位职责范围，建议转属地政府办理";
        ZB_ASSIGN_OR_RETURN(ok, step(liaison, ret, minutes(30, 600)));
        if (!ok) return Status();
        const Route& other = pick(kDistricts);
        auto again = req("redispatch");
        ZB_ASSIGN_OR_RETURN(store::Unit u, st.FindUnitByCode(other.unit));
        again.lead_unit_id = u.id;
        ZB_ASSIGN_OR_RETURN(ok, step(op, again, minutes(20, 240)));
        if (!ok) return Status();
        liaison = other.liaison;
      }
      ZB_ASSIGN_OR_RETURN(ok, step(liaison, req("accept"), minutes(20, 480)));
      if (!ok) return Status();
      // Most units answer well within the limit; some are late.
      int slow = chance(12) ? 4 : 1;
      for (int p = static_cast<int>(rng() % 3); p > 0; --p) {
        auto pr = req("progress");
        pr.text = pick(kProgress);
        ZB_ASSIGN_OR_RETURN(ok, step(liaison, pr, minutes(240, 1800 * slow)));
        if (!ok) return Status();
      }
      if (chance(4)) {
        auto ext = req("request_extension");
        ext.reason = "涉及多个部门，需联合调查";
        ext.due_at = (nc.record.due_at ? *nc.record.due_at : t) + std::chrono::days(7);
        ZB_ASSIGN_OR_RETURN(ok, step(liaison, ext, minutes(30, 300)));
        if (!ok) return Status();
        ZB_ASSIGN_OR_RETURN(ok, step("chief_sup", req("approve_extension"), minutes(30, 300)));
        if (!ok) return Status();
      }
      if (nc.record.due_at && t > *nc.record.due_at && chance(50)) {
        auto sup = req("supervise");
        sup.reason = "超期未办结，列入督办";
        ZB_ASSIGN_OR_RETURN(ok, step("chief_sup", sup, minutes(10, 120)));
        if (!ok) return Status();
      }
      auto reply = req("reply");
      reply.text = pick(kReplies);
      reply.set_fields = {{"reply", reply.text}};
      ZB_ASSIGN_OR_RETURN(ok, step(liaison, reply, minutes(240, 3000 * slow)));
      if (!ok) return Status();
      int outcome = static_cast<int>(rng() % 100);
      if (outcome < 8) {
        auto dis = req("callback_dissatisfied");
        dis.text = "来电人表示问题仍未解决";
        ZB_ASSIGN_OR_RETURN(ok, step(op, dis, minutes(60, 1800)));
        if (!ok) return Status();
        if (chance(70)) {
          auto reopen = req("reopen");
          reopen.reason = "回访不满意，重新办理";
          ZB_ASSIGN_OR_RETURN(ok, step(op, reopen, minutes(30, 240)));
          if (!ok) return Status();
          auto again = req("reply");
          again.text = "已再次现场处理，问题已解决";
          again.set_fields = {{"reply", again.text}};
          ZB_ASSIGN_OR_RETURN(ok, step(liaison, again, minutes(240, 2400)));
          if (!ok) return Status();
          ZB_ASSIGN_OR_RETURN(ok, step(op, req("callback_basically_satisfied"), minutes(60, 1200)));
        } else {
          auto close = req("close");
          close.reason = "诉求超出政策规定，已向来电人解释";
          ZB_ASSIGN_OR_RETURN(ok, step("chief_sup", close, minutes(60, 600)));
        }
      } else if (outcome < 12) {
        ZB_ASSIGN_OR_RETURN(ok, step(op, req("callback_unreachable"), minutes(60, 600)));
        if (!ok) return Status();
        auto close = req("close_unreachable");
        close.reason = "三次回访均未接通";
        ZB_ASSIGN_OR_RETURN(ok, step(op, close, minutes(600, 2400)));
      } else {
        const char* action = outcome < 30 ? "callback_basically_satisfied" : "callback_satisfied";
        ZB_ASSIGN_OR_RETURN(ok, step(op, req(action), minutes(60, 1800)));
      }
      return Status();
    };
    ZB_RETURN_IF_ERROR(run());
    batch.push_back(std::move(nc));
    if (batch.size() >= 500) ZB_RETURN_IF_ERROR(flush());
    return Status();
  };

  if (opt.years > 0) {
    // The generated stream: its day, title, text, category, district and caller.
    std::ifstream in(opt.messages_file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    ZB_ASSIGN_OR_RETURN(analytics::MessageFile templates, analytics::ParseMessageCsv(text.str()));
    analytics::GeneratorOptions g;
    g.days = 365 * opt.years;
    g.start = Date{std::chrono::sys_days(ChinaDate(now)) - std::chrono::days(g.days - 1)};
    g.tickets_per_day = opt.per_day;
    g.emerging = 4 * opt.years;
    g.hot_issues = 10 * opt.years;
    g.trending = 4;
    g.yearly = opt.years >= 2 ? 4 : 0;
    g.weekly = 2;
    g.seed = opt.seed;
    Status failed;
    analytics::GenerateStream(templates.tickets, cal, g, [&](analytics::Ticket t) {
      if (!failed.ok()) return;
      Instant created =
          ChinaMidnight(analytics::DateOfDay(t.day)) + std::chrono::hours(8) + minutes(0, 12 * 60);
      if (created > now - std::chrono::minutes(5)) return;
      Message m{t.title.empty() ? t.content.substr(0, 60) : t.title, t.content, t.category};
      failed = add_ticket(created, m, t.district, t.caller);
    });
    ZB_RETURN_IF_ERROR(failed);
  } else {
    for (int day = opt.days; day >= 0; --day) {
      Date date = ChinaDate(now - std::chrono::days(day));
      bool working = cal.IsWorkingDay(date);
      int mean = working ? opt.per_working_day : opt.per_working_day / 3;
      int count = mean / 2 + static_cast<int>(rng() % static_cast<unsigned>(mean + 1));
      for (int i = 0; i < count; ++i) {
        Instant created = ChinaMidnight(date) + std::chrono::hours(8) + minutes(0, 12 * 60);
        if (created > now - std::chrono::minutes(5)) continue;
        ZB_RETURN_IF_ERROR(add_ticket(created, pick(messages), "", ""));
      }
    }
  }
  ZB_RETURN_IF_ERROR(flush());

  // Repeat calls merged into the ticket they repeat: among today's and yesterday's open tickets,
  // pairs with the same title.
  store::CaseQuery q;
  q.kind = "hotline";
  q.open_only = true;
  q.limit = 200;
  ZB_ASSIGN_OR_RETURN(store::CasePage recent, st.ListCases(q));
  std::map<std::string, store::CaseRecord> first_by_category;
  int merged = 0;
  ZB_ASSIGN_OR_RETURN(cases::Actor op, actor("operator1"));
  for (auto it = recent.cases.rbegin(); it != recent.cases.rend() && merged < 12; ++it) {
    const store::CaseRecord& c = *it;
    std::string key = c.fields.value("category", "");
    auto found = first_by_category.find(key);
    if (found == first_by_category.end()) {
      first_by_category.emplace(key, c);
      continue;
    }
    if (c.state != "registered" && c.state != "dispatched") continue;
    clock.Set(
        std::min(now, std::max(c.updated_at, found->second.updated_at) + std::chrono::minutes(5)));
    auto r = hotline::MergeTickets(engine, op, {c.id, found->second.id, "同一问题重复来电", ""});
    if (r.ok()) {
      found->second = *r;
      ++merged;
    }
  }
  return Status();
}

}  // namespace zb::app
