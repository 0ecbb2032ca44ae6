// zhengban case list|show
#include <iostream>

#include "app/app_context.h"
#include "calendar/light.h"

namespace zb::app {
namespace {

std::string LightOf(const AppContext& ctx, const store::CaseRecord& c, Instant now) {
  if (c.closed_at || !c.due_at) return "-";
  if (now >= *c.due_at) return "红 red";
  if (c.yellow_at && now >= *c.yellow_at) return "黄 yellow";
  (void)ctx;
  return "绿 green";
}

std::string StateLabel(const AppContext& ctx, const store::CaseRecord& c) {
  const cases::Workflow* wf = ctx.workflows.Find(c.kind);
  const cases::StateDef* st = wf ? wf->FindState(c.state) : nullptr;
  return st ? st->label : c.state;
}

void Setup(CLI::App& app, GlobalOptions& options) {
  auto* cs = app.add_subcommand("case", "查看事项 (list and show cases)");
  cs->require_subcommand(1);

  struct ListArgs {
    std::string kind, state, light, unit;
    int limit = 50;
  };
  auto la = std::make_shared<ListArgs>();
  auto* list = cs->add_subcommand("list", "列出事项 (list cases)");
  list->add_option("--kind", la->kind);
  list->add_option("--state", la->state);
  list->add_option("--light", la->light, "red|yellow|green");
  list->add_option("--unit", la->unit, "单位代码 unit code");
  list->add_option("--limit", la->limit)->capture_default_str();
  list->callback([&options, la] {
    auto ctx = OpenContext(options);
    store::CaseQuery q;
    if (!la->kind.empty()) q.kind = la->kind;
    if (!la->state.empty()) q.state = la->state;
    if (!la->light.empty()) q.light = la->light;
    if (!la->unit.empty()) {
      auto u = ctx->store->FindUnitByCode(la->unit);
      if (!u.ok()) Fail(u.status().ToString(), 2);
      q.unit_id = u->id;
    }
    q.now = ctx->clock->Now();
    q.limit = la->limit;
    auto page = ctx->store->ListCases(q);
    if (!page.ok()) Fail(page.status().ToString(), 2);
    for (const auto& c : page->cases) {
      std::cout << c.id << "\t" << c.kind << "\t" << StateLabel(*ctx, c) << "\t"
                << LightOf(*ctx, c, q.now) << "\t"
                << (c.due_at ? FormatChinaMinute(*c.due_at) : "-") << "\t" << c.title << "\n";
    }
  });

  auto id = std::make_shared<int64_t>(0);
  auto* show = cs->add_subcommand("show", "查看事项及其历史 (show a case and its history)");
  show->add_option("id", *id)->required();
  show->callback([&options, id] {
    auto ctx = OpenContext(options);
    auto c = ctx->store->GetCase(*id);
    if (!c.ok()) Fail(c.status().ToString(), 2);
    Instant now = ctx->clock->Now();
    std::cout << "编号 id:      " << c->id << "\n"
              << "类别 kind:    " << c->kind << "\n"
              << "标题 title:   " << c->title << "\n"
              << "状态 state:   " << StateLabel(*ctx, *c) << "\n"
              << "灯 light:     " << LightOf(*ctx, *c, now) << "\n"
              << "时限 due:     " << (c->due_at ? FormatChinaMinute(*c->due_at) : "-") << "\n";
    if (c->lead_unit_id) {
      auto u = ctx->store->GetUnit(*c->lead_unit_id);
      std::cout << "主办 lead:    " << (u.ok() ? u->name : "?") << "\n";
    }
    std::cout << "字段 fields:  " << c->fields.dump() << "\n历史 history:\n";
    auto events = ctx->store->ListEvents(*id);
    if (!events.ok()) Fail(events.status().ToString());
    for (const auto& e : *events) {
      auto actor = ctx->store->GetUser(e.actor_id);
      std::cout << "  " << e.seq << "  " << FormatChinaMinute(e.at) << "  " << e.type << "  "
                << (actor.ok() ? actor->display_name : "?");
      if (e.on_behalf_of) {
        auto leader = ctx->store->GetUser(*e.on_behalf_of);
        std::cout << "（代 " << (leader.ok() ? leader->display_name : "?") << "）";
      }
      std::cout << "  " << e.from_state << " → " << e.to_state;
      if (e.data.contains("text")) std::cout << "  " << e.data["text"].get<std::string>();
      if (e.data.contains("reason")) std::cout << "  理由:" << e.data["reason"].get<std::string>();
      std::cout << "\n";
    }
  });
}

const CommandRegistrar registrar(&Setup);

}  // namespace
}  // namespace zb::app
