#include "store/insight_store.h"

#include <algorithm>
#include <cmath>

#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"

namespace zb::store {

namespace {

const char* kRunColumns =
    "id, kind, period_from, period_to, actor_id, started_at, finished_at, tickets, status, "
    "source, notes";
const char* kFindingColumns =
    "id, run_id, rank, type, finding_key, status, title, score, previous_score, evidence, case_id";

// Scores are stored in hundredths.
int64_t Hundredths(double v) {
  return std::isfinite(v) ? static_cast<int64_t>(std::llround(v * 100)) : 0;
}

int TypeOrder(const std::string& type) {
  static const char* order[] = {"hot_issue", "emerging", "trending", "periodic"};
  for (int i = 0; i < 4; ++i) {
    if (type == order[i]) return i;
  }
  return 4;
}

void SortFindings(std::vector<InsightFinding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const auto& a, const auto& b) {
    int ta = TypeOrder(a.type), tb = TypeOrder(b.type);
    return ta != tb ? ta < tb : a.rank < b.rank;
  });
}

nlohmann::json ParseNotes(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_array() ? j : nlohmann::json::array();
}

void ParseEvidence(InsightFinding& f, const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  f.evidence_ok = j.is_object();
  f.evidence = f.evidence_ok ? std::move(j) : nlohmann::json::object();
}

Date DateOr(const std::string& text) {
  auto d = ParseDate(text);
  return d ? *d : Date{};
}

Status RunNotFound(Id id) {
  return NotFound("分析记录 " + std::to_string(id) + " 不存在",
                  "no insight run " + std::to_string(id));
}

Status FindingNotFound(Id id) {
  return NotFound("分析发现 " + std::to_string(id) + " 不存在",
                  "no insight finding " + std::to_string(id));
}

Status AlreadyLinked(Id id) {
  return Conflict("分析发现 " + std::to_string(id) + " 已转为事项",
                  "insight finding " + std::to_string(id) + " was already turned into a case");
}

// Each finding of `run_id` takes the case of the latest earlier finding with its key.
const char* kCarryCases =
    "UPDATE insight_findings SET case_id = (SELECT o.case_id FROM insight_findings o "
    "WHERE o.finding_key = insight_findings.finding_key AND o.case_id IS NOT NULL "
    "AND o.run_id < insight_findings.run_id ORDER BY o.id DESC LIMIT 1) WHERE run_id = ";

const char* kUnanalysed =
    "SELECT c.id FROM cases c LEFT JOIN insight_ticket_features f ON f.case_id = c.id "
    "WHERE c.kind = 'hotline' AND c.created_at >= {1} AND c.created_at < {2} "
    "AND (f.case_id IS NULL OR f.version <> c.version) ORDER BY c.created_at, c.id";
const char* kUpsertFeatures =
    "INSERT INTO insight_ticket_features(case_id, day, version, features) VALUES ({1},{2},{3},{4}) "
    "ON CONFLICT (case_id) DO UPDATE SET day = excluded.day, version = excluded.version, "
    "features = excluded.features";

// `sql` with {N} replaced by ?N (SQLite) or $N (PostgreSQL).
std::string Params(std::string sql, char mark) {
  for (size_t at; (at = sql.find('{')) != std::string::npos;) {
    size_t end = sql.find('}', at);
    sql.replace(at, end - at + 1, mark + sql.substr(at + 1, end - at - 1));
  }
  return sql;
}

}  // namespace

namespace sqlite {

struct InsightAccess {
  static InsightRun ReadRun(const Statement& st) {
    InsightRun r;
    r.id = st.Int(0);
    r.kind = st.Text(1);
    r.period_from = DateOr(st.Text(2));
    r.period_to = DateOr(st.Text(3));
    r.actor_id = st.Int(4);
    r.started_at = FromUnixSeconds(st.Int(5));
    r.finished_at = FromUnixSeconds(st.Int(6));
    r.tickets = st.Int(7);
    r.status = st.Text(8);
    r.source = st.Text(9);
    r.notes = ParseNotes(st.Text(10));
    return r;
  }

  static InsightFinding ReadFinding(const Statement& st) {
    InsightFinding f;
    f.id = st.Int(0);
    f.run_id = st.Int(1);
    f.rank = static_cast<int>(st.Int(2));
    f.type = st.Text(3);
    f.key = st.Text(4);
    f.status = st.Text(5);
    f.title = st.Text(6);
    f.score = static_cast<double>(st.Int(7)) / 100;
    if (!st.IsNull(8)) f.previous_score = static_cast<double>(st.Int(8)) / 100;
    ParseEvidence(f, st.Text(9));
    f.case_id = st.OptInt(10);
    return f;
  }

