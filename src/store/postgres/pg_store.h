// The PostgreSQL implementation of Store, for several application nodes sharing one database.
// Every method runs in one transaction on a pooled connection; statements are prepared once per
// connection. Several processes may use the same database at once: the audit chain is extended
// under an advisory lock, so concurrent appends from different nodes stay one chain.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/postgres/pg_pool.h"
#include "store/store.h"

namespace zb::store::postgres {

class PgStore final : public Store {
 public:
  // Connects to `url` (postgresql://user@host:port/db) and migrates the database. Fails with
  // kUnavailable, naming host and port, when the server cannot be reached. `connections` caps
  // the pool.
  static Result<std::unique_ptr<PgStore>> Open(const std::string& url, int connections = 8);

  Result<Id> AddUnit(const Unit& unit) override;
  Result<Unit> GetUnit(Id id) override;
  Result<Unit> FindUnitByCode(const std::string& code) override;
  Result<std::vector<Unit>> ListUnits() override;
  Result<Id> AddPost(const Post& post) override;
  Result<std::vector<Post>> ListPosts() override;
  Result<Id> AddUser(const User& user) override;
  Result<User> GetUser(Id id) override;
  Result<User> FindUserByName(const std::string& username) override;
  Result<std::vector<User>> ListUsers() override;
  Status UpdateUser(const User& user) override;
  Status AddMembership(Id user_id, Id unit_id) override;
  Result<std::vector<Id>> ListMemberships(Id user_id) override;
  Result<Id> AddDelegation(const Delegation& d) override;
  Result<std::vector<Delegation>> ListDelegations() override;
  Status RevokeDelegation(Id id, Instant at) override;

  Result<Id> CreateCase(const NewCase& c) override;
  Result<std::vector<Id>> CreateCases(std::span<const NewCase> cases) override;
  Status ApplyChange(const CaseChange& change) override;
  Result<std::vector<Id>> CreateCasesAndApply(std::span<const NewCase> cases,
                                              const CaseChange& change,
                                              const CompleteChange& complete) override;
  Result<CaseRecord> GetCase(Id id) override;
  Result<LightCounts> CountOpenCasesByLight(Instant now) override;
  Result<std::vector<EventRecord>> ListEvents(Id case_id) override;
  Result<CasePage> ListCases(const CaseQuery& query) override;
  Result<int64_t> CountCases() override;

  Result<Id> AddAttachment(const AttachmentRecord& a) override;
  Result<std::vector<AttachmentRecord>> ListAttachments(Id case_id) override;

  Status CreateSession(const Session& s) override;
  Result<Session> GetSession(const std::string& token_hash) override;
  Status TouchSession(const std::string& token_hash, Instant last_seen, Instant expires) override;
  Status DeleteSession(const std::string& token_hash) override;
  Status DeleteSessionsOf(Id user_id) override;
  Status RecordLoginAttempt(const std::string& username, const std::string& client, bool ok,
                            Instant at) override;
  Result<int> CountLoginFailures(const std::string& username, Instant since) override;
  Result<Id> AddApiToken(const ApiToken& t) override;
  Result<ApiToken> FindApiToken(const std::string& token_hash) override;
  Result<std::vector<ApiToken>> ListApiTokens() override;
  Status RevokeApiToken(Id id, Instant at) override;

  Result<AuditEntry> AppendAudit(const AuditEntry& e) override;
  Result<std::vector<AuditEntry>> ListAudit(Id after_id, int limit) override;

  // Not supported: fails with kInvalidArgument pointing to pg_dump (docs/deploy.md).
  Result<std::vector<Id>> CasesNeedingAlert(Instant now, int limit) override;
  Result<std::optional<Instant>> NextAlertAt(Instant now) override;
  Result<std::vector<Notification>> ListNotifications(Id user_id, bool unread_only,
                                                      int limit) override;
  Result<int64_t> CountUnreadNotifications(Id user_id) override;
  Status MarkNotificationsRead(Id user_id, Id id, Instant at) override;
  Result<std::vector<OutboxMessage>> ListOutbox(int limit) override;

