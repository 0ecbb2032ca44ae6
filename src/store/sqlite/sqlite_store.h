// The SQLite implementation of Store: one writer connection (writes are serialised by a mutex)
// and a pool of reader connections, all in WAL mode so reads never wait for the writer.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_search.h"
#include "store/store.h"

namespace zb::store::sqlite {

// The WAL after a checkpoint: its pages, and how many of them are copied into the database.
struct WalState {
  int pages = 0;
  int copied = 0;
};

// A case's JSON text serialised before its write: its fields and its events' data (views of
// text its preparer keeps).
struct CaseText {
  std::string_view fields;  // "" (not null) when kept in the created event only (case_fields.h)
  std::span<const std::string_view> event_data;
};

class SqliteStore final : public Store {
 public:
  // Opens or creates `path` and migrates it. `readers` is the size of the reader pool.
  // `max_pages`, if set, caps the database's size (PRAGMA max_page_count): writes beyond it fail
  // as a full disk does, with nothing written.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path, int readers = 4,
                                                   std::optional<int64_t> max_pages = {});

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
  std::unique_ptr<CasePreparer> NewCasePreparer() const override;
  Result<std::vector<Id>> CreatePrepared(PreparedCases& prepared) override;
  Status ApplyChange(const CaseChange& change) override;
  Result<std::vector<Id>> CreateCasesAndApply(std::span<const NewCase> cases,
                                              const CaseChange& change,
                                              const CompleteChange& complete) override;
  Result<CaseRecord> GetCase(Id id) override;
  Result<CaseHistory> GetCaseHistory(Id id) override;
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

  Result<std::vector<Id>> CasesNeedingAlert(Instant now, int limit) override;
  Result<std::optional<Instant>> NextAlertAt(Instant now) override;
  Result<std::vector<Notification>> ListNotifications(Id user_id, bool unread_only,
                                                      int limit) override;
  Result<int64_t> CountUnreadNotifications(Id user_id) override;
  Status MarkNotificationsRead(Id user_id, Id id, Instant at) override;
  Result<std::vector<OutboxMessage>> ListOutbox(int limit) override;

  Status ScheduleJob(const std::string& kind, const std::string& key, Instant run_at) override;
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
  std::string Describe() const override { return "sqlite:" + path_; }

  ~SqliteStore() override;
  // Merges every pending row of the keyword index into chunks now (the rest of an interrupted
  // round, then a round of the rest; otherwise a background thread does it after every ~10,000
  // cases indexed one at a time).
  Status MergeSearchIndex();
  // One checkpoint of the WAL (as the store's checkpoint thread does every 200 ms).
  // From a WAL of `force_from_bytes` (256 MB unless a test says less) the rest is copied while
  // writes wait, and the WAL restarts.
  Result<WalState> CheckpointWal(int64_t force_from_bytes = int64_t{256} << 20);
  // After a bulk write: copies the whole WAL into the database now, so that the next write
  // starts the WAL from its beginning (see sqlite_checkpoint.cpp). A failure is logged: the
  // write itself is committed.
  void CheckpointAfterBulkWrite();
  // How many idle readers keep a snapshot (see Read).
  int KeptSnapshots();

 private:
  friend struct InsightAccess;  // store/insight_store.cpp: the insight tables

  SqliteStore(std::string path, std::unique_ptr<Connection> writer,
              std::vector<std::unique_ptr<Connection>> readers);

  // Runs `fn` in a write transaction (BEGIN IMMEDIATE … COMMIT); rolls back if it fails.
  Status Write(const std::function<Status(Connection&)>& fn);
  // Runs `fn` on a reader connection from the pool, in one read transaction: every statement of
  // `fn` sees one snapshot, the latest committed when it began. A reader keeps its snapshot for
  // its next read, which uses it if no commit has come meanwhile (Connection::BeginSnapshot),
  // when it holds up no checkpoint (Connection::SnapshotKeepable); each checkpoint first ends
  // the idle readers' ones (EndIdleSnapshots).
  Status Read(const std::function<Status(Connection&)>& fn);
  void EndIdleSnapshots();

  // Inserts a case with the id in `id` (0: the next rowid) and sets `id`; `text`, if given, is
  // its JSON text serialised already.
  Status InsertCase(Connection& c, const NewCase& nc, Id& id, bool index_search,
                    const CaseText* text = nullptr);
  Status InsertEvents(Connection& c, Id case_id, int64_t first_seq,
                      const std::vector<EventRecord>& events,
                      std::span<const std::string_view> data_json = {});
  Status WriteCoUnits(Connection& c, Id case_id, const std::vector<Id>& units);
  // Applies a change inside the current write transaction (kConflict on a stale version);
  // `indexed` tells whether the keyword index took the case one at a time.
  Status UpdateCase(Connection& c, const CaseChange& ch, bool& indexed);
  // Writes a change's notifications, outbox messages and alert mark.
  Status InsertSideEffects(Connection& c, const CaseChange& ch);
  // Appends an audit record inside the current write transaction.
  Result<AuditEntry> InsertAudit(Connection& c, AuditEntry e);

  std::string path_;
  std::mutex write_mu_;
  std::unique_ptr<Connection> writer_;  // guarded by write_mu_
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;  // guarded by pool_mu_ (the idle ones)
  const int reader_count_;                            // idle + lent out
  std::atomic<int> writing_{0};                       // 1 while a write transaction runs

  // The keyword index's background merge (sqlite_search.h).
  void NoteSearchIndexed(int cases);
  void MergeLoop();
  void NoteMergeBacklog();  // at open, before the threads start
  // One merge round, step by step (false: nothing was pending); `stoppable`: returns between
  // steps once the store closes.
  Result<bool> RunMergeRound(bool stoppable);
  std::mutex merge_round_mu_;   // one round at a time
  PendingTerms pending_terms_;  // the pending rows' terms, for every reader
  std::mutex merge_mu_;
  std::condition_variable merge_cv_;
  int merge_due_ = 0;  // cases indexed one at a time since the last merge; guarded by merge_mu_
  bool stopping_ = false;
  std::thread merger_;
  // The WAL's checkpoints (sqlite_checkpoint.cpp), on a connection of their own.
  void CheckpointLoop();
  // With checkpoint_mu_ and write_mu_ held: copies the rest of the WAL and waits briefly for the
  // reads still on it, so that the next write starts it again (sqlite_checkpoint.cpp).
  Status CopyWalAndRestart(WalState* w);
  // Opens the checkpoints' connection if not yet open (checkpoint_mu_ held).
  Status OpenCheckpointer();
  std::mutex checkpoint_mu_;
  std::unique_ptr<Connection> checkpointer_;  // guarded by checkpoint_mu_
  int64_t wal_page_bytes_ = 4096;             // the database's page size; checkpoint_mu_
  std::thread checkpoints_;
};

}  // namespace zb::store::sqlite
