// Cases, events and attachment metadata on SQLite.
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>

#include "base/json_writer.h"
#include "store/case_paging.h"
#include "store/sqlite/case_fields.h"
#include "store/sqlite/event_id.h"
#include "store/sqlite/sqlite_search.h"
#include "store/sqlite/sqlite_store.h"

namespace zb::store::sqlite {

namespace {

// CreateCases indexes this many cases or more with the bulk builder.
constexpr size_t kBulkIndexFrom = 64;
// A keyword with at most this many candidates lists them by id; more are tested while walking.
constexpr size_t kFetchCandidatesUpTo = 2000;
// Thousands of SQLite instructions a walk in list order may take (a few milliseconds' worth)
// before the listing falls back to SQLite's own plan.
constexpr int kWalkBudget = 300;

std::optional<int64_t> OptSeconds(const std::optional<Instant>& t) {
  if (!t) return std::nullopt;
  return ToUnixSeconds(*t);
}

std::optional<Instant> OptInstant(const Statement& st, int col) {
  if (st.IsNull(col)) return std::nullopt;
  return FromUnixSeconds(st.Int(col));
}

// The columns ReadCase reads, 0–16.
const std::string kCaseSelect =
    std::string(
        "SELECT id, kind, state, title, lead_unit_id, created_by, created_at, updated_at, due_at, "
        "yellow_at, step_due_at, closed_at, paused_at, urgency, ") +
    kCaseFieldsSql +
    ", version, (SELECT group_concat(unit_id) FROM case_co_units cu WHERE cu.case_id = cases.id)";
const std::string kCaseColumns = kCaseSelect + " FROM cases";

// The same columns, without the two that cost most to read (for aggregates over many cases).
constexpr const char* kCaseSummaryColumns =
    "SELECT id, kind, state, title, lead_unit_id, created_by, created_at, updated_at, due_at, "
    "yellow_at, step_due_at, closed_at, paused_at, urgency, '{}', version, '' FROM cases";

CaseRecord ReadCase(const Statement& st) {
  CaseRecord c;
  c.id = st.Int(0);
  c.kind = st.Text(1);
  c.state = st.Text(2);
  c.title = st.Text(3);
  c.lead_unit_id = st.OptInt(4);
  c.created_by = st.Int(5);
  c.created_at = FromUnixSeconds(st.Int(6));
  c.updated_at = FromUnixSeconds(st.Int(7));
  c.due_at = OptInstant(st, 8);
  c.yellow_at = OptInstant(st, 9);
  c.step_due_at = OptInstant(st, 10);
  c.closed_at = OptInstant(st, 11);
  c.paused_at = OptInstant(st, 12);
  c.urgency = st.Text(13);
  c.fields = nlohmann::json::parse(st.Text(14), nullptr, false);
  if (c.fields.is_discarded()) c.fields = nlohmann::json::object();
  c.version = st.Int(15);
  std::string co = st.Text(16);
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

// `fields_json`: the fields' text if serialised already ('' when they are kept in the case's
// created event only: case_fields.h).
void BindCaseColumns(Statement& st, const CaseRecord& r, int64_t version,
                     const std::string_view* fields_json = nullptr) {
  st.Bind(1, r.kind).Bind(2, r.state).Bind(3, r.title).Bind(4, r.lead_unit_id);
  st.Bind(5, r.created_by)
      .Bind(6, ToUnixSeconds(r.created_at))
      .Bind(7, ToUnixSeconds(r.updated_at));
  st.Bind(8, OptSeconds(r.due_at))
      .Bind(9, OptSeconds(r.yellow_at))
      .Bind(10, OptSeconds(r.step_due_at));
  st.Bind(11, OptSeconds(r.closed_at)).Bind(12, OptSeconds(r.paused_at)).Bind(13, r.urgency);
  if (fields_json) {
    st.BindUncopied(14, *fields_json);  // a kilobyte or more, kept by the caller
  } else {
    st.Bind(14, DumpJson(r.fields));
  }
  st.Bind(15, version);
}

// Text kept in blocks that never move, so that views of it stay valid while more is added (a
// block is never refilled past its capacity, and its heap buffer stays put when the vector of
// blocks grows).
class TextArena {
 public:
  std::string_view Add(std::string_view text) {
    if (blocks_.empty() || blocks_.back().capacity() - blocks_.back().size() < text.size()) {
      blocks_.emplace_back().reserve(std::max(kBlockBytes, text.size()));
    }
    std::string& b = blocks_.back();
    size_t at = b.size();
    b.append(text);
    return std::string_view(b).substr(at, text.size());
  }

 private:
  static constexpr size_t kBlockBytes = 8u << 20;
  std::vector<std::string> blocks_;
};

// A batch of new cases with their JSON text and their searchable text made in advance; the
// cases' JSON values are dropped once serialised. Complete builds the keyword index's segments
// from the searchable text (numbering the cases 1, 2, …, then given consecutive ids): on a
// thread between an import's reading and writing ones, or else before the write lock.
class SqlitePreparedCases : public PreparedCases {
 public:
  void Complete() override {
    if (!builder) return;
    segments = BuildNumberedSegments(search, *builder);
    builder = nullptr;
  }

  TextArena arena;                       // the text of every case and event, in a few blocks
  std::vector<std::string_view> events;  // each case's events' data, in order
  std::vector<CaseText> text;
  std::vector<text::IndexDocument> search;  // each case's searchable parts, in the arena
  text::SegmentBuilder* builder = nullptr;  // its preparer's
  std::vector<text::Segment> segments;
};

// Writes an event's data as JSON text into `w`. A "created" event carries the case's fields,
// most often still equal to the case's own (a kilobyte of text): their text, written already,
// is reused, and true returned.
bool WriteEventData(JsonWriter& w, const EventRecord& e, const nlohmann::json& case_fields,
                    std::string_view case_fields_text) {
  auto fields = e.data.find("fields");
  if (!e.data.is_object() || fields == e.data.end() || *fields != case_fields) {
    w.Value(e.data);
    return false;
  }
  w.BeginObject();
  for (auto it = e.data.begin(); it != e.data.end(); ++it) {
    w.Key(it.key());
    if (it == fields) {
      w.Raw(case_fields_text);
    } else {
      w.Value(*it);
    }
  }
  w.EndObject();
  return true;
}

class SqliteCasePreparer : public CasePreparer {
 public:
  // The case's text is written at once, while its values are still in the processor's cache
  // (written a batch at a time, the reading of 50,000 tickets' cold values, and their freeing,
  // took longer than making them): through one reused buffer into the arena, then its JSON
  // values (a kilobyte or two) are dropped.
  void Add(NewCase nc) override {
    if (!p_) p_ = std::make_unique<SqlitePreparedCases>();
    SqlitePreparedCases& p = *p_;
    w_.Clear();
    std::string_view fields = p.arena.Add(w_.Value(nc.record.fields).str());
    spans_.emplace_back(p.events.size(), nc.events.size());
    bool kept_in_created = false;
    for (const EventRecord& e : nc.events) {
      w_.Clear();
      bool reused = WriteEventData(w_, e, nc.record.fields, fields);
      if (&e == &nc.events.front() && e.type == "created") kept_in_created = reused;
      p.events.push_back(p.arena.Add(w_.str()));
    }
    // The case's fields are those of its created event: kept there only (case_fields.h).
    p.text.push_back(CaseText{kept_in_created ? std::string_view("") : fields, {}});
    text::IndexDocument& doc = p.search.emplace_back();
    doc.id = static_cast<int64_t>(p.search.size());
    parts_.clear();
    CaseSearchParts(nc.record, scratch_, parts_);
    for (std::string_view part : parts_) doc.parts.push_back(p.arena.Add(part));
    scratch_.clear();
    Drop(nc.record.fields);
    for (EventRecord& e : nc.events) Drop(e.data);
    p.cases.push_back(std::move(nc));
  }

  std::unique_ptr<PreparedCases> Take() override {
    if (!p_) p_ = std::make_unique<SqlitePreparedCases>();
    for (size_t i = 0; i < spans_.size(); ++i) {
      p_->text[i].event_data =
          std::span<const std::string_view>(p_->events).subspan(spans_[i].first, spans_[i].second);
    }
    spans_.clear();
    p_->builder = &builder_;
    return std::move(p_);
  }

 private:
  // Frees an object's members (and theirs, two levels down), each object's own first:
  // nlohmann's destructor first moves every member of an object into a vector (to free nested
  // values without recursion), a second walk over the members that this spares.
  static void Drop(nlohmann::json& v, int levels = 2) {
    if (!v.is_object()) return;
    auto& members = v.get_ref<nlohmann::json::object_t&>();
    if (levels > 0) {
      for (auto& [key, member] : members) Drop(member, levels - 1);
    }
    members.clear();
  }

  std::unique_ptr<SqlitePreparedCases> p_;        // the batch being filled
  std::vector<std::pair<size_t, size_t>> spans_;  // its cases' events in p_->events
  JsonWriter w_;
  std::deque<std::string> scratch_;
  std::vector<std::string_view> parts_;
  // Used by the batches' Complete, on another thread than Add's; two threads: half of each
  // segment is built beside the three stages of an import (21.7–22.8 s for 1M with two,
  // 22.3–23.5 s with one).
  text::SegmentBuilder builder_{2};
};

// Whether more than `n` cases have `state` (and `kind`): reads at most n + 1 index entries.
Result<bool> ManyInState(Connection& c, const std::optional<std::string>& kind,
                         const std::string& state, int n) {
  ZB_ASSIGN_OR_RETURN(
      auto st,
      c.Prepare(kind ? "SELECT count(*) FROM (SELECT 1 FROM cases WHERE kind=? AND "
                       "state=? LIMIT ?)"
                     : "SELECT count(*) FROM (SELECT 1 FROM cases WHERE state=? LIMIT ?)"));
  int i = 1;
  if (kind) st->Bind(i++, *kind);
  st->Bind(i, state);
  st->Bind(i + 1, int64_t{n} + 1);
  if (!st->Step()) return ToStatus(st->rc(), c.raw(), "count cases");
  return st->Int(0) > n;
}

}  // namespace

Status SqliteStore::InsertCase(Connection& c, const NewCase& nc, Id& id, bool index_search,
                               const CaseText* text) {
  ZB_ASSIGN_OR_RETURN(
      auto st,
      c.Prepare(
          "INSERT INTO cases(kind, state, title, lead_unit_id, created_by, created_at, updated_at, "
          "due_at, yellow_at, step_due_at, closed_at, paused_at, urgency, fields, version, id) "
          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  const CaseRecord& r = nc.record;  // not copied: its fields may be a kilobyte of text
  BindCaseColumns(*st, r, static_cast<int64_t>(nc.events.size()), text ? &text->fields : nullptr);
  st->Bind(16, id > 0 ? std::optional<int64_t>(id) : std::nullopt);  // none: the next rowid
  ZB_RETURN_IF_ERROR(c.Run(*st, "create case"));
  id = c.LastInsertId();
  if (!r.co_unit_ids.empty()) ZB_RETURN_IF_ERROR(WriteCoUnits(c, id, r.co_unit_ids));
  ZB_RETURN_IF_ERROR(InsertEvents(c, id, 1, nc.events,
                                  text ? text->event_data : std::span<const std::string_view>()));
  if (index_search) ZB_RETURN_IF_ERROR(IndexCase(c, id, r));
  if (nc.audit) {
    AuditEntry a = *nc.audit;
    if (size_t p = a.target.find("{id}"); p != std::string::npos) {
      a.target.replace(p, 4, std::to_string(id));
    }
    ZB_RETURN_IF_ERROR(InsertAudit(c, std::move(a)).status());
  }
  return Status();
}

Status SqliteStore::InsertEvents(Connection& c, Id case_id, int64_t first_seq,
                                 const std::vector<EventRecord>& events,
                                 std::span<const std::string_view> data_json) {
  ZB_ASSIGN_OR_RETURN(
      auto st,
      c.Prepare(
          "INSERT INTO events(case_id, seq, type, action, actor_id, on_behalf_of, at, from_state, "
          "to_state, data, id) VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
  for (size_t i = 0; i < events.size(); ++i) {
    const EventRecord& e = events[i];
    int64_t seq = first_seq + static_cast<int64_t>(i);
    st->Bind(1, case_id).Bind(2, seq).Bind(3, e.type).Bind(4, e.action).Bind(5, e.actor_id);
    st->Bind(6, e.on_behalf_of).Bind(7, ToUnixSeconds(e.at)).Bind(8, e.from_state);
    st->Bind(9, e.to_state);
    if (!data_json.empty()) {
      st->BindUncopied(10, data_json[i]);
    } else {
      st->Bind(10, DumpJson(e.data));
    }
    st->Bind(11, EventId(case_id, seq));
    ZB_RETURN_IF_ERROR(c.Run(*st, "append event"));
    sqlite3_reset(st->raw());
  }
  return Status();
}

Status SqliteStore::WriteCoUnits(Connection& c, Id case_id, const std::vector<Id>& units) {
  ZB_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM case_co_units WHERE case_id=?"));
  del->Bind(1, case_id);
  ZB_RETURN_IF_ERROR(c.Run(*del, "co-units"));
  if (units.empty()) return Status();
  ZB_ASSIGN_OR_RETURN(
      auto ins, c.Prepare("INSERT OR IGNORE INTO case_co_units(case_id, unit_id) VALUES (?,?)"));
  for (Id u : units) {
    ins->Bind(1, case_id).Bind(2, u);
    ZB_RETURN_IF_ERROR(c.Run(*ins, "co-units"));
    sqlite3_reset(ins->raw());
  }
  return Status();
}

Result<Id> SqliteStore::CreateCase(const NewCase& nc) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) { return InsertCase(c, nc, id, true); }));
  NoteSearchIndexed(1);
  return id;
}

Result<std::vector<Id>> SqliteStore::CreateCases(std::span<const NewCase> cases) {
  std::vector<Id> ids;
  ids.reserve(cases.size());
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    // A few cases are indexed one by one; many with the bulk builder (one posting list per term).
    bool bulk = cases.size() >= kBulkIndexFrom;
    for (const NewCase& nc : cases) {
      Id id = 0;
      ZB_RETURN_IF_ERROR(InsertCase(c, nc, id, !bulk));
      ids.push_back(id);
    }
    if (!bulk) return Status();
    std::vector<const CaseRecord*> records;
    records.reserve(cases.size());
    for (const NewCase& nc : cases) records.push_back(&nc.record);
    return IndexCasesBulk(c, ids, records);
  }));
  if (cases.size() < kBulkIndexFrom) {
    NoteSearchIndexed(static_cast<int>(cases.size()));
  } else {
    CheckpointAfterBulkWrite();
  }
  return ids;
}

