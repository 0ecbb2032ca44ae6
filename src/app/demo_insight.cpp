#include "app/demo_insight.h"

#include <spdlog/spdlog.h>

#include <fstream>
#include <random>
#include <sstream>

#include "analytics/generator.h"
#include "analytics/message_csv.h"
#include "api/insight_run.h"

namespace zb::app {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

Date Shift(Date d, int n) {
  return Date{sys_days(d) + days{n}};
}

// `count` calls about one matter at one place over [first, first + span), each from its own
// caller, as variants of one message.
void PlantHotIssue(std::vector<api::InsightTicket>& out, std::mt19937& rng, Date first, int span,
                   int count, const std::string& title, const std::string& text,
                   const std::string& district, const std::string& category) {
  const char* openings[] = {"", "您好，", "市民来电反映：", "来电人称，", "我要反映，"};
  for (int k = 0; k < count; ++k) {
    api::InsightTicket t;
    t.ticket.id = "D" + std::to_string(out.size() + 1);
    t.ticket.caller = "139" + std::to_string(10000000 + rng() % 89999999);
    t.ticket.title = title;
    t.ticket.content = std::string(openings[rng() % 5]) + text;
    t.ticket.district = district;
    t.ticket.category = category;
    t.ticket.day = analytics::DayNumber(Shift(first, static_cast<int>(rng() % span)));
    out.push_back(std::move(t));
  }
}

}  // namespace

Status CreateDemoInsight(AppContext& ctx, const DemoInsightOptions& o) {
  auto began = std::chrono::steady_clock::now();
  std::ifstream in(o.messages_file, std::ios::binary);
  if (!in) {
    return NotFound("找不到留言数据：" + o.messages_file, "no messages file: " + o.messages_file);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  ZB_ASSIGN_OR_RETURN(auto messages, analytics::ParseMessageCsv(buffer.str()));
  const calendar::WorkingCalendar& calendar = ctx.deadlines->calendar();
  Instant now = ctx.clock->Now();
  Date yesterday = Shift(ChinaDate(now), -1);
  api::InsightRunner& runner = api::InsightRunner::Shared();
  if (o.stored) {
    ZB_ASSIGN_OR_RETURN(store::Id system, api::InsightSystemUser(*ctx.store, now));
    for (Date to : {Shift(yesterday, -7), yesterday}) {
      api::InsightRequest req;
      req.kind = "daily";
      req.from = Shift(to, 1 - 2 * 365);  // the daily job's window
      req.to = to;
      req.actor_id = system;
      req.request_id = "demo";
      ZB_ASSIGN_OR_RETURN(store::Id run, runner.Run(*ctx.store, req, *ctx.clock, calendar));
      spdlog::info("demo insight run {} to {} over the stored tickets", run, FormatDate(to));
    }
    return Status();
  }

  analytics::GeneratorOptions g;
  g.days = 365 * o.years;
  g.start = Shift(yesterday, 1 - g.days);
  g.tickets_per_day = o.per_day;
  g.seed = o.seed;
  g.trending = 4;
  g.yearly = o.years >= 2 ? 4 : 0;
  g.weekly = 2;
  std::vector<api::InsightTicket> tickets;
  analytics::GenerateStream(messages.tickets, calendar, g, [&](analytics::Ticket t) {
    tickets.push_back({std::move(t), 0});
  });
  std::mt19937 rng(o.seed);
  std::vector<api::InsightTicket> planted;
  // The week before last: lifts out of order at one estate (subsided by the second run).
  PlantHotIssue(planted, rng, Shift(yesterday, -13), 6, 7, "金港花园小区电梯频繁故障困人",
                "姜堰区三水街道金港花园小区12幢电梯频繁故障，本周已两次困人，物业维修后仍然停运，"
                "老人上下楼困难",
                "姜堰区", "城乡建设");
  // Last week: sewage at an estate's gate, and a new matter all over the city.
  PlantHotIssue(planted, rng, Shift(yesterday, -6), 7, 9, "东方花园小区门口污水外溢",
                "海陵区凤凰路东方花园小区门口污水井堵塞，污水外溢，臭味很大，居民出行只能绕道",
                "海陵区", "城乡建设");
  const char* scooters[] = {
      "共享电单车乱停放，占用人行道和盲道，行人通行不便，希望加强管理",
      "公交站台旁共享电单车乱停放，堵塞盲道，视障人士无法通行",
      "共享电单车随意停放在盲道上，多次反映无人清理，请有关部门督促运营企业整改"};
  for (int day = 0; day < 7; ++day) {
    for (int k = 0; k < 3; ++k) {
      api::InsightTicket t;
      t.ticket.id = "D" + std::to_string(planted.size() + 1);
      t.ticket.caller = "137" + std::to_string(10000000 + rng() % 89999999);
      t.ticket.title = "共享电单车乱停放占用盲道";
      t.ticket.content = scooters[(day + k) % 3];
      t.ticket.category = "交通运输";
      t.ticket.day = analytics::DayNumber(Shift(yesterday, day - 6));
      planted.push_back(std::move(t));
    }
  }
  for (auto& t : planted) tickets.push_back(std::move(t));

  ZB_ASSIGN_OR_RETURN(store::Id system, api::InsightSystemUser(*ctx.store, now));
  // Daily runs, so the server's daily job finds today's update done and the next one (tomorrow,
  // over the stored tickets) compares with these.
  for (Date to : {Shift(yesterday, -7), yesterday}) {
    api::InsightRequest req;
    req.kind = "daily";
    req.from = g.start;
    req.to = to;
    req.actor_id = system;
    req.request_id = "demo";
    req.source = "synthetic";
    ZB_ASSIGN_OR_RETURN(store::Id run,
                        runner.RunOn(*ctx.store, req, tickets, *ctx.clock, calendar));
    spdlog::info("demo insight run {} to {}: {} tickets", run, FormatDate(to), tickets.size());
  }
  spdlog::info("demo insight: {} ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now() - began)
                                          .count());
  return Status();
}

}  // namespace zb::app