  static Result<Id> Save(SqliteStore& s, const InsightRun& run,
                         const std::vector<InsightFinding>& findings, AuditEntry audit) {
    Id id = 0;
    ZB_RETURN_IF_ERROR(s.Write([&](Connection& c) -> Status {
      ZB_ASSIGN_OR_RETURN(
          auto st, c.Prepare("INSERT INTO insight_runs(kind, period_from, period_to, actor_id, "
                             "started_at, finished_at, tickets, status, source, notes) VALUES "
                             "(?,?,?,?,?,?,?,?,?,?)"));
      st->Bind(1, run.kind).Bind(2, FormatDate(run.period_from)).Bind(3, FormatDate(run.period_to));
      st->Bind(4, run.actor_id).Bind(5, ToUnixSeconds(run.started_at));
      st->Bind(6, ToUnixSeconds(run.finished_at)).Bind(7, run.tickets).Bind(8, run.status);
      st->Bind(9, run.source).Bind(10, run.notes.dump());
      ZB_RETURN_IF_ERROR(c.Run(*st, "insight run"));
      id = c.LastInsertId();
      ZB_ASSIGN_OR_RETURN(
          auto ins,
          c.Prepare("INSERT INTO insight_findings(run_id, rank, type, finding_key, status, title, "
                    "score, previous_score, evidence) VALUES (?,?,?,?,?,?,?,?,?)"));
      for (const InsightFinding& f : findings) {
        ins->Bind(1, id).Bind(2, int64_t{f.rank}).Bind(3, f.type).Bind(4, f.key);
        ins->Bind(5, f.status).Bind(6, f.title);
        ins->Bind(7, Hundredths(f.score));
        std::optional<int64_t> previous;
        if (f.previous_score) previous = Hundredths(*f.previous_score);
        ins->Bind(8, previous);
        ins->Bind(9, f.evidence.dump());
        ZB_RETURN_IF_ERROR(c.Run(*ins, "insight finding"));
        sqlite3_reset(ins->raw());
      }
      ZB_RETURN_IF_ERROR(c.Exec(kCarryCases + std::to_string(id)));
      audit.action = "insight.run";
      audit.target = "insight_run:" + std::to_string(id);
      return s.InsertAudit(c, audit).status();
    }));
    return id;
  }

  static Result<std::vector<InsightRun>> List(SqliteStore& s, int limit, const std::string& kind,
                                              bool done_only) {
    std::vector<InsightRun> runs;
    ZB_RETURN_IF_ERROR(s.Read([&](Connection& c) -> Status {
      ZB_ASSIGN_OR_RETURN(auto st,
                          c.Prepare(std::string("SELECT ") + kRunColumns +
                                    " FROM insight_runs WHERE (?1 = '' OR kind = ?1) AND "
                                    "(?2 = 0 OR status = 'done') ORDER BY id DESC LIMIT ?3"));
      st->Bind(1, kind).Bind(2, int64_t{done_only}).Bind(3, int64_t{limit});
      while (st->Step()) runs.push_back(ReadRun(*st));
      return ToStatus(st->rc(), c.raw(), "insight runs");
    }));
    return runs;
  }

  static Result<InsightRun> Get(SqliteStore& s, Id id) {
    std::optional<InsightRun> run;
    ZB_RETURN_IF_ERROR(s.Read([&](Connection& c) -> Status {
      ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(std::string("SELECT ") + kRunColumns +
                                             " FROM insight_runs WHERE id = ?"));
      st->Bind(1, id);
      if (st->Step()) run = ReadRun(*st);
      return ToStatus(st->rc(), c.raw(), "insight run");
    }));
    if (!run) return RunNotFound(id);
    return *run;
  }

