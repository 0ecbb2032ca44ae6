// The audit trail's hash chain. Each record's hash covers the previous record's hash and every
// field of the record, so altering, deleting or inserting a record breaks the chain at that point.
#pragma once

#include <optional>
#include <string>

#include "store/store.h"

namespace zb::store {

// SHA-256 hex over prev_hash and the record's fields in a fixed, documented order.
std::string AuditHash(const AuditEntry& e, const std::string& prev_hash);

struct AuditVerification {
  int64_t records = 0;
  std::optional<Id> first_broken;  // the first record whose link does not hold
  std::string problem;             // what is wrong there
};

// Walks the whole chain from the first record.
Result<AuditVerification> VerifyAuditChain(Store& store);

}  // namespace zb::store
