#include "hotline/table_file.h"

#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <pugixml.hpp>

#include "base/utf8.h"

namespace zb::hotline {

Status CheckUtf8(const Row& row, int line) {
  for (const std::string& c : row) {
    if (!IsValidUtf8(c)) {
      return Invalid("第 " + std::to_string(line) + " 行不是有效的 UTF-8 文本",
                     "line " + std::to_string(line) + " is not valid UTF-8");
    }
  }
  return Status();
}

Table ParseCsvPart(std::string_view bytes, bool last, CsvCursor& cursor) {
  Table t;
  Row row;
  std::string cell;
  bool quoted = false, any = false;
  int line = cursor.line, row_line = cursor.line;
  size_t done = 0;  // bytes of the complete records so far
  auto end_row = [&] {
    row.push_back(std::move(cell));
    cell.clear();
    t.rows.push_back(std::move(row));
    t.line_of.push_back(row_line);
    row.clear();
    any = false;
  };
  const size_t n = bytes.size();
  for (size_t i = 0; i < n; ++i) {
    char ch = bytes[i];
    if (quoted) {
      // Up to the next quote in one step, counting the lines on the way.
      size_t q = bytes.find('"', i);
      if (q == std::string_view::npos) q = n;
      line += static_cast<int>(std::count(bytes.begin() + i, bytes.begin() + q, '\n'));
      cell.append(bytes.substr(i, q - i));
      i = q;
      if (i == n) break;
      if (i + 1 < n && bytes[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (i + 1 == n && !last) {
        break;  // the next part decides whether the quote is doubled
      } else {
        quoted = false;
      }
      continue;
    }
    if (ch == '"' && cell.empty()) {
      quoted = any = true;
    } else if (ch == ',') {
      row.push_back(std::move(cell));
      cell.clear();
      any = true;
    } else if (ch == '\r' || ch == '\n') {
      if (ch == '\r' && i + 1 == n && !last) break;  // "\r\n" may be cut between parts
      if (ch == '\r' && i + 1 < n && bytes[i + 1] == '\n') ++i;
      end_row();
      row_line = ++line;
      done = i + 1;
    } else {
      size_t j = i + 1;  // the rest of an unquoted cell in one step
      while (j < n && bytes[j] != ',' && bytes[j] != '\r' && bytes[j] != '\n') ++j;
      cell.append(bytes.substr(i, j - i));
      i = j - 1;
      any = true;
    }
  }
  if (last) {
    if (quoted) t.unterminated_quote = true;  // the last row: its quote is never closed
    if (any || !cell.empty() || quoted) end_row();
    done = n;
  }
  cursor.consumed = done;
  cursor.line = row_line;
  return t;
}

Result<Table> ParseCsv(std::string_view bytes, size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    std::string mb = std::to_string(max_bytes >> 20);
    return Status(ErrorCode::kTooLarge, "文件过大（最多 " + mb + " MB）",
                  "the file is too large (" + mb + " MB max)");
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  CsvCursor cursor;
  Table t = ParseCsvPart(bytes, true, cursor);
  if (t.unterminated_quote) {
    std::string line = std::to_string(t.line_of.back());
    return Invalid("第 " + line + " 行：引号未闭合", "line " + line + ": unterminated quote");
  }
  for (size_t r = 0; r < t.rows.size(); ++r) {
    if (Status s = CheckUtf8(t.rows[r], t.line_of[r]); !s.ok()) return s;
  }
  return t;
}

Result<CsvFileReader> CsvFileReader::Open(const std::string& path) {
  CsvFileReader r;
  r.file_ = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*r.file_) {
    return Status(ErrorCode::kNotFound, "无法读取文件：" + path, "cannot read file: " + path);
  }
  return r;
}

Result<std::optional<Table>> CsvFileReader::Next(size_t part_bytes) {
  while (true) {
    if (at_end_ && pending_.empty()) return std::optional<Table>();
    if (!at_end_ && pending_.size() < part_bytes) {
      size_t had = pending_.size();
      pending_.resize(part_bytes);
      file_->read(pending_.data() + had, static_cast<std::streamsize>(part_bytes - had));
      pending_.resize(had + static_cast<size_t>(file_->gcount()));
      if (file_->bad()) return Invalid("读取文件失败", "reading the file failed");
      at_end_ = file_->eof();
    }
    if (first_) {  // a byte-order mark is skipped (once three bytes are there to tell)
      if (pending_.size() < 3 && !at_end_) {
        part_bytes = std::max<size_t>(part_bytes, 3);
        continue;
      }
      first_ = false;
      if (std::string_view(pending_).substr(0, 3) == "\xEF\xBB\xBF") pending_.erase(0, 3);
      if (at_end_ && pending_.empty()) continue;
    }
    CsvCursor cursor{0, line_};
    Table t = ParseCsvPart(pending_, at_end_, cursor);
    pending_.erase(0, cursor.consumed);
    line_ = cursor.line;
    if (!t.rows.empty()) return std::optional<Table>(std::move(t));
    if (at_end_) continue;
    // Not one complete row in the part: a longer one, or a quote never closed.
    if (pending_.size() >= kMaxCsvRowBytes) {
      return Invalid("第 " + std::to_string(line_) + " 行：引号未闭合或一行超过 " +
                         std::to_string(kMaxCsvRowBytes >> 20) + " MB",
                     "line " + std::to_string(line_) + ": unterminated quote or a row over " +
                         std::to_string(kMaxCsvRowBytes >> 20) + " MB");
    }
    part_bytes = std::max(part_bytes, pending_.size() * 2);
  }
}

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};

Status NotXlsx(const std::string& why_zh, const std::string& why_en) {
  return Invalid("不是有效的 .xlsx 文件：" + why_zh, "not a readable .xlsx file: " + why_en);
}

Result<std::string> ReadEntry(zip_t* z, const char* name, bool required) {
  zip_stat_t st;
  if (zip_stat(z, name, 0, &st) != 0) {
    if (!required) return std::string();
    return NotXlsx(std::string("缺少 ") + name, std::string("missing ") + name);
  }
  if (st.size > kMaxTableBytes * 4) return NotXlsx("内容过大", "an entry is too large");
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen(z, name, 0), zip_fclose);
  if (!f) return NotXlsx(std::string("无法读取 ") + name, std::string("cannot read ") + name);
  std::string out(st.size, '\0');
  zip_int64_t n = zip_fread(f.get(), out.data(), st.size);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
    return NotXlsx(std::string("读取失败 ") + name, std::string("short read of ") + name);
  }
  return out;
}