  static Result<std::vector<InsightFinding>> Findings(SqliteStore& s, const std::string& where,
                                                      Id id) {
    std::vector<InsightFinding> out;
    ZB_RETURN_IF_ERROR(s.Read([&](Connection& c) -> Status {
      ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(std::string("SELECT ") + kFindingColumns +
                                             " FROM insight_findings WHERE " + where + " = ?"));
      st->Bind(1, id);
      while (st->Step()) out.push_back(ReadFinding(*st));
      return ToStatus(st->rc(), c.raw(), "insight findings");
    }));
    return out;
  }

  static Status SetCase(SqliteStore& s, Id finding_id, Id case_id, AuditEntry audit) {
    return s.Write([&](Connection& c) -> Status {
      ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("UPDATE insight_findings SET case_id = ? WHERE id = ? "
                                             "AND case_id IS NULL"));
      st->Bind(1, case_id).Bind(2, finding_id);
      ZB_RETURN_IF_ERROR(c.Run(*st, "insight finding case"));
      if (c.Changes() == 0) return AlreadyLinked(finding_id);
      audit.action = "insight.finding.case";
      audit.target = "insight_finding:" + std::to_string(finding_id);
      return s.InsertAudit(c, audit).status();
    });
  }

  static Result<std::vector<Id>> Unanalysed(SqliteStore& s, Instant begin, Instant end) {
    std::vector<Id> ids;
    ZB_RETURN_IF_ERROR(s.Read([&](Connection& c) -> Status {
      ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(Params(kUnanalysed, '?')));
      st->Bind(1, ToUnixSeconds(begin)).Bind(2, ToUnixSeconds(end));
      while (st->Step()) ids.push_back(st->Int(0));
      return ToStatus(st->rc(), c.raw(), "insight tickets");
    }));
    return ids;
  }

  static Result<std::vector<InsightTicketFeatures>> Features(SqliteStore& s, int32_t from,
                                                             int32_t to) {
    std::vector<InsightTicketFeatures> rows;
    ZB_RETURN_IF_ERROR(s.Read([&](Connection& c) -> Status {
      ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT case_id, day, version, features FROM "
                                             "insight_ticket_features WHERE day BETWEEN ? AND ?"));
      st->Bind(1, int64_t{from}).Bind(2, int64_t{to});
      while (st->Step()) {
        rows.push_back({st->Int(0), static_cast<int32_t>(st->Int(1)), st->Int(2), st->Text(3)});
      }
      return ToStatus(st->rc(), c.raw(), "insight ticket features");
    }));
    return rows;
  }

  static Status SaveFeatures(SqliteStore& s, const std::vector<InsightTicketFeatures>& rows) {
    return s.Write([&](Connection& c) -> Status {
      ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(Params(kUpsertFeatures, '?')));
      for (const InsightTicketFeatures& r : rows) {
        st->Bind(1, r.case_id).Bind(2, int64_t{r.day}).Bind(3, r.version).Bind(4, r.features);
        ZB_RETURN_IF_ERROR(c.Run(*st, "insight ticket features"));
        sqlite3_reset(st->raw());
      }
      return Status();
    });
  }
};

}  // namespace sqlite

namespace postgres {

struct InsightAccess {
  static InsightRun ReadRun(const pqxx::row& row) {
    InsightRun r;
    r.id = Int(row[0]);
    r.kind = Text(row[1]);
    r.period_from = DateOr(Text(row[2]));
    r.period_to = DateOr(Text(row[3]));
    r.actor_id = Int(row[4]);
    r.started_at = At(row[5]);
    r.finished_at = At(row[6]);
    r.tickets = Int(row[7]);
    r.status = Text(row[8]);
    r.source = Text(row[9]);
    r.notes = ParseNotes(Text(row[10]));
    return r;
  }

  static InsightFinding ReadFinding(const pqxx::row& row) {
    InsightFinding f;
    f.id = Int(row[0]);
    f.run_id = Int(row[1]);
    f.rank = static_cast<int>(Int(row[2]));
    f.type = Text(row[3]);
    f.key = Text(row[4]);
    f.status = Text(row[5]);
    f.title = Text(row[6]);
    f.score = static_cast<double>(Int(row[7])) / 100;
    if (!row[8].is_null()) f.previous_score = static_cast<double>(Int(row[8])) / 100;
    ParseEvidence(f, Text(row[9]));
    f.case_id = OptInt(row[10]);
    return f;
  }