  // A dedicated connection LISTENing for the changes other nodes commit (pg_listener.h).
  std::unique_ptr<CaseFeed> WatchCases(std::function<void(Id, bool)> on_change,
                                       std::function<void()> on_gap) override;
  Status ScheduleJob(const std::string& kind, const std::string& key, Instant run_at) override;
  // FOR UPDATE SKIP LOCKED: nodes claiming at once each get a different job or none.
  Result<std::optional<Job>> ClaimJob(const std::string& kind, const std::string& worker,
                                      Instant now, std::chrono::seconds lease) override;
  Status CompleteJob(Id id, const std::string& worker, Instant at) override;

  Result<std::vector<HotlineCategory>> ListHotlineCategories() override;
  Result<std::vector<Id>> SaveHotlineCategories(std::span<const HotlineCategory> categories,
                                                const std::optional<AuditEntry>& audit) override;
  Status DeleteHotlineCategory(Id id, const std::optional<AuditEntry>& audit) override;
  Result<std::vector<DictionaryWord>> ListDictionaryWords() override;
  Status WriteDictionaryWords(std::span<const DictionaryWord> put,
                              std::span<const std::string> remove,
                              const std::optional<AuditEntry>& audit) override;

  Status Backup(const std::filesystem::path& path) override;
  PoolUse pool_use() override;
  std::string Describe() const override;  // "postgresql://host:port/db", never the password

  // Makes the missing monthly event partitions (China time) from the month holding `from` to the
  // one holding `to`, except months whose events already went to events_default; returns how
  // many it made. Each start covers the coming year; writes call KeepEventPartitions so a node
  // that runs for months without a restart keeps a year ahead too.
  Result<int> AddEventPartitions(Instant from, Instant to);

 private:
  friend struct InsightAccess;  // store/insight_store.cpp: the insight tables

  PgStore(std::unique_ptr<PgPool> pool, std::string node)
      : pool_(std::move(pool)), node_(std::move(node)) {}

  // At most once a day per process: AddEventPartitions(now, now + a year) in its own transaction.
  // A failure is logged and retried the next day; events then go to events_default, never lost.
  void KeepEventPartitions();

  // Tells the other nodes, on commit of `tx`, that a case was created ('c') or changed ('u'), or
  // that many were written at once ('r').
  void NotifyCase(Tx& tx, Id case_id, char what) const;

  // Inserts one case with its co-units, events and audit record inside `tx`.
  static Id InsertCase(Tx& tx, const NewCase& nc);
  // Inserts many cases with COPY; returns their ids in order.
  static std::vector<Id> CopyCases(Tx& tx, std::span<const NewCase> cases);
  static void InsertEvents(Tx& tx, Id case_id, int64_t first_seq,
                           const std::vector<EventRecord>& events);
  static void WriteCoUnits(Tx& tx, Id case_id, const std::vector<Id>& units);
  // Writes a change's notifications, outbox messages and alert mark.
  static Status InsertSideEffects(Tx& tx, const CaseChange& ch);
  // Applies a change inside `tx` (kConflict on a stale version) and announces it.
  Status UpdateCase(Tx& tx, const CaseChange& ch) const;
  // Takes the audit chain's advisory lock (held until commit) and returns the id and hash of its
  // last record ({0, ""} when empty).
  static std::pair<Id, std::string> LockAuditHead(Tx& tx);
  // Appends an audit record inside `tx`, filling id, prev_hash and hash.
  static AuditEntry InsertAudit(Tx& tx, AuditEntry e);

  std::unique_ptr<PgPool> pool_;
  const std::string node_;  // random, names this process in its notifications
  std::atomic<int64_t> partitions_checked_until_{0};  // Unix seconds
};

}  // namespace zb::store::postgres
