// Cases, events and attachment metadata on PostgreSQL.
#include <algorithm>
#include <charconv>
#include <set>
#include <tuple>

#include <spdlog/spdlog.h>

#include "base/json_writer.h"
#include "store/audit.h"
#include "store/case_paging.h"
#include "store/postgres/pg_listener.h"
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_search.h"
#include "store/postgres/pg_store.h"

namespace zb::store::postgres {

namespace {

// Below this many cases, CreateCases inserts row by row; from here on COPY is faster.
constexpr size_t kCopyThreshold = 8;
// Up to this many new cases are announced one by one to the other nodes; more as one "reload".
constexpr size_t kNotifyEachBelow = 100;

const std::string kCaseColumns =
    "SELECT id, kind, state, title, lead_unit_id, created_by, created_at, updated_at, due_at, "
    "yellow_at, step_due_at, closed_at, paused_at, urgency, fields, version, "
    "(SELECT string_agg(unit_id::text, ',' ORDER BY unit_id) FROM case_co_units cu "
    "WHERE cu.case_id = cases.id) FROM cases";

CaseRecord ReadCase(const pqxx::row& r) {
  CaseRecord c;
  c.id = Int(r[0]);
  c.kind = Text(r[1]);
  c.state = Text(r[2]);
  c.title = Text(r[3]);
  c.lead_unit_id = OptInt(r[4]);
  c.created_by = Int(r[5]);
  c.created_at = At(r[6]);
  c.updated_at = At(r[7]);
  c.due_at = OptAt(r[8]);
  c.yellow_at = OptAt(r[9]);
  c.step_due_at = OptAt(r[10]);
  c.closed_at = OptAt(r[11]);
  c.paused_at = OptAt(r[12]);
  c.urgency = Text(r[13]);
  c.fields = JsonObject(r[14]);
  c.version = Int(r[15]);
  std::string co = Text(r[16]);
  for (size_t p = 0; p < co.size();) {
    size_t q = co.find(',', p);
    if (q == std::string::npos) q = co.size();
    int64_t v = 0;
    std::from_chars(co.data() + p, co.data() + q, v);
    c.co_unit_ids.push_back(v);
    p = q + 1;
  }
  return c;
}

// A PostgreSQL array literal of ids: "{1,2,3}".
std::string IdArray(const std::vector<Id>& ids) {
  std::string s = "{";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) s += ',';
    s += std::to_string(ids[i]);
  }
  return s + "}";
}

std::string AuditTarget(std::string target, Id id) {
  if (size_t p = target.find("{id}"); p != std::string::npos) {
    target.replace(p, 4, std::to_string(id));
  }
  return target;
}

}  // namespace

Id PgStore::InsertCase(Tx& tx, const NewCase& nc) {
  const CaseRecord& r = nc.record;
  Id id =
      Int(tx.Exec("INSERT INTO cases(kind, state, title, lead_unit_id, created_by, "
                  "created_at, updated_at, due_at, yellow_at, step_due_at, closed_at, "
                  "paused_at, urgency, fields, version, search) "
                  "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16::tsvector) "
                  "RETURNING id",
                  r.kind, r.state, r.title, r.lead_unit_id, r.created_by,
                  ToUnixSeconds(r.created_at), ToUnixSeconds(r.updated_at), OptSeconds(r.due_at),
                  OptSeconds(r.yellow_at), OptSeconds(r.step_due_at), OptSeconds(r.closed_at),
                  OptSeconds(r.paused_at), r.urgency, DumpJson(r.fields),
                  static_cast<int64_t>(nc.events.size()), SearchDocument(r.title, r.fields))[0][0]);
  if (!r.co_unit_ids.empty()) WriteCoUnits(tx, id, r.co_unit_ids);
  InsertEvents(tx, id, 1, nc.events);
  if (nc.audit) {
    AuditEntry a = *nc.audit;
    a.target = AuditTarget(a.target, id);
    InsertAudit(tx, std::move(a));
  }
  return id;
}

void PgStore::InsertEvents(Tx& tx, Id case_id, int64_t first_seq,
                           const std::vector<EventRecord>& events) {
  int64_t seq = first_seq;
  for (const EventRecord& e : events) {
    tx.Exec(
        "INSERT INTO events(case_id, seq, type, action, actor_id, on_behalf_of, at, "
        "from_state, to_state, data) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)",
        case_id, seq++, e.type, e.action, e.actor_id, e.on_behalf_of, ToUnixSeconds(e.at),
        e.from_state, e.to_state, DumpJson(e.data));
  }
}

