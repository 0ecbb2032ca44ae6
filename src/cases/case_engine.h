// The case engine: creates cases of any kind, performs workflow actions on them with permission
// checks, and says which actions an actor may take now. Every change is an event with its real
// actor (and `on_behalf_of` when a leader's delegation is used); the case row is derived from the
// events (projection.h).
//
// Thread-safe: it holds no mutable state; concurrent actions on one case are serialised by the
// store's version check (the loser gets kConflict).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/time.h"
#include "cases/actor.h"
#include "cases/deadlines.h"
#include "cases/workflow_registry.h"
#include "store/store.h"

namespace zb::cases {

struct CreateRequest {
  std::string kind;
  std::string title;
  nlohmann::json fields = nlohmann::json::object();
  std::string urgency;     // "" | "urgent" | "extra_urgent"
  std::string request_id;  // recorded in the audit trail
};

struct ActionRequest {
  store::Id case_id = 0;
  std::string action;
  std::optional<int64_t> expected_version;  // refuse if the case changed meanwhile
  std::string reason;                       // why (return, extension, reopen, …)
  std::string text;  // the content: a reply, a progress report, a comment, an instruction
  std::optional<store::Id> lead_unit_id;
  std::vector<store::Id> co_unit_ids;
  std::optional<Instant> due_at;          // an explicit deadline, or the extension asked for
  std::optional<std::string> time_limit;  // or a limit expression, e.g. "3 working days"
  nlohmann::json set_fields = nlohmann::json::object();  // kind-specific values recorded
  std::optional<store::Id> on_behalf_of;                 // the leader whose decision this records
  std::string request_id;                                // recorded in the audit trail
};

// An action the actor may take now, as the interface should offer it.
struct AvailableAction {
  std::string action, label, label_en;
  bool reason_required = false;
  bool text_required = false;
  bool needs_lead_unit = false;
  bool asks_due = false;                  // sets a time limit or asks for an extension
  std::optional<store::Id> on_behalf_of;  // set when taken under a delegation
  // The case's fields the action records from the person taking it (its requires_fields not yet
  // on record, its asks_fields and matches_field, e.g. a reply's answer class, the author's name
  // for a satisfaction).
  std::vector<std::string> fields;
};

// A rule a module adds to an action of one of its kinds, beyond what the workflow file can say
// (e.g. a progress report's period must have started). Plan checks it after the workflow's own
// checks, so the generic actions route, the commands and the module's functions all obey it.
// Returns an error status to refuse; nothing is written then.
using ActionRule =
    std::function<Status(const store::CaseRecord& c, const ActionRequest& req, Instant now)>;

class CaseEngine {
 public:
  CaseEngine(store::Store& store, const WorkflowRegistry& workflows, const Deadlines& deadlines,
             const Clock& clock)
      : store_(store), workflows_(workflows), deadlines_(deadlines), clock_(clock) {}

  Result<Actor> LoadActor(store::Id user_id) const;

  // Create and Perform also append an audit record in the same transaction.
  Result<store::Id> Create(const Actor& actor, const CreateRequest& req) const;
  // Validates a request and builds the new case with its "created" event, without writing.
  // (A request moved in is not copied: its fields may be a kilobyte of text.)
  Result<store::NewCase> PrepareCreate(const Actor& actor, CreateRequest req, Instant now) const;

  Result<store::CaseRecord> Perform(const Actor& actor, const ActionRequest& req) const;
  // Plans an action on `current` at `now` without writing: the change to apply.
  Result<store::CaseChange> Plan(const Actor& actor, const store::CaseRecord& current,
                                 const ActionRequest& req, Instant now) const;

  // Records an attachment already stored in the AttachmentStore: an "attached" event (with its
  // audit record) and the attachment's metadata. Anyone who can see the case may attach.
  Result<store::AttachmentRecord> Attach(const Actor& actor, store::Id case_id,
                                         store::AttachmentRecord meta,
                                         const std::string& request_id) const;

  // The actions `actor` may take on `c` now. `delegations`, if given, are the delegations on
  // record as the caller last read them (a few seconds old at most); else they are read here.
  std::vector<AvailableAction> AvailableActions(
      const Actor& actor, const store::CaseRecord& c,
      std::shared_ptr<const std::vector<store::Delegation>> delegations = nullptr) const;
  bool CanSee(const Actor& actor, const store::CaseRecord& c) const;

  // Adds a rule for `action` on cases of `kind`. Not thread-safe: add rules before the engine is
  // shared between threads (at start-up).
  void AddRule(std::string kind, std::string action, ActionRule rule);

  const WorkflowRegistry& workflows() const { return workflows_; }
  store::Store& store() const { return store_; }
  const Clock& clock() const { return clock_; }
  const Deadlines& deadlines() const { return deadlines_; }

 private:
  // The delegations read once for several decisions (filled on first need, or given by the
  // caller), so listing a case's actions reads them at most once and copies them never.
  using DelegationMemo = std::shared_ptr<const std::vector<store::Delegation>>;
  // Whether `actor` may take `t` on `c`; on success, the leader it acts for (if delegated).
  Result<std::optional<store::Id>> Authorize(const Actor& actor, const store::CaseRecord& c,
                                             const TransitionDef& t, Instant now) const;
  // The same decision without the reasons for a refusal (listing the actions builds none):
  // nullopt if refused, else the leader acted for, if delegated.
  std::optional<std::optional<store::Id>> Permits(const Actor& actor, const store::CaseRecord& c,
                                                  const TransitionDef& t, Instant now,
                                                  DelegationMemo* delegations) const;
  Status ValidateFields(const Workflow& wf, const nlohmann::json& fields, bool creating) const;
  Status CheckUnit(store::Id id) const;

  store::Store& store_;
  const WorkflowRegistry& workflows_;
  const Deadlines& deadlines_;
  const Clock& clock_;
  struct KindRule {
    std::string kind, action;
    ActionRule rule;
  };
  std::vector<KindRule> rules_;
};

}  // namespace zb::cases
