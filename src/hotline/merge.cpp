#include "hotline/merge.h"

#include "hotline/caller.h"

namespace zb::hotline {

namespace {

Result<store::CaseRecord> VisibleTicket(const cases::CaseEngine& engine, const cases::Actor& actor,
                                        store::Id id) {
  auto c = engine.store().GetCase(id);
  if (!c.ok() || !engine.CanSee(actor, *c) || c->kind != "hotline") {
    return NotFound("工单不存在：" + std::to_string(id), "no hotline ticket " + std::to_string(id));
  }
  return c;
}

cases::ActionRequest AbsorbRequest(const store::CaseRecord& target, const store::CaseRecord& source,
                                   const MergeRequest& req) {
  auto list = nlohmann::json::parse(target.fields.value("merged_callers", "[]"), nullptr, false);
  if (!list.is_array()) list = nlohmann::json::array();
  for (const Caller& c : CallersOf(source.id, source.fields)) {
    list.push_back({{"case_id", c.case_id},
                    {"name", c.name},
                    {"phone", c.phone},
                    {"confidential", c.confidential}});
  }
  cases::ActionRequest a;
  a.case_id = target.id;
  a.action = "absorb";
  a.expected_version = target.version;
  a.text = "并入工单 #" + std::to_string(source.id) + "：" + source.title;
  a.reason = req.reason;
  a.set_fields = {{"merged_callers", list.dump()}};
  a.request_id = req.request_id;
  return a;
}

}  // namespace

Result<store::CaseRecord> MergeTickets(const cases::CaseEngine& engine, const cases::Actor& actor,
                                       const MergeRequest& req) {
  if (req.source_id == req.target_id) {
    return Invalid("不能把工单并入自身", "a ticket cannot be merged into itself");
  }
  ZB_ASSIGN_OR_RETURN(store::CaseRecord source, VisibleTicket(engine, actor, req.source_id));
  ZB_ASSIGN_OR_RETURN(store::CaseRecord target, VisibleTicket(engine, actor, req.target_id));
  if (target.closed_at) {
    return Conflict("目标工单已办结或已并单，不能并入", "the target ticket is no longer open");
  }
  cases::ActionRequest merge;
  merge.case_id = source.id;
  merge.action = "merge";
  merge.expected_version = source.version;
  merge.reason = req.reason;
  merge.text = "并入工单 #" + std::to_string(target.id);
  merge.set_fields = {{"merged_into", target.id}};
  merge.request_id = req.request_id;
  Instant now = engine.clock().Now();
  // Both must be possible before either is written.
  ZB_RETURN_IF_ERROR(engine.Plan(actor, source, merge, now).status());
  ZB_RETURN_IF_ERROR(engine.Plan(actor, target, AbsorbRequest(target, source, req), now).status());
  ZB_ASSIGN_OR_RETURN(source, engine.Perform(actor, merge));
  for (int attempt = 0;; ++attempt) {
    auto done = engine.Perform(actor, AbsorbRequest(target, source, req));
    if (done.ok() || done.status().code() != ErrorCode::kConflict || attempt == 4) return done;
    ZB_ASSIGN_OR_RETURN(target, engine.store().GetCase(target.id));
  }
}

}  // namespace zb::hotline