Status SqliteStore::UpdateCase(Connection& c, const CaseChange& ch, bool& indexed) {
  ZB_ASSIGN_OR_RETURN(
      auto st,
      c.Prepare("UPDATE cases SET kind=?, state=?, title=?, lead_unit_id=?, created_by=?, "
                "created_at=?, "
                "updated_at=?, due_at=?, yellow_at=?, step_due_at=?, closed_at=?, paused_at=?, "
                "urgency=?, fields=?, "
                "version=? WHERE id=? AND version=?"));
  CaseRecord r = ch.updated;
  r.version = ch.expected_version + static_cast<int64_t>(ch.events.size());
  ZB_ASSIGN_OR_RETURN(indexed, IndexCaseChange(c, r));  // reads the text before the update
  BindCaseColumns(*st, r, r.version);
  st->Bind(16, r.id).Bind(17, ch.expected_version);
  ZB_RETURN_IF_ERROR(c.Run(*st, "update case"));
  if (c.Changes() == 0) {
    return Conflict("此件已被他人更新，请刷新后重试",
                    "the case was changed by someone else; reload and try again");
  }
  ZB_RETURN_IF_ERROR(WriteCoUnits(c, r.id, r.co_unit_ids));
  ZB_RETURN_IF_ERROR(InsertEvents(c, r.id, ch.expected_version + 1, ch.events));
  if (ch.audit) ZB_RETURN_IF_ERROR(InsertAudit(c, *ch.audit).status());
  return InsertSideEffects(c, ch);
}