  static Result<Id> Save(PgStore& s, const InsightRun& run,
                         const std::vector<InsightFinding>& findings, AuditEntry audit) {
    Id id = 0;
    ZB_RETURN_IF_ERROR(s.pool_->Write("insight run", [&](Tx& tx) -> Status {
      auto r = tx.Exec(
          "INSERT INTO insight_runs(kind, period_from, period_to, actor_id, started_at, "
          "finished_at, tickets, status, source, notes) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) "
          "RETURNING id",
          run.kind, FormatDate(run.period_from), FormatDate(run.period_to), run.actor_id,
          ToUnixSeconds(run.started_at), ToUnixSeconds(run.finished_at), run.tickets, run.status,
          run.source, run.notes.dump());
      id = Int(r[0][0]);
      for (const InsightFinding& f : findings) {
        tx.Exec(
            "INSERT INTO insight_findings(run_id, rank, type, finding_key, status, title, score, "
            "previous_score, evidence) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)",
            id, f.rank, f.type, f.key, f.status, f.title, Hundredths(f.score),
            f.previous_score ? std::optional<int64_t>(Hundredths(*f.previous_score))
                             : std::optional<int64_t>(),
            f.evidence.dump());
      }
      tx.raw().exec(kCarryCases + std::to_string(id));
      audit.action = "insight.run";
      audit.target = "insight_run:" + std::to_string(id);
      PgStore::InsertAudit(tx, audit);
      return Status();
    }));
    return id;
  }

  static Result<std::vector<InsightRun>> List(PgStore& s, int limit, const std::string& kind,
                                              bool done_only) {
    std::vector<InsightRun> runs;
    ZB_RETURN_IF_ERROR(s.pool_->Read("insight runs", [&](Tx& tx) -> Status {
      auto r = tx.Exec(std::string("SELECT ") + kRunColumns +
                           " FROM insight_runs WHERE ($1 = '' OR kind = $1) AND "
                           "(NOT $2 OR status = 'done') ORDER BY id DESC LIMIT $3",
                       kind, done_only, int64_t{limit});
      for (const auto& row : r) runs.push_back(ReadRun(row));
      return Status();
    }));
    return runs;
  }

  static Result<InsightRun> Get(PgStore& s, Id id) {
    std::optional<InsightRun> run;
    ZB_RETURN_IF_ERROR(s.pool_->Read("insight run", [&](Tx& tx) -> Status {
      auto r =
          tx.Exec(std::string("SELECT ") + kRunColumns + " FROM insight_runs WHERE id = $1", id);
      if (!r.empty()) run = ReadRun(r[0]);
      return Status();
    }));
    if (!run) return RunNotFound(id);
    return *run;
  }

  static Result<std::vector<InsightFinding>> Findings(PgStore& s, const std::string& where, Id id) {
    std::vector<InsightFinding> out;
    ZB_RETURN_IF_ERROR(s.pool_->Read("insight findings", [&](Tx& tx) -> Status {
      auto r = tx.Exec(std::string("SELECT ") + kFindingColumns + " FROM insight_findings WHERE " +
                           where + " = $1",
                       id);
      for (const auto& row : r) out.push_back(ReadFinding(row));
      return Status();
    }));
    return out;
  }

  static Status SetCase(PgStore& s, Id finding_id, Id case_id, AuditEntry audit) {
    return s.pool_->Write("insight finding case", [&](Tx& tx) -> Status {
      auto r = tx.Exec(
          "UPDATE insight_findings SET case_id = $1 WHERE id = $2 AND case_id IS NULL "
          "RETURNING id",
          case_id, finding_id);
      if (r.empty()) return AlreadyLinked(finding_id);
      audit.action = "insight.finding.case";
      audit.target = "insight_finding:" + std::to_string(finding_id);
      PgStore::InsertAudit(tx, audit);
      return Status();
    });
  }

  static Result<std::vector<Id>> Unanalysed(PgStore& s, Instant begin, Instant end) {
    std::vector<Id> ids;
    ZB_RETURN_IF_ERROR(s.pool_->Read("insight tickets", [&](Tx& tx) -> Status {
      auto r = tx.Exec(Params(kUnanalysed, '$'), ToUnixSeconds(begin), ToUnixSeconds(end));
      for (const auto& row : r) ids.push_back(Int(row[0]));
      return Status();
    }));
    return ids;
  }

  static Result<std::vector<InsightTicketFeatures>> Features(PgStore& s, int32_t from, int32_t to) {
    std::vector<InsightTicketFeatures> rows;
    ZB_RETURN_IF_ERROR(s.pool_->Read("insight ticket features", [&](Tx& tx) -> Status {
      auto r = tx.Exec(
          "SELECT case_id, day, version, features FROM insight_ticket_features "
          "WHERE day BETWEEN $1 AND $2",
          int64_t{from}, int64_t{to});
      for (const auto& row : r) {
        rows.push_back({Int(row[0]), static_cast<int32_t>(Int(row[1])), Int(row[2]), Text(row[3])});
      }
      return Status();
    }));
    return rows;
  }

