#include "supervision/bulletin_case.h"

#include "supervision/case_scan.h"

namespace zb::supervision {

namespace {

Result<store::CaseRecord> BulletinCase(const cases::CaseEngine& engine, const cases::Actor& actor,
                                       store::Id id) {
  auto c = engine.store().GetCase(id);
  if (!c.ok() || c->kind != "bulletin" || !engine.CanSee(actor, *c)) {
    return NotFound("通报不存在：" + std::to_string(id), "no bulletin " + std::to_string(id));
  }
  return c;
}

}  // namespace

Result<store::Id> DraftBulletin(const cases::CaseEngine& engine, const cases::Actor& actor,
                                const BulletinOptions& options, const std::string& request_id) {
  ZB_ASSIGN_OR_RETURN(Bulletin b, GenerateBulletin(engine.store(), options, engine.clock().Now()));
  cases::CreateRequest req;
  req.kind = "bulletin";
  req.title = b.title;
  req.fields = {{"month", b.month}, {"number", b.number}, {"document", BulletinJson(b).dump()}};
  req.request_id = request_id;
  return engine.Create(actor, req);
}

Result<Bulletin> BulletinOfCase(const store::CaseRecord& c) {
  nlohmann::json doc = nlohmann::json::parse(StrField(c, "document"), nullptr, false);
  if (doc.is_discarded()) return Internal("通报正文已损坏", "the bulletin's document is damaged");
  return BulletinFromJson(doc);
}

Result<store::CaseRecord> EditBulletin(const cases::CaseEngine& engine, const cases::Actor& actor,
                                       store::Id id, Bulletin document,
                                       std::optional<int64_t> expected_version,
                                       const std::string& request_id) {
  ZB_ASSIGN_OR_RETURN(store::CaseRecord c, BulletinCase(engine, actor, id));
  document.month = StrField(c, "month");
  cases::ActionRequest req;
  req.case_id = c.id;
  req.action = "edit";
  req.expected_version = expected_version;
  req.set_fields = {{"number", document.number}, {"document", BulletinJson(document).dump()}};
  req.request_id = request_id;
  return engine.Perform(actor, req);
}

Result<store::CaseRecord> IssueBulletin(const cases::CaseEngine& engine, const cases::Actor& actor,
                                        store::Id id, std::optional<int64_t> expected_version,
                                        const std::string& request_id) {
  ZB_ASSIGN_OR_RETURN(store::CaseRecord c, BulletinCase(engine, actor, id));
  cases::ActionRequest req;
  req.case_id = c.id;
  req.action = "issue";
  req.expected_version = expected_version;
  req.request_id = request_id;
  Instant now = engine.clock().Now();
  ZB_ASSIGN_OR_RETURN(store::CaseChange change, engine.Plan(actor, c, req, now));
  ZB_ASSIGN_OR_RETURN(auto users, engine.store().ListUsers());
  std::string number = StrField(c, "number");
  for (const auto& u : users) {
    if (!u.active || u.id == actor.user.id) continue;
    store::Notification n;
    n.user_id = u.id;
    n.kind = "bulletin";
    n.title = "督查通报：" + c.title;
    n.body = number + " 已印发，请在“督查督办 — 督查通报”中查阅，对照整改。";
    n.created_at = now;
    change.notifications.push_back(std::move(n));
  }
  const store::EventRecord& e = change.events.back();
  store::AuditEntry a;
  a.at = now;
  a.actor_id = actor.user.id;
  a.on_behalf_of = e.on_behalf_of;
  a.action = "case.issue";
  a.target = "case:" + std::to_string(c.id);
  a.request_id = request_id;
  a.detail = {{"from", e.from_state},
              {"to", e.to_state},
              {"seq", e.seq},
              {"notified", change.notifications.size()}};
  change.audit = std::move(a);
  ZB_RETURN_IF_ERROR(engine.store().ApplyChange(change));
  return change.updated;
}

}  // namespace zb::supervision
