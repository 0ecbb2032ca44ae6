// The rows the rest of zhengban reads and writes through the Store interface. Plain values; no
// database types leak through them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/time.h"

namespace zb::store {

using Id = int64_t;

// A unit of the organisation: an office section (科室), a city department, a district, or the
// city leadership. Units form a tree through parent_id.
struct Unit {
  Id id = 0;
  std::string code;       // stable short name, e.g. "office.supervision", "dept.housing"
  std::string name;       // 督查室
  std::string unit_type;  // "leadership" | "office" | "department" | "district"
  std::optional<Id> parent_id;
  int sort = 0;
};

struct Post {
  Id id = 0;
  Id unit_id = 0;
  std::string name;  // 岗位, e.g. 督查专员
};

struct User {
  Id id = 0;
  std::string username;
  std::string display_name;
  std::string role;  // see cases/role.h
  Id unit_id = 0;    // primary unit
  std::optional<Id> post_id;
  std::string password_hash;  // Argon2id string; empty = cannot sign in
  bool active = true;
  Instant created_at{};
};

// Explicit permission for `delegate_id` to record decisions in `leader_id`'s name.
struct Delegation {
  Id id = 0;
  Id leader_id = 0;
  Id delegate_id = 0;
  std::string scope;  // "*" or a kind name
  Instant starts_at{};
  std::optional<Instant> ends_at;
  std::optional<Instant> revoked_at;
};

// The current state of a case, derived from its events (cases/projection.h).
struct CaseRecord {
  Id id = 0;
  std::string kind;
  std::string state;
  std::string title;
  std::optional<Id> lead_unit_id;
  std::vector<Id> co_unit_ids;
  Id created_by = 0;
  Instant created_at{};
  Instant updated_at{};
  std::optional<Instant> due_at;       // the case's time limit
  std::optional<Instant> yellow_at;    // when its light turns yellow
  std::optional<Instant> step_due_at;  // the current step's time limit
  std::optional<Instant> closed_at;
  std::optional<Instant> paused_at;  // the clock is paused since (waiting on someone outside)
  std::string urgency;               // "" | "urgent" | "extra_urgent"
  nlohmann::json fields = nlohmann::json::object();
  int64_t version = 0;  // number of events; optimistic concurrency token
};

// One entry of a case's append-only history, but for its data (EventRecord, HistoryEvent).
struct EventHead {
  Id id = 0;
  Id case_id = 0;
  int64_t seq = 0;                 // 1, 2, … within the case
  std::string type;                // created, assigned, accepted, progress, replied, …
  std::string action;              // the workflow action that produced it
  Id actor_id = 0;                 // who really did it
  std::optional<Id> on_behalf_of;  // the leader, when a delegation was used
  Instant at{};
  std::string from_state;
  std::string to_state;
};

struct EventRecord : EventHead {
  nlohmann::json data = nlohmann::json::object();
};

// An event as a case's history shows it: its data left as the stored JSON text (shown far more
// often than looked into; the answer writes it out nearly as it is).
struct HistoryEvent : EventHead {
  std::string data_json = "{}";
};

struct AttachmentRecord {
  Id id = 0;
  Id case_id = 0;
  std::string sha256;
  std::string name;
  std::string content_type;
  int64_t size = 0;
  Id uploaded_by = 0;
  Instant at{};
};

enum class SortOrder { kDueAsc, kCreatedDesc, kUpdatedDesc };

// Filters for listing cases. Unset members do not filter.
struct CaseQuery {
  std::optional<std::string> kind;
  std::optional<std::string> state;
  std::optional<Id> unit_id;          // lead or co-unit
  std::vector<Id> visible_unit_ids;   // when non-empty: only cases involving one of these units
  std::optional<Id> visible_creator;  // …or created by this user
  bool open_only = false;
  std::optional<std::string> light;  // "red" | "yellow" | "green" relative to `now`
  Instant now{};
  std::optional<Instant> due_from, due_to;
  std::optional<std::string> keyword;  // title/fields contain
  std::optional<Id> created_by;
  SortOrder sort = SortOrder::kCreatedDesc;
  std::optional<std::string> cursor;  // opaque, from the previous page
  int limit = 50;
  // Only the columns a summary needs: `fields` comes back empty and `co_unit_ids` too (a store
  // may ignore this and return whole records).
  bool summary_only = false;
};

// A case with its history and attachment metadata, read together (one snapshot where the
// database allows).
struct CaseHistory {
  CaseRecord record;
  std::vector<HistoryEvent> events;
  std::vector<AttachmentRecord> attachments;
};

// Open cases by the light of their overall time limit at an instant (as the API shows it).
struct LightCounts {
  int64_t red = 0, yellow = 0, green = 0;
  int64_t no_limit = 0;  // open, without a time limit
};

// Database connections of this process: open ones and those lent out to a request right now.
struct PoolUse {
  int open = 0;
  int in_use = 0;
};

struct CasePage {
  std::vector<CaseRecord> cases;
  std::optional<std::string> next_cursor;
};

// An entry in a user's inbox (消息): a reminder, an escalation, an assignment.
struct Notification {
  Id id = 0;
  Id user_id = 0;
  std::optional<Id> case_id;
  std::string kind;   // "reminder" | "overdue" | "escalation"
  std::string title;  // shown in the inbox
  std::string body;
  Instant created_at{};
  std::optional<Instant> read_at;
};

// Unread notifications are counted up to this many (the badge shows 99+): counting a million
// unread reminders of a neglected account took 0.3 s on every poll.
inline constexpr int64_t kUnreadCountCap = 1000;

// A message for an external channel (SMS, e-mail). Senders pick them up from the outbox; nothing
// in zhengban needs the network.
struct OutboxMessage {
  Id id = 0;
  std::string channel;    // "sms" | "email"
  std::string recipient;  // the user's username; the adapter resolves the address
  std::string body;
  Instant created_at{};
};

// Marks that the alert of `stage` ("yellow" or "overdue") was raised for a case's time limit
// `due_at`. Unique: a second node raising the same alert fails with kConflict.
struct DeadlineAlert {
  Id case_id = 0;
  std::string stage;
  Instant due_at{};
};

// A unit of scheduled work shared by the nodes (a time-limit sweep, an export). A worker claims
// it with a lease; if the worker dies before completing it, the lease expires and another claims
// it again.
struct Job {
  Id id = 0;
  std::string kind;  // "deadline_sweep", …
  std::string key;   // distinguishes jobs of one kind ("" for a singleton)
  Instant run_at{};
  std::string claimed_by;  // empty while unclaimed
  std::optional<Instant> claimed_until;
  std::optional<Instant> done_at;
  int attempts = 0;  // claims so far
};

// A signed-in browser session. The cookie holds the token; only its SHA-256 is stored.
struct Session {
  std::string token_hash;
  Id user_id = 0;
  std::string csrf_token;  // sent back in X-CSRF-Token on every state-changing request
  Instant created_at{};
  Instant last_seen_at{};
  Instant expires_at{};
  std::string client;  // address and user agent at sign-in
};

// A token for system-to-system use (e.g. a phone system creating hotline tickets).
struct ApiToken {
  Id id = 0;
  std::string name;
  std::string token_hash;  // SHA-256 of the token; the token itself is shown once
  Id user_id = 0;          // the account it acts as
  std::vector<std::string> scopes;
  Instant created_at{};
  std::optional<Instant> revoked_at;
};

// One node of the hotline's category tree (一级/二级/三级分类), as the office edits it.
struct HotlineCategory {
  Id id = 0;
  std::optional<Id> parent_id;  // none for a level-1 category
  std::string code;             // stable once given: "03.02.07" (the Open311 service_code)
  std::string name;
  int sort = 0;           // order among its siblings
  std::string unit_code;  // the default lead unit's code, "" if none
  bool disabled = false;  // kept for old tickets, not offered for new ones
};

// One word of the office's user dictionary for the segmenter (jieba's `word [freq] [tag]`).
struct DictionaryWord {
  std::string word;
  std::optional<int64_t> freq;
  std::string tag;
  Id added_by = 0;
  Instant added_at{};
};

// One record of the audit trail: every state-changing request. The records form a hash chain:
// hash = SHA-256(prev_hash, the record's fields), see store/audit.h.
struct AuditEntry {
  Id id = 0;
  Instant at{};
  Id actor_id = 0;  // 0: not signed in (e.g. a failed sign-in)
  std::optional<Id> on_behalf_of;
  std::string action;  // "case.assign", "user.add", "session.login", …
  std::string target;  // "case:42", "user:7"
  std::string request_id;
  nlohmann::json detail = nlohmann::json::object();
  std::string prev_hash;
  std::string hash;
};

}  // namespace zb::store