  static Status SaveFeatures(PgStore& s, const std::vector<InsightTicketFeatures>& rows) {
    return s.pool_->Write("insight ticket features", [&](Tx& tx) -> Status {
      for (const InsightTicketFeatures& r : rows) {
        tx.Exec(Params(kUpsertFeatures, '$'), r.case_id, int64_t{r.day}, r.version, r.features);
      }
      return Status();
    });
  }
};

}  // namespace postgres

namespace {

Status Unsupported() {
  return Internal("此数据库不支持热点分析记录", "this store keeps no insight runs");
}

// Calls the SQLite or the PostgreSQL version of `fn` for `store`.
template <typename Fn>
auto Dispatch(Store& store, Fn fn)
    -> decltype(fn(std::declval<sqlite::SqliteStore&>(), std::declval<sqlite::InsightAccess*>())) {
  if (auto* s = dynamic_cast<sqlite::SqliteStore*>(&store)) {
    return fn(*s, static_cast<sqlite::InsightAccess*>(nullptr));
  }
  if (auto* p = dynamic_cast<postgres::PgStore*>(&store)) {
    return fn(*p, static_cast<postgres::InsightAccess*>(nullptr));
  }
  return Unsupported();
}

}  // namespace

Result<Id> SaveInsightRun(Store& store, const InsightRun& run,
                          const std::vector<InsightFinding>& findings, AuditEntry audit) {
  return Dispatch(store, [&](auto& s, auto* access) -> Result<Id> {
    return std::remove_pointer_t<decltype(access)>::Save(s, run, findings, std::move(audit));
  });
}

Result<std::vector<InsightRun>> ListInsightRuns(Store& store, int limit, const std::string& kind,
                                                bool done_only) {
  return Dispatch(store, [&](auto& s, auto* access) -> Result<std::vector<InsightRun>> {
    return std::remove_pointer_t<decltype(access)>::List(s, limit, kind, done_only);
  });
}

Result<InsightRun> GetInsightRun(Store& store, Id id) {
  return Dispatch(store, [&](auto& s, auto* access) -> Result<InsightRun> {
    return std::remove_pointer_t<decltype(access)>::Get(s, id);
  });
}

Result<std::vector<InsightFinding>> ListInsightFindings(Store& store, Id run_id) {
  auto found = Dispatch(store, [&](auto& s, auto* access) -> Result<std::vector<InsightFinding>> {
    return std::remove_pointer_t<decltype(access)>::Findings(s, "run_id", run_id);
  });
  if (found.ok()) SortFindings(*found);
  return found;
}

Result<InsightFinding> GetInsightFinding(Store& store, Id id) {
  auto found = Dispatch(store, [&](auto& s, auto* access) -> Result<std::vector<InsightFinding>> {
    return std::remove_pointer_t<decltype(access)>::Findings(s, "id", id);
  });
  if (!found.ok()) return found.status();
  if (found->empty()) return FindingNotFound(id);
  return std::move(found->front());
}

Status SetInsightFindingCase(Store& store, Id finding_id, Id case_id, AuditEntry audit) {
  return Dispatch(store, [&](auto& s, auto* access) -> Status {
    return std::remove_pointer_t<decltype(access)>::SetCase(s, finding_id, case_id,
                                                            std::move(audit));
  });
}

Result<std::vector<Id>> ListUnanalysedInsightTickets(Store& store, Instant begin, Instant end) {
  return Dispatch(store, [&](auto& s, auto* access) -> Result<std::vector<Id>> {
    return std::remove_pointer_t<decltype(access)>::Unanalysed(s, begin, end);
  });
}

Result<std::vector<InsightTicketFeatures>> ListInsightTicketFeatures(Store& store, int32_t from_day,
                                                                     int32_t to_day) {
  return Dispatch(store, [&](auto& s, auto* access) -> Result<std::vector<InsightTicketFeatures>> {
    return std::remove_pointer_t<decltype(access)>::Features(s, from_day, to_day);
  });
}

Status SaveInsightTicketFeatures(Store& store, const std::vector<InsightTicketFeatures>& rows) {
  if (rows.empty()) return Status();
  return Dispatch(store, [&](auto& s, auto* access) -> Status {
    return std::remove_pointer_t<decltype(access)>::SaveFeatures(s, rows);
  });
}

}  // namespace zb::store
