// A kind's workflow, defined in data (config/workflows/<kind>.toml): its states, the transitions
// between them with the roles and scopes allowed, time limits, and the fields a case carries.
// Immutable after loading; safe to share between threads.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace zb::cases {

struct FieldDef {
  std::string id;
  std::string label, label_en;
  std::string
      type;  // text | textarea | number | date | datetime | enum | user | unit | bool | phone
  bool required = false;
  std::vector<std::string> options;  // for enum
  size_t max_length = 0;             // 0: the type's default
};

struct StateDef {
  std::string id;
  std::string label, label_en;
  bool terminal = false;      // the case is closed in this state
  std::string time_limit;     // the step's limit from entering it, e.g. "1 working days"; "" = none
  bool pauses_clock = false;  // waiting for someone outside: the case's time limit pauses
};

// Who may take a transition: the actor's role must be in `roles` AND the actor must stand in one
// of `scopes` to the case: "office" (works in the office), "lead_unit", "co_unit", "creator",
// "leader" (the case's leader, or a delegate), "any".
struct TransitionDef {
  std::string action;  // assign, accept, reply, …
  std::string label, label_en;
  std::vector<std::string> from;  // states; "*" = any non-terminal state
  std::string to;                 // "" = stays in the same state
  std::string event;              // event type recorded
  std::vector<std::string> roles;
  std::vector<std::string> scopes;
  bool reason_required = false;
  bool text_required = false;    // a reply, report or instruction text must be given
  bool needs_lead_unit = false;  // assign / reassign: the request names a lead unit
  bool sets_due = false;         // the case's time limit starts (or restarts) here
  bool approves_extension = false;
  // Field values the transition records, e.g. a callback's outcome: sets = { satisfaction = "…" }.
  std::vector<std::pair<std::string, std::string>> sets;
  // The limit `sets_due` starts when the request names none, before the policies, e.g. "1 months".
  std::string time_limit;
  // Fields the case must hold (non-empty) once the transition's values are recorded, e.g. a
  // proposal's reply needs answer_class.
  std::vector<std::string> requires_fields;
  // Fields the person taking the action must give in the request itself, even when the case
  // already holds a value, e.g. a re-answered proposal's answer class (the new value replaces the
  // old one; the history keeps both).
  std::vector<std::string> asks_fields;
  // Each (given, recorded): the value given for field `given` must equal the case's field
  // `recorded`, e.g. a satisfaction is accepted only from the author on record.
  std::vector<std::pair<std::string, std::string>> matches_field;
  int line = 0;  // where it is defined, for messages
};

struct Workflow {
  std::string kind;
  std::string label, label_en;
  std::string initial_state;
  std::string time_limit;  // default limit of the whole case, e.g. "5 working days"
  std::vector<StateDef> states;
  std::vector<TransitionDef> transitions;
  std::vector<FieldDef> fields;
  std::filesystem::path source;

  const StateDef* FindState(const std::string& id) const;
  const FieldDef* FindField(const std::string& id) const;
  // Transitions named `action` that can be taken from `state`.
  const TransitionDef* FindTransition(const std::string& action, const std::string& state) const;
  // The transitions that can be taken from `state`, one per action (the one FindTransition
  // finds), in the workflow's order.
  std::vector<const TransitionDef*> TransitionsFrom(const std::string& state) const;
};

// Checks a time-limit expression; supplied by the caller so that workflows need no calendar.
using TimeLimitChecker = Status (*)(const std::string& expression);

// Parses and validates one workflow file. Errors name the file and line.
Result<Workflow> LoadWorkflowFile(const std::filesystem::path& path, TimeLimitChecker check);
Result<Workflow> ParseWorkflow(std::string_view toml_text, const std::filesystem::path& source,
                               TimeLimitChecker check);

}  // namespace zb::cases
