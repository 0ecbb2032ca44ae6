// The supervision rules the workflow files cannot express, added to the case engine as action
// rules (cases::ActionRule) so that every route obeys them, the generic POST
// /api/cases/{id}/actions included:
//   key_project "report"             the period fits the cycle and has started; 0–100 percent
//                                    (CheckProgressReport, key_project.h)
//   deputy_suggestion / cppcc_proposal "return"
//                                    only within the window of the "assigned" step (10 days from
//                                    the assignment, the state's time limit in the workflow file)
#pragma once

#include "cases/case_engine.h"

namespace zb::supervision {

// The return window's rule alone (for tests): refuses a return after the step's time limit.
Status CheckReturnWindow(const store::CaseRecord& c, Instant now);

// Adds the rules above to `engine` (at start-up, before it serves).
void AddSupervisionRules(cases::CaseEngine& engine);

}  // namespace zb::supervision