void PgStore::WriteCoUnits(Tx& tx, Id case_id, const std::vector<Id>& units) {
  tx.Exec("DELETE FROM case_co_units WHERE case_id=$1", case_id);
  if (units.empty()) return;
  tx.Exec(
      "INSERT INTO case_co_units(case_id, unit_id) SELECT $1, unnest($2::bigint[]) "
      "ON CONFLICT DO NOTHING",
      case_id, IdArray(units));
}

std::vector<Id> PgStore::CopyCases(Tx& tx, std::span<const NewCase> cases) {
  std::vector<Id> ids;
  ids.reserve(cases.size());
  for (const auto& row : tx.Exec("SELECT nextval(pg_get_serial_sequence('cases', 'id')) "
                                 "FROM generate_series(1, $1)",
                                 static_cast<int64_t>(cases.size()))) {
    ids.push_back(Int(row[0]));
  }
  std::sort(ids.begin(), ids.end());

  pqxx::transaction_base& txn = tx.raw();
  {
    pqxx::stream_to out(txn, "cases",
                        std::vector<std::string>{
                            "id", "kind", "state", "title", "lead_unit_id", "created_by",
                            "created_at", "updated_at", "due_at", "yellow_at", "step_due_at",
                            "closed_at", "paused_at", "urgency", "fields", "version", "search"});
    for (size_t i = 0; i < cases.size(); ++i) {
      const CaseRecord& r = cases[i].record;
      out << std::make_tuple(
          ids[i], r.kind, r.state, r.title, r.lead_unit_id, r.created_by,
          ToUnixSeconds(r.created_at), ToUnixSeconds(r.updated_at), OptSeconds(r.due_at),
          OptSeconds(r.yellow_at), OptSeconds(r.step_due_at), OptSeconds(r.closed_at),
          OptSeconds(r.paused_at), r.urgency, DumpJson(r.fields),
          static_cast<int64_t>(cases[i].events.size()), SearchDocument(r.title, r.fields));
    }
    out.complete();
  }
  bool any_co_units = std::any_of(cases.begin(), cases.end(),
                                  [](const NewCase& nc) { return !nc.record.co_unit_ids.empty(); });
  if (any_co_units) {
    pqxx::stream_to out(txn, "case_co_units", std::vector<std::string>{"case_id", "unit_id"});
    for (size_t i = 0; i < cases.size(); ++i) {
      std::set<Id> distinct(cases[i].record.co_unit_ids.begin(), cases[i].record.co_unit_ids.end());
      for (Id u : distinct) out << std::make_tuple(ids[i], u);
    }
    out.complete();
  }
  {
    pqxx::stream_to out(
        txn, "events",
        std::vector<std::string>{"case_id", "seq", "type", "action", "actor_id", "on_behalf_of",
                                 "at", "from_state", "to_state", "data"});
    for (size_t i = 0; i < cases.size(); ++i) {
      int64_t seq = 1;
      for (const EventRecord& e : cases[i].events) {
        out << std::make_tuple(ids[i], seq++, e.type, e.action, e.actor_id, e.on_behalf_of,
                               ToUnixSeconds(e.at), e.from_state, e.to_state, DumpJson(e.data));
      }
    }
    out.complete();
  }
  bool any_audit = std::any_of(cases.begin(), cases.end(),
                               [](const NewCase& nc) { return nc.audit.has_value(); });
  if (any_audit) {
    // The chain is extended locally under its lock, then written in one COPY.
    auto [last_id, last_hash] = LockAuditHead(tx);
    pqxx::stream_to out(
        txn, "audit",
        std::vector<std::string>{"id", "at", "actor_id", "on_behalf_of", "action", "target",
                                 "request_id", "detail", "prev_hash", "hash"});
    for (size_t i = 0; i < cases.size(); ++i) {
      if (!cases[i].audit) continue;
      AuditEntry a = *cases[i].audit;
      a.target = AuditTarget(a.target, ids[i]);
      a.id = ++last_id;
      a.prev_hash = last_hash;
      a.hash = last_hash = AuditHash(a, a.prev_hash);
      out << std::make_tuple(a.id, ToUnixSeconds(a.at), a.actor_id, a.on_behalf_of, a.action,
                             a.target, a.request_id, a.detail.dump(), a.prev_hash, a.hash);
    }
    out.complete();
  }
  return ids;
}