Status SqliteStore::ApplyChange(const CaseChange& ch) {
  bool indexed = false;
  Status s = Write([&](Connection& c) { return UpdateCase(c, ch, indexed); });
  if (s.ok() && indexed) NoteSearchIndexed(1);
  return s;
}

std::unique_ptr<CasePreparer> SqliteStore::NewCasePreparer() const {
  return std::make_unique<SqliteCasePreparer>();
}

Result<std::vector<Id>> SqliteStore::CreatePrepared(PreparedCases& prepared) {
  auto* p = dynamic_cast<SqlitePreparedCases*>(&prepared);
  if (!p) return CreateCases(prepared.cases);
  p->Complete();  // before the write lock
  std::vector<Id> ids;
  ids.reserve(p->cases.size());
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    ids.clear();
    // Consecutive ids from the next one (the write lock is held): the segments' numbering.
    ZB_ASSIGN_OR_RETURN(auto top, c.Prepare("SELECT coalesce(max(id), 0) + 1 FROM cases"));
    if (!top->Step()) return ToStatus(top->rc(), c.raw(), "next case id");
    Id first = top->Int(0);
    sqlite3_reset(top->raw());
    for (size_t i = 0; i < p->cases.size(); ++i) {
      Id id = first + static_cast<Id>(i);
      ZB_RETURN_IF_ERROR(InsertCase(c, p->cases[i], id, false, &p->text[i]));
      ids.push_back(id);
    }
    return WriteCaseSegments(c, p->segments, first);
  }));
  if (p->cases.size() >= kBulkIndexFrom) CheckpointAfterBulkWrite();
  return ids;
}

