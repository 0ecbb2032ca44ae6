// The reference data the office administers: the hotline category tree and the user dictionary.
#include "store/sqlite/sqlite_store.h"

namespace zb::store::sqlite {

Result<std::vector<HotlineCategory>> SqliteStore::ListHotlineCategories() {
  std::vector<HotlineCategory> out;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT id, parent_id, code, name, sort, unit_code, "
                                           "disabled FROM hotline_categories ORDER BY sort, id"));
    while (st->Step()) {
      HotlineCategory h;
      h.id = st->Int(0);
      h.parent_id = st->OptInt(1);
      h.code = st->Text(2);
      h.name = st->Text(3);
      h.sort = static_cast<int>(st->Int(4));
      h.unit_code = st->Text(5);
      h.disabled = st->Int(6) != 0;
      out.push_back(std::move(h));
    }
    return ToStatus(st->rc(), c.raw(), "list hotline categories");
  }));
  return out;
}

Result<std::vector<Id>> SqliteStore::SaveHotlineCategories(
    std::span<const HotlineCategory> categories, const std::optional<AuditEntry>& audit) {
  std::vector<Id> ids;
  ZB_RETURN_IF_ERROR(Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto ins,
                        c.Prepare("INSERT INTO hotline_categories(parent_id, code, name, sort, "
                                  "unit_code, disabled) VALUES (?,?,?,?,?,?)"));
    ZB_ASSIGN_OR_RETURN(auto upd,
                        c.Prepare("UPDATE hotline_categories SET parent_id=?, code=?, name=?, "
                                  "sort=?, unit_code=?, disabled=? WHERE id=?"));
    for (const HotlineCategory& h : categories) {
      std::optional<int64_t> parent = h.parent_id;
      if (parent && *parent < 0) {
        size_t k = static_cast<size_t>(-*parent);
        if (k > ids.size()) return Invalid("上级分类不在本次保存之前", "parent not saved before");
        parent = ids[k - 1];
      }
      Statement& st = h.id == 0 ? *ins : *upd;
      st.Bind(1, parent).Bind(2, h.code).Bind(3, h.name).Bind(4, int64_t{h.sort});
      st.Bind(5, h.unit_code).Bind(6, int64_t{h.disabled ? 1 : 0});
      if (h.id != 0) st.Bind(7, h.id);
      ZB_RETURN_IF_ERROR(c.Run(st, "save hotline category"));
      sqlite3_reset(st.raw());
      if (h.id != 0 && c.Changes() == 0) {
        return NotFound("分类不存在：" + std::to_string(h.id),
                        "no category " + std::to_string(h.id));
      }
      ids.push_back(h.id != 0 ? h.id : c.LastInsertId());
    }
    if (audit) ZB_RETURN_IF_ERROR(InsertAudit(c, *audit).status());
    return Status();
  }));
  return ids;
}

Status SqliteStore::DeleteHotlineCategory(Id id, const std::optional<AuditEntry>& audit) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto kids,
                        c.Prepare("SELECT count(*) FROM hotline_categories WHERE parent_id=?"));
    kids->Bind(1, id);
    if (kids->Step() && kids->Int(0) > 0) {
      return Conflict("该分类下还有子分类", "the category has subcategories");
    }
    ZB_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM hotline_categories WHERE id=?"));
    del->Bind(1, id);
    ZB_RETURN_IF_ERROR(c.Run(*del, "delete hotline category"));
    if (c.Changes() == 0) {
      return NotFound("分类不存在：" + std::to_string(id), "no category " + std::to_string(id));
    }
    if (audit) ZB_RETURN_IF_ERROR(InsertAudit(c, *audit).status());
    return Status();
  });
}

Result<std::vector<DictionaryWord>> SqliteStore::ListDictionaryWords() {
  std::vector<DictionaryWord> out;
  ZB_RETURN_IF_ERROR(Read([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto st, c.Prepare("SELECT word, freq, tag, added_by, added_at FROM "
                                           "dictionary_words ORDER BY word"));
    while (st->Step()) {
      DictionaryWord w;
      w.word = st->Text(0);
      w.freq = st->OptInt(1);
      w.tag = st->Text(2);
      w.added_by = st->Int(3);
      w.added_at = FromUnixSeconds(st->Int(4));
      out.push_back(std::move(w));
    }
    return ToStatus(st->rc(), c.raw(), "list dictionary words");
  }));
  return out;
}

Status SqliteStore::WriteDictionaryWords(std::span<const DictionaryWord> put,
                                         std::span<const std::string> remove,
                                         const std::optional<AuditEntry>& audit) {
  return Write([&](Connection& c) -> Status {
    ZB_ASSIGN_OR_RETURN(auto ins,
                        c.Prepare("INSERT OR REPLACE INTO dictionary_words(word, freq, tag, "
                                  "added_by, added_at) VALUES (?,?,?,?,?)"));
    for (const DictionaryWord& w : put) {
      ins->Bind(1, w.word).Bind(2, w.freq).Bind(3, w.tag).Bind(4, w.added_by);
      ins->Bind(5, ToUnixSeconds(w.added_at));
      ZB_RETURN_IF_ERROR(c.Run(*ins, "add dictionary word"));
      sqlite3_reset(ins->raw());
    }
    ZB_ASSIGN_OR_RETURN(auto del, c.Prepare("DELETE FROM dictionary_words WHERE word=?"));
    for (const std::string& w : remove) {
      del->Bind(1, w);
      ZB_RETURN_IF_ERROR(c.Run(*del, "remove dictionary word"));
      sqlite3_reset(del->raw());
    }
    if (audit) ZB_RETURN_IF_ERROR(InsertAudit(c, *audit).status());
    return Status();
  });
}

}  // namespace zb::store::sqlite