Result<int> PgStore::AddEventPartitions(Instant from, Instant to) {
  int made = 0;
  ZB_RETURN_IF_ERROR(pool_->Write("event partitions", [&](Tx& tx) -> Status {
    made = tx.Exec("SELECT zb_add_event_partitions($1, $2)", ToUnixSeconds(from),
                   ToUnixSeconds(to))[0][0]
               .as<int>();
    return Status();
  }));
  return made;
}

void PgStore::KeepEventPartitions() {
  Instant now = SystemClock().Now();
  int64_t checked_until = partitions_checked_until_.load(std::memory_order_relaxed);
  if (ToUnixSeconds(now) < checked_until || !partitions_checked_until_.compare_exchange_strong(
                                                checked_until, ToUnixSeconds(now) + 86400)) {
    return;
  }
  auto made = AddEventPartitions(now, now + std::chrono::days(366));
  if (!made.ok()) {
    spdlog::warn("monthly event partitions not extended: {}", made.status().ToString());
  } else if (*made > 0) {
    spdlog::info("{} monthly event partitions added", *made);
  }
}

Result<Id> PgStore::CreateCase(const NewCase& nc) {
  KeepEventPartitions();
  Id id = 0;
  ZB_RETURN_IF_ERROR(pool_->Write("create case", [&](Tx& tx) -> Status {
    id = InsertCase(tx, nc);
    NotifyCase(tx, id, 'c');
    return Status();
  }));
  return id;
}

Result<std::vector<Id>> PgStore::CreateCases(std::span<const NewCase> cases) {
  KeepEventPartitions();
  std::vector<Id> ids;
  ZB_RETURN_IF_ERROR(pool_->Write("create cases", [&](Tx& tx) -> Status {
    ids.clear();
    if (cases.size() >= kCopyThreshold) {
      ids = CopyCases(tx, cases);
    } else {
      for (const NewCase& nc : cases) ids.push_back(InsertCase(tx, nc));
    }
    if (ids.size() <= kNotifyEachBelow) {
      for (Id id : ids) NotifyCase(tx, id, 'c');
    } else {
      NotifyCase(tx, 0, 'r');
    }
    return Status();
  }));
  return ids;
}

Status PgStore::UpdateCase(Tx& tx, const CaseChange& ch) const {
  const CaseRecord& r = ch.updated;
  int64_t version = ch.expected_version + static_cast<int64_t>(ch.events.size());
  auto res = tx.Exec(
      "UPDATE cases SET kind=$1, state=$2, title=$3, lead_unit_id=$4, created_by=$5, "
      "created_at=$6, updated_at=$7, due_at=$8, yellow_at=$9, step_due_at=$10, closed_at=$11, "
      "paused_at=$12, urgency=$13, fields=$14, version=$15, search=$18::tsvector "
      "WHERE id=$16 AND version=$17",
      r.kind, r.state, r.title, r.lead_unit_id, r.created_by, ToUnixSeconds(r.created_at),
      ToUnixSeconds(r.updated_at), OptSeconds(r.due_at), OptSeconds(r.yellow_at),
      OptSeconds(r.step_due_at), OptSeconds(r.closed_at), OptSeconds(r.paused_at), r.urgency,
      DumpJson(r.fields), version, r.id, ch.expected_version, SearchDocument(r.title, r.fields));
  if (res.affected_rows() == 0) {
    return Conflict("此件已被他人更新，请刷新后重试",
                    "the case was changed by someone else; reload and try again");
  }
  WriteCoUnits(tx, r.id, r.co_unit_ids);
  InsertEvents(tx, r.id, ch.expected_version + 1, ch.events);
  if (ch.audit) InsertAudit(tx, *ch.audit);
  ZB_RETURN_IF_ERROR(InsertSideEffects(tx, ch));
  NotifyCase(tx, r.id, 'u');
  return Status();
}

Status PgStore::ApplyChange(const CaseChange& ch) {
  KeepEventPartitions();
  return pool_->Write("update case", [&](Tx& tx) { return UpdateCase(tx, ch); });
}

