// Store: the repository interface every module uses for persistence. Implementations: SQLite
// (store/sqlite/) and, for many nodes, PostgreSQL. Nothing database-specific appears here.
//
// Every method is atomic: it either commits entirely or changes nothing. Implementations are
// thread-safe; reads may run concurrently with one writer.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/records.h"

namespace zb::store {

// A new case with the events that created it (at least one: "created").
struct NewCase {
  CaseRecord record;                // id, version ignored
  std::vector<EventRecord> events;  // case_id, seq, id ignored
  // Appended in the same transaction; "{id}" in its target becomes the new case's id.
  std::optional<AuditEntry> audit;
};

// New cases made ready to write off the writing thread (CasePreparer): what a store can work out
// before it takes the write lock, such as their JSON text and keyword-index terms.
class PreparedCases {
 public:
  virtual ~PreparedCases() = default;
  // The rest of the preparing, which may run on a thread of its own between the preparer's and
  // the writer's (SQLite: the keyword index's segments); CreatePrepared does it if not done.
  virtual void Complete() {}
  // The audit entries may still be set (or changed) before CreatePrepared; nothing else.
  std::vector<NewCase> cases;
};

// Prepares batch after batch on one thread (at a time), keeping its working memory between them;
// a batch may use that memory until it is written, so the preparer outlives its batches. A case
// is prepared as it is added, while its values are fresh; Take ends the batch.
class CasePreparer {
 public:
  virtual ~CasePreparer() = default;
  virtual void Add(NewCase nc);
  // The cases added since the last Take.
  virtual std::unique_ptr<PreparedCases> Take();

 private:
  std::vector<NewCase> cases_;
};

// An event to append, with the projection it produces. Fails with kConflict if the case's
// version is no longer `expected_version` (someone else acted first).
struct CaseChange {
  CaseRecord updated;  // the case after the event; version = expected_version + events.size()
  int64_t expected_version = 0;
  std::vector<EventRecord> events;
  std::optional<AuditEntry> audit;  // appended in the same transaction
  // Also written in the same transaction (deadline reminders and escalations).
  std::vector<Notification> notifications;
  std::vector<OutboxMessage> outbox;
  std::optional<DeadlineAlert> alert;  // kConflict if already raised
};

// A running feed of case changes committed by other processes; destroying it stops the feed.
class CaseFeed {
 public:
  virtual ~CaseFeed() = default;
};

class Store {
 public:
  virtual ~Store() = default;

  // -- organisation
  virtual Result<Id> AddUnit(const Unit& unit) = 0;
  virtual Result<Unit> GetUnit(Id id) = 0;
  virtual Result<Unit> FindUnitByCode(const std::string& code) = 0;
  virtual Result<std::vector<Unit>> ListUnits() = 0;
  virtual Result<Id> AddPost(const Post& post) = 0;
  virtual Result<std::vector<Post>> ListPosts() = 0;
  virtual Result<Id> AddUser(const User& user) = 0;
  virtual Result<User> GetUser(Id id) = 0;
  virtual Result<User> FindUserByName(const std::string& username) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  virtual Status UpdateUser(const User& user) = 0;
  // Additional units a user belongs to, besides the primary one.
  virtual Status AddMembership(Id user_id, Id unit_id) = 0;
  virtual Result<std::vector<Id>> ListMemberships(Id user_id) = 0;
  virtual Result<Id> AddDelegation(const Delegation& d) = 0;
  virtual Result<std::vector<Delegation>> ListDelegations() = 0;
  virtual Status RevokeDelegation(Id id, Instant at) = 0;