// The text of a shared string or inline string: plain <t> or rich-text runs <r><t>.
std::string StringItemText(const pugi::xml_node& si) {
  std::string out;
  for (pugi::xml_node n : si.children()) {
    std::string_view name = n.name();
    if (name == "t") {
      out += n.text().get();
    } else if (name == "r") {
      out += n.child("t").text().get();
    }
  }
  return out;
}

// "AB12" -> 27 (0-based column 27), or -1.
int ColumnOf(std::string_view ref) {
  int col = 0;
  size_t i = 0;
  for (; i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z'; ++i) col = col * 26 + (ref[i] - 'A' + 1);
  return i == 0 ? -1 : col - 1;
}

// The first worksheet's path, from the workbook and its relationships.
std::string FirstSheetPath(zip_t* z) {
  auto wb = ReadEntry(z, "xl/workbook.xml", false);
  auto rels = ReadEntry(z, "xl/_rels/workbook.xml.rels", false);
  if (wb.ok() && rels.ok() && !wb->empty() && !rels->empty()) {
    pugi::xml_document w, r;
    if (w.load_buffer(wb->data(), wb->size()) && r.load_buffer(rels->data(), rels->size())) {
      pugi::xml_node sheet = w.child("workbook").child("sheets").child("sheet");
      std::string rid = sheet.attribute("r:id").value();
      for (pugi::xml_node rel : r.child("Relationships").children("Relationship")) {
        if (rid == rel.attribute("Id").value()) {
          std::string target = rel.attribute("Target").value();
          if (!target.empty() && target[0] == '/') return target.substr(1);
          return "xl/" + target;
        }
      }
    }
  }
  return "xl/worksheets/sheet1.xml";
}

}  // namespace

Result<Table> ParseXlsx(std::string_view bytes) {
  if (bytes.size() > kMaxTableBytes) {
    return Status(ErrorCode::kTooLarge, "文件过大（最多 64 MB）",
                  "the file is too large (64 MB max)");
  }
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) return NotXlsx("无法打开", "cannot open");
  std::unique_ptr<zip_t, ZipCloser> z(zip_open_from_source(src, ZIP_RDONLY, &err));
  if (!z) {
    zip_source_free(src);
    return NotXlsx("不是 zip 文件", "not a zip archive");
  }
  std::vector<std::string> shared;
  ZB_ASSIGN_OR_RETURN(std::string sst, ReadEntry(z.get(), "xl/sharedStrings.xml", false));
  if (!sst.empty()) {
    pugi::xml_document doc;
    if (!doc.load_buffer(sst.data(), sst.size()))
      return NotXlsx("共享字符串损坏", "bad sharedStrings");
    for (pugi::xml_node si : doc.child("sst").children("si")) shared.push_back(StringItemText(si));
  }
  ZB_ASSIGN_OR_RETURN(std::string sheet, ReadEntry(z.get(), FirstSheetPath(z.get()).c_str(), true));
  pugi::xml_document doc;
  if (!doc.load_buffer(sheet.data(), sheet.size()))
    return NotXlsx("工作表损坏", "bad worksheet XML");
  Table t;
  int expected = 1;
  for (pugi::xml_node row : doc.child("worksheet").child("sheetData").children("row")) {
    int r = row.attribute("r").as_int(expected);
    if (r < expected || r > expected + 1000000) return NotXlsx("行号错误", "bad row numbers");
    expected = r + 1;
    Row cells;
    for (pugi::xml_node c : row.children("c")) {
      int col = ColumnOf(c.attribute("r").value());
      if (col < 0) col = static_cast<int>(cells.size());
      if (col > 16384) return NotXlsx("列号错误", "bad column reference");
      if (static_cast<size_t>(col) >= cells.size()) cells.resize(col + 1);
      std::string_view type = c.attribute("t").value();
      std::string value;
      if (type == "s") {
        size_t i = static_cast<size_t>(c.child("v").text().as_ullong(~0ull));
        if (i >= shared.size()) return NotXlsx("共享字符串编号越界", "shared string out of range");
        value = shared[i];
      } else if (type == "inlineStr") {
        value = StringItemText(c.child("is"));
      } else {
        value = c.child("v").text().get();
      }
      cells[col] = std::move(value);
    }
    t.rows.push_back(std::move(cells));
    t.line_of.push_back(r);
  }
  return t;
}

Result<Table> ParseTable(std::string_view bytes, size_t max_csv_bytes) {
  if (bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4)) return ParseXlsx(bytes);
  return ParseCsv(bytes, max_csv_bytes);
}

}  // namespace zb::hotline