Result<std::vector<Id>> PgStore::CreateCasesAndApply(std::span<const NewCase> cases,
                                                     const CaseChange& change,
                                                     const CompleteChange& complete) {
  KeepEventPartitions();
  std::vector<Id> ids;
  ZB_RETURN_IF_ERROR(pool_->Write("create cases and update case", [&](Tx& tx) -> Status {
    ids.clear();  // a transaction retried on a lost connection starts again
    for (const NewCase& nc : cases) ids.push_back(InsertCase(tx, nc));
    for (Id id : ids) NotifyCase(tx, id, 'c');
    if (!complete) return UpdateCase(tx, change);
    CaseChange ch = change;
    complete(ids, ch);
    return UpdateCase(tx, ch);
  }));
  return ids;
}

Result<CaseRecord> PgStore::GetCase(Id id) {
  CaseRecord rec;
  ZB_RETURN_IF_ERROR(pool_->Read("get case", [&](Tx& tx) -> Status {
    auto r = tx.Exec(kCaseColumns + " WHERE id=$1", id);
    if (r.empty()) {
      return NotFound("此件不存在：" + std::to_string(id), "no case " + std::to_string(id));
    }
    rec = ReadCase(r[0]);
    return Status();
  }));
  return rec;
}

Result<std::vector<EventRecord>> PgStore::ListEvents(Id case_id) {
  std::vector<EventRecord> events;
  ZB_RETURN_IF_ERROR(pool_->Read("list events", [&](Tx& tx) -> Status {
    for (const auto& row :
         tx.Exec("SELECT id, case_id, seq, type, action, actor_id, on_behalf_of, at, from_state, "
                 "to_state, data FROM events WHERE case_id=$1 ORDER BY seq",
                 case_id)) {
      EventRecord e;
      e.id = Int(row[0]);
      e.case_id = Int(row[1]);
      e.seq = Int(row[2]);
      e.type = Text(row[3]);
      e.action = Text(row[4]);
      e.actor_id = Int(row[5]);
      e.on_behalf_of = OptInt(row[6]);
      e.at = At(row[7]);
      e.from_state = Text(row[8]);
      e.to_state = Text(row[9]);
      e.data = JsonObject(row[10]);
      events.push_back(std::move(e));
    }
    return Status();
  }));
  return events;
}