  // -- cases
  virtual Result<Id> CreateCase(const NewCase& c) = 0;
  // Creates many cases in one transaction (bulk import, demo). Returns their ids in order.
  virtual Result<std::vector<Id>> CreateCases(std::span<const NewCase> cases) = 0;
  // The same in two steps, for a bulk import that checks the next cases while these are
  // written: a preparer does what needs no database (on another thread, concurrently with
  // writes), CreatePrepared writes its batches as CreateCases would.
  virtual std::unique_ptr<CasePreparer> NewCasePreparer() const;
  virtual Result<std::vector<Id>> CreatePrepared(PreparedCases& prepared);
  virtual Status ApplyChange(const CaseChange& change) = 0;
  // Creates `cases` and applies `change` in one transaction, all or nothing: a kConflict on the
  // change (or any other failure) leaves none of the cases created. `complete`, if given, fills
  // the change in with the new cases' ids (in order) before it is written, e.g. the event that
  // names a split's parts. Returns those ids.
  using CompleteChange = std::function<void(std::span<const Id> ids, CaseChange& change)>;
  virtual Result<std::vector<Id>> CreateCasesAndApply(std::span<const NewCase> cases,
                                                      const CaseChange& change,
                                                      const CompleteChange& complete) = 0;
  virtual Result<CaseRecord> GetCase(Id id) = 0;
  virtual Result<std::vector<EventRecord>> ListEvents(Id case_id) = 0;
  // The case, its events and its attachments; by default three reads.
  virtual Result<CaseHistory> GetCaseHistory(Id id);
  virtual Result<CasePage> ListCases(const CaseQuery& query) = 0;
  virtual Result<int64_t> CountCases() = 0;
  virtual Result<LightCounts> CountOpenCasesByLight(Instant now) = 0;

  // -- attachments (the bytes live in the AttachmentStore; this is their metadata)
  virtual Result<Id> AddAttachment(const AttachmentRecord& a) = 0;
  virtual Result<std::vector<AttachmentRecord>> ListAttachments(Id case_id) = 0;

