// What every store does the same way unless it does better.
#include "store/store.h"

namespace zb::store {

std::unique_ptr<PreparedCases> CasePreparer::Prepare(std::vector<NewCase> cases) {
  auto p = std::make_unique<PreparedCases>();
  p->cases = std::move(cases);
  return p;
}

std::unique_ptr<CasePreparer> Store::NewCasePreparer() const {
  return std::make_unique<CasePreparer>();
}

Result<std::vector<Id>> Store::CreatePrepared(PreparedCases& prepared) {
  return CreateCases(prepared.cases);
}

}  // namespace zb::store
