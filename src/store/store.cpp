// What every store does the same way unless it does better.
#include "store/store.h"

#include <utility>

namespace zb::store {

void CasePreparer::Add(NewCase nc) {
  cases_.push_back(std::move(nc));
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