Result<std::vector<Id>> SqliteStore::CreateCasesAndApply(std::span<const NewCase> cases,
                                                         const CaseChange& change,
                                                         const CompleteChange& complete) {
  std::vector<Id> ids;
  bool indexed = false;
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    for (const NewCase& nc : cases) {
      Id id = 0;
      ZB_RETURN_IF_ERROR(InsertCase(c, nc, id, true));  // a few parts: indexed one by one
      ids.push_back(id);
    }
    if (!complete) return UpdateCase(c, change, indexed);
    CaseChange ch = change;
    complete(ids, ch);
    return UpdateCase(c, ch, indexed);
  }));
  NoteSearchIndexed(static_cast<int>(cases.size()) + (indexed ? 1 : 0));
  return ids;
}

namespace {

// The case; with `has_attachments`, also whether it has any (column 17), so that a history
// runs the attachments' query only for a case that has some (most have none).
Status ReadCaseRow(Connection& c, Id id, CaseRecord* rec, bool* has_attachments = nullptr) {
  static const std::string sql = kCaseColumns + " WHERE id=?";
  static const std::string with_attachments =
      kCaseSelect +
      ", EXISTS (SELECT 1 FROM attachments a WHERE a.case_id = cases.id) FROM cases WHERE id=?";
  ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(has_attachments ? with_attachments : sql));
  st->Bind(1, id);
  if (!st->Step()) {
    ZB_RETURN_IF_ERROR(ToStatus(st->rc(), c.raw(), "get case"));
    return NotFound("此件不存在：" + std::to_string(id), "no case " + std::to_string(id));
  }
  *rec = ReadCase(*st);
  if (has_attachments) *has_attachments = st->Int(17) != 0;
  return Status();
}

