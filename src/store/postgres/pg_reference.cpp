// The reference data the office administers on PostgreSQL: the hotline category tree and the
// user dictionary.
#include "store/postgres/pg_rows.h"
#include "store/postgres/pg_store.h"

namespace zb::store::postgres {

Result<std::vector<HotlineCategory>> PgStore::ListHotlineCategories() {
  std::vector<HotlineCategory> out;
  ZB_RETURN_IF_ERROR(pool_->Read("list hotline categories", [&](Tx& tx) -> Status {
    for (const auto& row : tx.Exec("SELECT id, parent_id, code, name, sort, unit_code, disabled "
                                   "FROM hotline_categories ORDER BY sort, id")) {
      HotlineCategory h;
      h.id = Int(row[0]);
      h.parent_id = OptInt(row[1]);
      h.code = Text(row[2]);
      h.name = Text(row[3]);
      h.sort = static_cast<int>(Int(row[4]));
      h.unit_code = Text(row[5]);
      h.disabled = row[6].as<bool>();
      out.push_back(std::move(h));
    }
    return Status();
  }));
  return out;
}

Result<std::vector<Id>> PgStore::SaveHotlineCategories(std::span<const HotlineCategory> categories,
                                                       const std::optional<AuditEntry>& audit) {
  std::vector<Id> ids;
  ZB_RETURN_IF_ERROR(pool_->Write("save hotline categories", [&](Tx& tx) -> Status {
    ids.clear();
    try {
      for (const HotlineCategory& h : categories) {
        std::optional<int64_t> parent = h.parent_id;
        if (parent && *parent < 0) {
          size_t k = static_cast<size_t>(-*parent);
          if (k > ids.size()) return Invalid("上级分类不在本次保存之前", "parent not saved before");
          parent = ids[k - 1];
        }
        if (h.id == 0) {
          ids.push_back(
              Int(tx.Exec("INSERT INTO hotline_categories(parent_id, code, name, sort, "
                          "unit_code, disabled) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
                          parent, h.code, h.name, h.sort, h.unit_code, h.disabled)[0][0]));
          continue;
        }
        auto r = tx.Exec(
            "UPDATE hotline_categories SET parent_id=$1, code=$2, name=$3, sort=$4, unit_code=$5, "
            "disabled=$6 WHERE id=$7",
            parent, h.code, h.name, h.sort, h.unit_code, h.disabled, h.id);
        if (r.affected_rows() == 0) {
          return NotFound("分类不存在：" + std::to_string(h.id),
                          "no category " + std::to_string(h.id));
        }
        ids.push_back(h.id);
      }
    } catch (const pqxx::unique_violation&) {
      return Conflict("同一上级下已有同名分类", "a sibling category has the same name or code");
    }
    if (audit) InsertAudit(tx, *audit);
    return Status();
  }));
  return ids;
}

Status PgStore::DeleteHotlineCategory(Id id, const std::optional<AuditEntry>& audit) {
  return pool_->Write("delete hotline category", [&](Tx& tx) -> Status {
    if (Int(tx.Exec("SELECT count(*) FROM hotline_categories WHERE parent_id=$1", id)[0][0]) > 0) {
      return Conflict("该分类下还有子分类", "the category has subcategories");
    }
    auto r = tx.Exec("DELETE FROM hotline_categories WHERE id=$1", id);
    if (r.affected_rows() == 0) {
      return NotFound("分类不存在：" + std::to_string(id), "no category " + std::to_string(id));
    }
    if (audit) InsertAudit(tx, *audit);
    return Status();
  });
}

Result<std::vector<DictionaryWord>> PgStore::ListDictionaryWords() {
  std::vector<DictionaryWord> out;
  ZB_RETURN_IF_ERROR(pool_->Read("list dictionary words", [&](Tx& tx) -> Status {
    for (const auto& row : tx.Exec("SELECT word, freq, tag, added_by, added_at FROM "
                                   "dictionary_words ORDER BY word")) {
      DictionaryWord w;
      w.word = Text(row[0]);
      w.freq = OptInt(row[1]);
      w.tag = Text(row[2]);
      w.added_by = Int(row[3]);
      w.added_at = At(row[4]);
      out.push_back(std::move(w));
    }
    return Status();
  }));
  return out;
}

Status PgStore::WriteDictionaryWords(std::span<const DictionaryWord> put,
                                     std::span<const std::string> remove,
                                     const std::optional<AuditEntry>& audit) {
  return pool_->Write("write dictionary words", [&](Tx& tx) -> Status {
    for (const DictionaryWord& w : put) {
      tx.Exec(
          "INSERT INTO dictionary_words(word, freq, tag, added_by, added_at) VALUES "
          "($1,$2,$3,$4,$5) ON CONFLICT (word) DO UPDATE SET freq=EXCLUDED.freq, tag=EXCLUDED.tag, "
          "added_by=EXCLUDED.added_by, added_at=EXCLUDED.added_at",
          w.word, w.freq, w.tag, w.added_by, ToUnixSeconds(w.added_at));
    }
    for (const std::string& w : remove) tx.Exec("DELETE FROM dictionary_words WHERE word=$1", w);
    if (audit) InsertAudit(tx, *audit);
    return Status();
  });
}

}  // namespace zb::store::postgres
