#include "supervision/action_rules.h"

#include "supervision/key_project.h"

namespace zb::supervision {

Status CheckReturnWindow(const store::CaseRecord& c, Instant now) {
  if (c.step_due_at && now > *c.step_due_at) {
    return Invalid("退回须在交办后 10 日内提出，期限已于 " + FormatChinaMinute(*c.step_due_at) +
                       " 届满；请先办理，或与督查室联系重新交办",
                   "an item may be returned only within 10 days of its assignment; the window "
                   "closed at " +
                       FormatChinaMinute(*c.step_due_at));
  }
  return Status();
}

void AddSupervisionRules(cases::CaseEngine& engine) {
  engine.AddRule("key_project", "report",
                 [](const store::CaseRecord& c, const cases::ActionRequest& req, Instant now) {
                   return CheckProgressReport(c, req.set_fields, now);
                 });
  for (const char* kind : {"deputy_suggestion", "cppcc_proposal"}) {
    engine.AddRule(kind, "return",
                   [](const store::CaseRecord& c, const cases::ActionRequest&, Instant now) {
                     return CheckReturnWindow(c, now);
                   });
  }
}

}  // namespace zb::supervision