// A case's events: one range of the table (event_id.h).
constexpr const char* kEventsOfCase =
    "SELECT id, case_id, seq, type, action, actor_id, on_behalf_of, at, from_state, to_state, "
    "data FROM events WHERE id > ? AND id < ? ORDER BY id";

void BindCaseEvents(Statement& st, Id case_id) {
  st.Bind(1, EventId(case_id, 0)).Bind(2, EventId(case_id + 1, 0));
}

void ReadEventHead(const Statement& st, EventHead* e) {
  e->id = st.Int(0);
  e->case_id = st.Int(1);
  e->seq = st.Int(2);
  e->type = st.Text(3);
  e->action = st.Text(4);
  e->actor_id = st.Int(5);
  e->on_behalf_of = st.OptInt(6);
  e->at = FromUnixSeconds(st.Int(7));
  e->from_state = st.Text(8);
  e->to_state = st.Text(9);
}

Status ReadEvents(Connection& c, Id case_id, std::vector<EventRecord>* events) {
  ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(kEventsOfCase));
  BindCaseEvents(*st, case_id);
  while (st->Step()) {
    EventRecord& e = events->emplace_back();
    ReadEventHead(*st, &e);
    e.data = nlohmann::json::parse(st->TextView(10), nullptr, false);
    if (e.data.is_discarded()) e.data = nlohmann::json::object();
  }
  return ToStatus(st->rc(), c.raw(), "list events");
}

// The history's events keep their data as text: parsing it was a fifth of reading a case.
Status ReadHistoryEvents(Connection& c, Id case_id, std::vector<HistoryEvent>* events) {
  ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(kEventsOfCase));
  BindCaseEvents(*st, case_id);
  events->reserve(8);  // most histories: grown once or never, not four times
  while (st->Step()) {
    HistoryEvent& e = events->emplace_back();
    ReadEventHead(*st, &e);
    e.data_json = st->TextView(10);
  }
  return ToStatus(st->rc(), c.raw(), "list events");
}

Status ReadAttachments(Connection& c, Id case_id, std::vector<AttachmentRecord>* out) {
  ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT id, case_id, sha256, name, content_type, size, "
                                         "uploaded_by, at FROM attachments "
                                         "WHERE case_id=? ORDER BY id"));
  st->Bind(1, case_id);
  while (st->Step()) {
    out->push_back(AttachmentRecord{st->Int(0), st->Int(1), st->Text(2), st->Text(3), st->Text(4),
                                    st->Int(5), st->Int(6), FromUnixSeconds(st->Int(7))});
  }
  return ToStatus(st->rc(), c.raw(), "list attachments");
}

}  // namespace

Result<CaseRecord> SqliteStore::GetCase(Id id) {
  CaseRecord rec;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) { return ReadCaseRow(c, id, &rec); }));
  return rec;
}

Result<std::vector<EventRecord>> SqliteStore::ListEvents(Id case_id) {
  std::vector<EventRecord> events;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) { return ReadEvents(c, case_id, &events); }));
  return events;
}

Result<CaseHistory> SqliteStore::GetCaseHistory(Id id) {
  CaseHistory h;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    bool has_attachments = false;
    ZB_RETURN_IF_ERROR(ReadCaseRow(c, id, &h.record, &has_attachments));
    ZB_RETURN_IF_ERROR(ReadHistoryEvents(c, id, &h.events));
    return has_attachments ? ReadAttachments(c, id, &h.attachments) : Status();
  }));
  return h;
}

