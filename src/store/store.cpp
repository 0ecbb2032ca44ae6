// What every store does the same way unless it does better.
#include "store/store.h"

#include <utility>

#include "base/json_writer.h"

namespace zb::store {

void CasePreparer::Add(NewCase nc) {
  cases_.push_back(std::move(nc));
}

Result<CaseHistory> Store::GetCaseHistory(Id id) {
  CaseHistory h;
  ZB_ASSIGN_OR_RETURN(h.record, GetCase(id));
  ZB_ASSIGN_OR_RETURN(auto events, ListEvents(id));
  for (EventRecord& e : events) {
    h.events.push_back(HistoryEvent{std::move(static_cast<EventHead&>(e)), DumpJson(e.data)});
  }
  ZB_ASSIGN_OR_RETURN(h.attachments, ListAttachments(id));
  return h;
}

std::unique_ptr<PreparedCases> CasePreparer::Take() {
  auto p = std::make_unique<PreparedCases>();
  p->cases = std::exchange(cases_, {});
  return p;
}

std::unique_ptr<CasePreparer> Store::NewCasePreparer() const {
  return std::make_unique<CasePreparer>();
}

Result<std::vector<Id>> Store::CreatePrepared(PreparedCases& prepared) {
  return CreateCases(prepared.cases);
}

}  // namespace zb::store