  // -- sign-in
  virtual Status CreateSession(const Session& s) = 0;
  virtual Result<Session> GetSession(const std::string& token_hash) = 0;
  virtual Status TouchSession(const std::string& token_hash, Instant last_seen,
                              Instant expires) = 0;
  virtual Status DeleteSession(const std::string& token_hash) = 0;
  virtual Status DeleteSessionsOf(Id user_id) = 0;
  virtual Status RecordLoginAttempt(const std::string& username, const std::string& client, bool ok,
                                    Instant at) = 0;
  // Failed attempts for `username` since `since`, up to the last successful one.
  virtual Result<int> CountLoginFailures(const std::string& username, Instant since) = 0;
  virtual Result<Id> AddApiToken(const ApiToken& t) = 0;
  virtual Result<ApiToken> FindApiToken(const std::string& token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ListApiTokens() = 0;
  virtual Status RevokeApiToken(Id id, Instant at) = 0;

  // -- audit trail (append-only, hash-chained)
  // Appends `e` after the last record, filling id, prev_hash and hash.
  virtual Result<AuditEntry> AppendAudit(const AuditEntry& e) = 0;
  // Records with id > after_id, in order, at most `limit`.
  virtual Result<std::vector<AuditEntry>> ListAudit(Id after_id, int limit) = 0;

  // -- time-limit alerts and the inbox
  // Open cases whose yellow or overdue alert for their current time limit is not yet raised.
  virtual Result<std::vector<Id>> CasesNeedingAlert(Instant now, int limit) = 0;
  // The next instant after `now` at which an open case turns yellow or falls due.
  virtual Result<std::optional<Instant>> NextAlertAt(Instant now) = 0;
  virtual Result<std::vector<Notification>> ListNotifications(Id user_id, bool unread_only,
                                                              int limit) = 0;
  // At most kUnreadCountCap (records.h).
  virtual Result<int64_t> CountUnreadNotifications(Id user_id) = 0;
  // Marks one (id > 0) or all (id == 0) of the user's notifications read.
  virtual Status MarkNotificationsRead(Id user_id, Id id, Instant at) = 0;
  virtual Result<std::vector<OutboxMessage>> ListOutbox(int limit) = 0;

  // -- work shared by several nodes
  // Case changes committed by other processes on the same database, for live updates: after each
  // commit elsewhere, `on_change(case_id, created)` runs on the feed's own thread; `on_gap()` runs
  // when changes may have been missed (the feed lost its connection and has just resumed).
  // nullptr when the database has no such feed (SQLite: one server process per file).
  virtual std::unique_ptr<CaseFeed> WatchCases(
      std::function<void(Id case_id, bool created)> on_change, std::function<void()> on_gap) {
    (void)on_change;
    (void)on_gap;
    return nullptr;
  }
  // Schedules the job (kind, key) to run at `run_at`. There is at most one unclaimed job per kind
  // and key: scheduling it again moves it earlier, never later.
  virtual Status ScheduleJob(const std::string& kind, const std::string& key, Instant run_at) = 0;
  // Claims one job of `kind` that is due (run_at <= now) and not done, unclaimed or with an
  // expired lease, while no other job of the same kind and key holds a live lease. The claim
  // holds until now + lease and counts an attempt. Concurrent claimers never get the same job.
  virtual Result<std::optional<Job>> ClaimJob(const std::string& kind, const std::string& worker,
                                              Instant now, std::chrono::seconds lease) = 0;
  // Marks a job claimed by `worker` done. kConflict when the worker's lease was lost (it expired
  // and another worker claimed the job).
  virtual Status CompleteJob(Id id, const std::string& worker, Instant at) = 0;

  // -- reference data the office administers (each write all or nothing, with `audit` in the
  // same transaction)
  virtual Result<std::vector<HotlineCategory>> ListHotlineCategories() = 0;
  // Inserts (id 0) or updates each category in order; returns their ids. A parent_id of -k (k>=1)
  // names the k-th category of this call (to insert a subtree). kConflict when two siblings would
  // share a name or a code.
  virtual Result<std::vector<Id>> SaveHotlineCategories(std::span<const HotlineCategory> categories,
                                                        const std::optional<AuditEntry>& audit) = 0;
  // kNotFound if absent; kConflict if it has children.
  virtual Status DeleteHotlineCategory(Id id, const std::optional<AuditEntry>& audit) = 0;
  virtual Result<std::vector<DictionaryWord>> ListDictionaryWords() = 0;
  // Adds or replaces the words of `put`, then removes those of `remove`.
  virtual Status WriteDictionaryWords(std::span<const DictionaryWord> put,
                                      std::span<const std::string> remove,
                                      const std::optional<AuditEntry>& audit) = 0;

  // -- operations
  // An online, consistent copy of the whole database to `path`.
  virtual Status Backup(const std::filesystem::path& path) = 0;
  virtual PoolUse pool_use() = 0;
  virtual std::string Describe() const = 0;  // "sqlite:var/zhengban.db"
};

// How OpenStore waits for a database server that cannot be reached yet (PostgreSQL only).
struct OpenOptions {
  // Keep retrying for at most this long (0: fail at once). Waits double from 0.5 s up to 8 s.
  std::chrono::milliseconds retry_for{0};
  // Told about each failed attempt before waiting `wait` (e.g. to print a message).
  std::function<void(const Status& why, int attempt, std::chrono::milliseconds wait)> on_retry;
  // Waits; tests inject one that only records. Default: std::this_thread::sleep_for.
  std::function<void(std::chrono::milliseconds)> sleep;
};

// Opens (creating if needed) and migrates the database named by `url`: a file path or
// "sqlite:PATH" for SQLite, or a postgresql:// URL. Fails with a clear message for a file that
// is not a zhengban database; a PostgreSQL server that stays unreachable for
// `options.retry_for` fails with kUnavailable naming it and the attempts made.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url, const OpenOptions& options = {});

// Calls `fn` on every case `query` matches, in its order, page by page (query.limit a page)
// until the last page or until `fn` returns false.
Status ForEachCase(Store& store, CaseQuery query, const std::function<bool(CaseRecord&)>& fn);

}  // namespace zb::store