Result<CasePage> SqliteStore::ListCases(const CaseQuery& q) {
  std::string sql =
      (q.summary_only ? std::string(kCaseSummaryColumns) : kCaseColumns) + " WHERE 1=1";
  // Parameters are appended in order with their binders.
  std::vector<std::function<void(Statement&, int)>> binds;
  auto add_int = [&](int64_t v) { binds.push_back([v](Statement& s, int i) { s.Bind(i, v); }); };
  auto add_text = [&](std::string v) {
    binds.push_back([v = std::move(v)](Statement& s, int i) { s.Bind(i, v); });
  };
  if (q.kind) {
    sql += " AND kind=?";
    add_text(*q.kind);
  }
  if (q.state) {
    sql += " AND state=?";
    add_text(*q.state);
  }
  if (q.unit_id) {
    sql += " AND (lead_unit_id=? OR id IN (SELECT case_id FROM case_co_units WHERE unit_id=?))";
    add_int(*q.unit_id);
    add_int(*q.unit_id);
  }
  if (!q.visible_unit_ids.empty()) {
    nlohmann::json ids = q.visible_unit_ids;
    sql +=
        " AND (lead_unit_id IN (SELECT value FROM json_each(?)) OR id IN (SELECT case_id FROM "
        "case_co_units WHERE unit_id IN (SELECT value FROM json_each(?)))";
    add_text(ids.dump());
    add_text(ids.dump());
    if (q.visible_creator) {
      sql += " OR created_by=?";
      add_int(*q.visible_creator);
    }
    sql += ")";
  }
  if (q.open_only) sql += " AND closed_at IS NULL";
  if (q.light) {
    int64_t now = ToUnixSeconds(q.now);
    if (*q.light == "red") {
      sql += " AND closed_at IS NULL AND due_at < ?";
      add_int(now);
    } else if (*q.light == "yellow") {
      sql += " AND closed_at IS NULL AND due_at >= ? AND yellow_at <= ?";
      add_int(now);
      add_int(now);
    } else if (*q.light == "green") {
      sql += " AND closed_at IS NULL AND due_at >= ? AND (yellow_at IS NULL OR yellow_at > ?)";
      add_int(now);
      add_int(now);
    } else {
      return Invalid("未知的灯色：" + *q.light, "unknown light: " + *q.light);
    }
  }
  if (q.due_from) {
    sql += " AND due_at >= ?";
    add_int(ToUnixSeconds(*q.due_from));
  }
  if (q.due_to) {
    sql += " AND due_at <= ?";
    add_int(ToUnixSeconds(*q.due_to));
  }
  // The keyword index's candidates (sqlite_search.h), read in the listing's snapshot below;
  // LIKE on the real text then keeps exactly the cases that contain the keyword.
  std::optional<std::vector<Id>> hits;
  bool use_index = false;
  if (q.keyword && !q.keyword->empty()) {
    use_index = true;
    // Few candidates: fetch them by id. Many: walk the listing's order and test each id first
    // (the term comes first, so an index entry that is no candidate costs no row read).
    binds.insert(binds.begin(), [&hits](Statement& s, int i) {
      if (hits->size() <= kFetchCandidatesUpTo) {
        nlohmann::json ids = *hits;
        s.Bind(i, ids.dump());
      } else {
        sqlite3_bind_pointer(s.raw(), i, &*hits, kSearchIdsPointer, nullptr);
      }
    });
    const std::string where = " WHERE 1=1";
    sql.insert(sql.find(where) + where.size(), "\x01");  // replaced once candidates are known
    sql += std::string(" AND (title LIKE ? ESCAPE '\\' OR (") + kCaseFieldsSql +
           ") LIKE ? ESCAPE '\\')";
    add_text(LikePattern(*q.keyword));
    add_text(LikePattern(*q.keyword));
  }
  if (q.created_by) {
    sql += " AND created_by=?";
    add_int(*q.created_by);
  }

  int limit = std::clamp(q.limit, 1, 1000);
  std::optional<std::pair<int64_t, int64_t>> after;  // keyset cursor: (sort key, id)
  if (q.cursor) {
    int64_t key = 0, id = 0;
    if (!ParseCaseCursor(*q.cursor, key, id)) {
      return Invalid("分页游标无效", "invalid paging cursor");
    }
    after = std::make_pair(key, id);
  }
  // Runs `base` (`sql` or a variant of it) + `tail` and appends up to `n` cases to `out`.
  auto run_on = [&](Connection& c, const std::string& base, const std::string& tail,
                    const std::vector<int64_t>& tail_ints, int n,
                    std::vector<CaseRecord>& out) -> Status {
    std::string full = base + tail + " LIMIT " + std::to_string(n);
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare(full));
    int i = 1;
    for (auto& bind : binds) bind(*st, i++);
    for (int64_t v : tail_ints) st->Bind(i++, v);
    while (st->Step()) out.push_back(ReadCase(*st));
    return ToStatus(st->rc(), c.raw(), "list cases");
  };
  auto run = [&](Connection& c, const std::string& tail, const std::vector<int64_t>& tail_ints,
                 int n,
                 std::vector<CaseRecord>& out) { return run_on(c, sql, tail, tail_ints, n, out); };
  // Whether the filter matches more than `n` cases with a time limit (reads at most n + 1).
  auto more_than = [&](Connection& c, int n) -> Result<bool> {
    ZB_ASSIGN_OR_RETURN(
        auto st, c.Prepare("SELECT count(*) FROM (" + sql + " AND due_at IS NOT NULL LIMIT " +
                           std::to_string(n + 1) + ")"));
    int i = 1;
    for (auto& bind : binds) bind(*st, i++);
    if (!st->Step()) return ToStatus(st->rc(), c.raw(), "count cases");
    return st->Int(0) > n;
  };

  CasePage page;
  // One snapshot: the keyword's candidates and both parts of a due-time page.
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    Status s;
    if (use_index) {
      auto found = SearchCandidates(c, pending_terms_, *q.keyword);
      if (!found.ok()) s = found.status();
      if (s.ok()) hits = std::move(*found);
      size_t mark = sql.find('\x01');
      if (s.ok() && hits && hits->empty()) return Status();  // nothing contains it
      std::string term;
      if (!hits) {
        // Nothing the index can look up (only punctuation): LIKE alone; drop the binder.
        size_t n = std::count(sql.begin(), sql.begin() + mark, '?');
        binds.erase(binds.begin() + n);
      } else if (hits->size() <= kFetchCandidatesUpTo) {
        term = " AND id IN (SELECT value FROM json_each(?))";
      } else {
        term = " AND zb_search_hit(+id, ?)";
      }
      if (s.ok()) sql.replace(mark, 1, term);
    }
    if (!s.ok()) return s;
    switch (q.sort) {
      case SortOrder::kDueAsc: {
        // Cases with a time limit by (due_at, id), then those without by id: each part walks an
        // index in order and stops at the page's end (a sort over every open case would not).
        bool in_no_limit_part = after && after->first == INT64_MAX;
        if (!in_no_limit_part) {
          std::string tail = " AND due_at IS NOT NULL";
          std::vector<int64_t> ints;
          if (after) {
            // The first term starts the index walk at the cursor.
            tail += " AND due_at >= ? AND (due_at > ? OR id > ?)";
            ints = {after->first, after->first, after->second};
          }
          // By unit, SQLite unites the unit, co-unit and creator indexes and sorts what they
          // give: fine for a unit with a few thousand open cases. For one with many more,
          // walking the due-time index in order and stopping at the page's end is far cheaper.
          std::string base = sql;
          bool by_unit = q.unit_id || !q.visible_unit_ids.empty();
          if (by_unit && q.open_only) {
            auto many = more_than(c, 5000);
            if (!many.ok()) {
              s = many.status();
            } else if (*many) {
              const std::string from = " FROM cases WHERE 1=1";
              base.replace(base.find(from), from.size(),
                           " FROM cases INDEXED BY cases_open_due WHERE 1=1");
            }
          }
          if (s.ok()) {
            s = run_on(c, base, tail + " ORDER BY due_at ASC, id ASC", ints, limit + 1, page.cases);
          }
        }
        int left = limit + 1 - static_cast<int>(page.cases.size());
        if (s.ok() && left > 0) {
          std::string tail = " AND due_at IS NULL";
          std::vector<int64_t> ints;
          if (in_no_limit_part) {
            tail += " AND id > ?";
            ints = {after->second};
          }
          s = run(c, tail + " ORDER BY id ASC", ints, left, page.cases);
        }
        break;
      }
      case SortOrder::kCreatedDesc:
      case SortOrder::kUpdatedDesc: {
        std::string key = q.sort == SortOrder::kCreatedDesc ? "created_at" : "updated_at";
        std::string tail;
        std::vector<int64_t> ints;
        if (after) {
          tail = " AND (" + key + ", id) < (?, ?)";
          ints = {after->first, after->second};
        }
        std::string base = sql;
        // Without a keyword, too: SQLite (no statistics) would take the kind's index and sort
        // every case of the kind for each page — paging through 110k tickets took 54 s.
        bool walk = !hits || hits->size() > kFetchCandidatesUpTo;
        if (walk && q.state) {
          // A rare state (a few dispatched among a million registered) is better read through
          // its index: walk the time index only when the state has many cases.
          auto many = ManyInState(c, q.kind, *q.state, 20000);
          if (!many.ok()) {
            s = many.status();
            break;
          }
          walk = *many;
        }
        std::string order = tail + " ORDER BY " + key + " DESC, id DESC";
        if (walk) {
          // Many candidates: walking the time index from the newest finds a page's worth soon
          // (SQLite would rather take the kind's index and sort every case of the kind), unless
          // another filter is rare: the walk gets a budget, then SQLite's own plan runs.
          const std::string from = " FROM cases WHERE 1=1";
          base.replace(base.find(from), from.size(),
                       " FROM cases INDEXED BY cases_" +
                           std::string(q.sort == SortOrder::kCreatedDesc ? "created" : "updated") +
                           " WHERE 1=1");
          int ticks = 0;
          sqlite3_progress_handler(
              c.raw(), 1000, [](void* p) { return ++*static_cast<int*>(p) > kWalkBudget ? 1 : 0; },
              &ticks);
          s = run_on(c, base, order, ints, limit + 1, page.cases);
          sqlite3_progress_handler(c.raw(), 0, nullptr, nullptr);
          if (s.ok() || ticks <= kWalkBudget) break;
          s = Status();  // over budget: SQLite's plan below
          page.cases.clear();
        }
        std::string planned = sql;
        if (walk && q.light && *q.light != "green") {
          // Overdue and yellow cases are usually few: their partial index (SQLite, without
          // statistics, would take the kind's index and read every case of the kind).
          const std::string from = " FROM cases WHERE 1=1";
          planned.replace(planned.find(from), from.size(),
                          *q.light == "red" ? " FROM cases INDEXED BY cases_open_due WHERE 1=1"
                                            : " FROM cases INDEXED BY cases_open_yellow WHERE 1=1");
        }
        s = run_on(c, planned, order, ints, limit + 1, page.cases);
        break;
      }
    }
    return s;
  }));
  if (static_cast<int>(page.cases.size()) > limit) {
    page.cases.pop_back();
    page.next_cursor = NextCaseCursor(page.cases.back(), q.sort);
  }
  return page;
}

