// Bulletins kept as cases of kind "bulletin" (config/workflows/bulletin.toml): the document is the
// field `document` (BulletinJson as text), so every draft, edit and issue is an event with its
// actor and an audit record. Issuing notifies every other active user in the same transaction
// ("published to units in the system").
#pragma once

#include <optional>
#include <string>

#include "cases/case_engine.h"
#include "supervision/bulletin.h"

namespace zb::supervision {

// Generates the month's bulletin from the data (at the engine's clock) and records it as a draft.
Result<store::Id> DraftBulletin(const cases::CaseEngine& engine, const cases::Actor& actor,
                                const BulletinOptions& options, const std::string& request_id);

// The document of a bulletin case.
Result<Bulletin> BulletinOfCase(const store::CaseRecord& c);

// Replaces a draft's document (the month reported on stays the case's).
Result<store::CaseRecord> EditBulletin(const cases::CaseEngine& engine, const cases::Actor& actor,
                                       store::Id id, Bulletin document,
                                       std::optional<int64_t> expected_version,
                                       const std::string& request_id);

// Issues a draft and notifies every other active user. Returns the issued case.
Result<store::CaseRecord> IssueBulletin(const cases::CaseEngine& engine, const cases::Actor& actor,
                                        store::Id id, std::optional<int64_t> expected_version,
                                        const std::string& request_id);

}  // namespace zb::supervision