Result<CasePage> PgStore::ListCases(const CaseQuery& q) {
  std::string sql = kCaseColumns + " WHERE TRUE";
  std::vector<std::string> params;
  // Appends a parameter and returns its placeholder.
  auto param = [&](std::string v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  auto num = [&](int64_t v) { return param(std::to_string(v)); };
  if (q.kind) sql += " AND kind=" + param(*q.kind);
  if (q.state) sql += " AND state=" + param(*q.state);
  if (q.unit_id) {
    std::string u = num(*q.unit_id);
    sql += " AND (lead_unit_id=" + u + " OR id IN (SELECT case_id FROM case_co_units WHERE " +
           "unit_id=" + u + "))";
  }
  if (!q.visible_unit_ids.empty()) {
    std::string ids = param(IdArray(q.visible_unit_ids)) + "::bigint[]";
    std::string creator = num(q.visible_creator.value_or(0));
    sql += " AND (lead_unit_id = ANY(" + ids + ") OR id IN (SELECT case_id FROM case_co_units " +
           "WHERE unit_id = ANY(" + ids + ")) OR created_by=" + creator + ")";
  }
  if (q.open_only) sql += " AND closed_at IS NULL";
  if (q.light) {
    std::string now = num(ToUnixSeconds(q.now));
    if (*q.light == "red") {
      sql += " AND closed_at IS NULL AND due_at < " + now;
    } else if (*q.light == "yellow") {
      sql += " AND closed_at IS NULL AND due_at >= " + now + " AND yellow_at <= " + now;
    } else if (*q.light == "green") {
      sql += " AND closed_at IS NULL AND due_at >= " + now + " AND (yellow_at IS NULL OR " +
             "yellow_at > " + now + ")";
    } else {
      return Invalid("未知的灯色：" + *q.light, "unknown light: " + *q.light);
    }
  }
  if (q.due_from) sql += " AND due_at >= " + num(ToUnixSeconds(*q.due_from));
  if (q.due_to) sql += " AND due_at <= " + num(ToUnixSeconds(*q.due_to));
  if (q.keyword && !q.keyword->empty()) {
    if (IndexableKeyword(*q.keyword)) {
      // Chinese: the search tokenizer's phrase against the GIN-indexed tsvector (pg_search.h)
      // narrows the rows; LIKE below keeps the result exactly "contains", as in SQLite.
      sql += " AND search @@ " + param(SearchQuery(*q.keyword)) + "::tsquery";
    }
    // ILIKE: case-insensitive like SQLite's LIKE.
    std::string k = param(LikePattern(*q.keyword));
    sql += " AND (title ILIKE " + k + " ESCAPE '\\' OR fields ILIKE " + k + " ESCAPE '\\')";
  }
  if (q.created_by) sql += " AND created_by=" + num(*q.created_by);

  // Keyset paging on (sort key, id).
  std::string key_expr;
  bool ascending = false;
  switch (q.sort) {
    case SortOrder::kDueAsc:
      key_expr = "coalesce(due_at, 9223372036854775807)";
      ascending = true;
      break;
    case SortOrder::kCreatedDesc:
      key_expr = "created_at";
      break;
    case SortOrder::kUpdatedDesc:
      key_expr = "updated_at";
      break;
  }
  if (q.cursor) {
    int64_t key = 0, id = 0;
    if (!ParseCaseCursor(*q.cursor, key, id)) {
      return Invalid("分页游标无效", "invalid paging cursor");
    }
    std::string k = num(key), i = num(id);
    sql += " AND (" + key_expr + ", id) " + (ascending ? ">" : "<") + " (" + k + "::bigint, " + i +
           "::bigint)";
  }
  sql += " ORDER BY " + key_expr + (ascending ? " ASC, id ASC" : " DESC, id DESC");
  int limit = std::clamp(q.limit, 1, 1000);
  sql += " LIMIT " + std::to_string(limit + 1);

  CasePage page;
  ZB_RETURN_IF_ERROR(pool_->Read("list cases", [&](Tx& tx) -> Status {
    for (const auto& row : tx.raw().exec_params(sql, pqxx::prepare::make_dynamic_params(params))) {
      page.cases.push_back(ReadCase(row));
    }
    return Status();
  }));
  if (static_cast<int>(page.cases.size()) > limit) {
    page.cases.pop_back();
    page.next_cursor = NextCaseCursor(page.cases.back(), q.sort);
  }
  return page;
}

Result<LightCounts> PgStore::CountOpenCasesByLight(Instant now) {
  LightCounts n;
  ZB_RETURN_IF_ERROR(pool_->Read("count open cases by light", [&](Tx& tx) -> Status {
    int64_t t = ToUnixSeconds(now);
    auto row = tx.Exec("SELECT count(*) FILTER (WHERE due_at<=" + std::to_string(t) +
                       "), count(*) FILTER (WHERE yellow_at<=" + std::to_string(t) +
                       " AND due_at>" + std::to_string(t) +
                       "), count(due_at), count(*) FROM cases WHERE closed_at IS NULL")[0];
    n.red = Int(row[0]);
    n.yellow = Int(row[1]);
    n.green = Int(row[2]) - n.red - n.yellow;
    n.no_limit = Int(row[3]) - Int(row[2]);
    return Status();
  }));
  return n;
}

Result<int64_t> PgStore::CountCases() {
  int64_t n = 0;
  ZB_RETURN_IF_ERROR(pool_->Read("count cases", [&](Tx& tx) -> Status {
    n = Int(tx.Exec("SELECT count(*) FROM cases")[0][0]);
    return Status();
  }));
  return n;
}

Result<Id> PgStore::AddAttachment(const AttachmentRecord& a) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(pool_->Write("add attachment", [&](Tx& tx) -> Status {
    id =
        Int(tx.Exec("INSERT INTO attachments(case_id, sha256, name, content_type, size, "
                    "uploaded_by, at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
                    a.case_id, a.sha256, a.name, a.content_type, a.size, a.uploaded_by,
                    ToUnixSeconds(a.at))[0][0]);
    return Status();
  }));
  return id;
}

Result<std::vector<AttachmentRecord>> PgStore::ListAttachments(Id case_id) {
  std::vector<AttachmentRecord> out;
  ZB_RETURN_IF_ERROR(pool_->Read("list attachments", [&](Tx& tx) -> Status {
    for (const auto& row :
         tx.Exec("SELECT id, case_id, sha256, name, content_type, size, uploaded_by, at "
                 "FROM attachments WHERE case_id=$1 ORDER BY id",
                 case_id)) {
      out.push_back(AttachmentRecord{Int(row[0]), Int(row[1]), Text(row[2]), Text(row[3]),
                                     Text(row[4]), Int(row[5]), Int(row[6]), At(row[7])});
    }
    return Status();
  }));
  return out;
}

}  // namespace zb::store::postgres