Result<LightCounts> SqliteStore::CountOpenCasesByLight(Instant now) {
  LightCounts n;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    // Each count walks one of the partial indexes on open cases.
    ZB_ASSIGN_OR_RETURN(
        auto st,
        c.Prepare("SELECT (SELECT count(*) FROM cases WHERE closed_at IS NULL AND due_at<=?1), "
                  "(SELECT count(*) FROM cases WHERE closed_at IS NULL AND yellow_at<=?1 "
                  "AND due_at>?1), "
                  "(SELECT count(*) FROM cases WHERE closed_at IS NULL AND due_at IS NOT NULL), "
                  "(SELECT count(*) FROM cases WHERE closed_at IS NULL)"));
    st->Bind(1, ToUnixSeconds(now));
    if (st->Step()) {
      n.red = st->Int(0);
      n.yellow = st->Int(1);
      n.green = st->Int(2) - n.red - n.yellow;
      n.no_limit = st->Int(3) - st->Int(2);
    }
    return ToStatus(st->rc(), c.raw(), "count open cases by light");
  }));
  return n;
}

Result<int64_t> SqliteStore::CountCases() {
  int64_t n = 0;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT count(*) FROM cases"));
    if (st->Step()) n = st->Int(0);
    return ToStatus(st->rc(), c.raw(), "count cases");
  }));
  return n;
}

Result<Id> SqliteStore::AddAttachment(const AttachmentRecord& a) {
  Id id = 0;
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(
        auto st,
        c.Prepare(
            "INSERT INTO attachments(case_id, sha256, name, content_type, size, uploaded_by, at) "
            "VALUES (?,?,?,?,?,?,?)"));
    st->Bind(1, a.case_id).Bind(2, a.sha256).Bind(3, a.name).Bind(4, a.content_type);
    st->Bind(5, a.size).Bind(6, a.uploaded_by).Bind(7, ToUnixSeconds(a.at));
    ZB_RETURN_IF_ERROR(c.Run(*st, "add attachment"));
    id = c.LastInsertId();
    return Status();
  }));
  return id;
}

Result<std::vector<AttachmentRecord>> SqliteStore::ListAttachments(Id case_id) {
  std::vector<AttachmentRecord> out;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) { return ReadAttachments(c, case_id, &out); }));
  return out;
}

}  // namespace zb::store::sqlite
