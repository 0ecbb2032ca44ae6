#include "store/audit.h"

#include "base/sha256.h"

namespace zb::store {

std::string AuditHash(const AuditEntry& e, const std::string& prev_hash) {
  nlohmann::json fields = {
      e.id,         ToUnixSeconds(e.at),
      e.actor_id,   e.on_behalf_of ? nlohmann::json(*e.on_behalf_of) : nlohmann::json(),
      e.action,     e.target,
      e.request_id, e.detail.dump()};
  return Sha256Hex(prev_hash + "\n" + fields.dump());
}

Result<AuditVerification> VerifyAuditChain(Store& store) {
  AuditVerification v;
  std::string prev;
  Id last_id = 0;
  for (;;) {
    ZB_ASSIGN_OR_RETURN(auto batch, store.ListAudit(last_id, 5000));
    if (batch.empty()) break;
    for (const AuditEntry& e : batch) {
      ++v.records;
      std::string why;
      if (e.id != last_id + 1) {
        why = "record(s) " + std::to_string(last_id + 1) + ".." + std::to_string(e.id - 1) +
              " missing";
      } else if (e.prev_hash != prev) {
        why = "prev_hash does not match the previous record";
      } else if (e.hash != AuditHash(e, prev)) {
        why = "the record was altered (hash mismatch)";
      }
      if (!why.empty() && !v.first_broken) {
        v.first_broken = e.id;
        v.problem = why;
      }
      prev = e.hash;
      last_id = e.id;
    }
  }
  return v;
}

}  // namespace zb::store
