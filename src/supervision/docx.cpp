#include "supervision/docx.h"

#include <unistd.h>
#include <zip.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace zb::supervision {

namespace {

std::string Esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        // Control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(ch) >= 0x20 || ch == '\t' || ch == '\n') out += ch;
    }
  }
  return out;
}

struct Style {
  std::string font = "仿宋_GB2312";
  int half_points = 32;  // 三号 16pt
  bool bold = false;
  std::string color;
  std::string align;  // "" | center | right | both
  int indent_chars = 0;
};

std::string Run(const std::string& text, const Style& s) {
  std::string rpr = "<w:rPr><w:rFonts w:ascii=\"" + s.font + "\" w:eastAsia=\"" + s.font +
                    "\" w:hAnsi=\"" + s.font + "\"/>";
  if (s.bold) rpr += "<w:b/>";
  if (!s.color.empty()) rpr += "<w:color w:val=\"" + s.color + "\"/>";
  rpr += "<w:sz w:val=\"" + std::to_string(s.half_points) + "\"/><w:szCs w:val=\"" +
         std::to_string(s.half_points) + "\"/></w:rPr>";
  return "<w:r>" + rpr + "<w:t xml:space=\"preserve\">" + Esc(text) + "</w:t></w:r>";
}

std::string Para(const std::string& text, const Style& s, const std::string& extra_ppr = "") {
  std::string ppr = "<w:pPr><w:spacing w:line=\"560\" w:lineRule=\"exact\"/>";
  if (!s.align.empty()) ppr += "<w:jc w:val=\"" + s.align + "\"/>";
  if (s.indent_chars) {
    ppr += "<w:ind w:firstLineChars=\"" + std::to_string(s.indent_chars * 100) + "\"/>";
  }
  ppr += extra_ppr + "</w:pPr>";
  return "<w:p>" + ppr + (text.empty() ? "" : Run(text, s)) + "</w:p>";
}

std::string Table(const BulletinTable& t) {
  Style cell;
  cell.half_points = 21;  // 五号 10.5pt
  cell.align = "center";
  Style head = cell;
  head.font = "黑体";
  std::string x =
      "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:jc w:val=\"center\"/><w:tblBorders>";
  for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"}) {
    x += std::string("<w:") + side +
         " w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>";
  }
  x += "</w:tblBorders></w:tblPr>";
  auto row = [&](const std::vector<std::string>& cells, const Style& s) {
    std::string r = "<w:tr>";
    for (const auto& c : cells) {
      r += "<w:tc><w:tcPr><w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:jc w:val=\"" +
           s.align + "\"/></w:pPr>" + Run(c, s) + "</w:p></w:tc>";
    }
    return r + "</w:tr>";
  };
  x += row(t.header, head);
  for (const auto& r : t.rows) x += row(r, cell);
  return x + "</w:tbl>";
}

}  // namespace

std::string DocumentXml(const Bulletin& b) {
  std::string body;
  Style masthead;
  masthead.font = "方正小标宋简体";
  masthead.half_points = 72;
  masthead.color = "FF0000";
  masthead.align = "center";
  body += Para(b.issuer, masthead);
  Style number;
  number.align = "center";
  // The red rule under the number line.
  body += Para(b.number, number,
               "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"24\" w:space=\"8\" "
               "w:color=\"FF0000\"/></w:pBdr>");
  Style title;
  title.font = "方正小标宋简体";
  title.half_points = 44;  // 二号
  title.align = "center";
  body += Para("", Style());
  body += Para(b.title, title);
  body += Para("", Style());
  Style text;
  text.align = "both";
  if (!b.recipients.empty()) body += Para(b.recipients, text);
  Style para = text;
  para.indent_chars = 2;
  Style h = para;
  h.font = "黑体";
  for (const auto& s : b.sections) {
    if (!s.heading.empty()) body += Para(s.heading, h);
    for (const auto& p : s.paragraphs) body += Para(p, para);
    if (s.table) body += Table(*s.table) + Para("", Style());
  }
  body += Para("", Style());
  Style right;
  right.align = "right";
  body += Para(b.signature, right);
  body += Para(b.date, right);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
         "<w:body>" +
         body +
         "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"2098\" "
         "w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\" w:header=\"851\" w:footer=\"992\" "
         "w:gutter=\"0\"/></w:sectPr></w:body></w:document>";
}

Result<std::string> RenderDocx(const Bulletin& b) {
  const std::string content_types =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      "<Default Extension=\"rels\" "
      "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      "<Override PartName=\"/word/document.xml\" "
      "ContentType=\"application/"
      "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
  const std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" "
      "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
      "Target=\"word/document.xml\"/></Relationships>";
  const std::string doc = DocumentXml(b);

  std::string path = (std::filesystem::temp_directory_path() / "zb_docx_XXXXXX").string();
  int fd = ::mkstemp(path.data());
  if (fd < 0) return Internal("无法创建临时文件", "cannot create a temporary file");
  ::close(fd);
  auto fail = [&](const char* what) -> Status {
    std::filesystem::remove(path);
    return Internal(std::string("生成 Word 文档失败：") + what,
                    std::string("writing the .docx failed: ") + what);
  };
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) return fail("zip_open");
  for (const auto& [name, data] : std::vector<std::pair<const char*, const std::string*>>{
           {"[Content_Types].xml", &content_types},
           {"_rels/.rels", &rels},
           {"word/document.xml", &doc}}) {
    zip_source_t* src = zip_source_buffer(z, data->data(), data->size(), 0);
    if (!src || zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8) < 0) {
      if (src) zip_source_free(src);
      zip_discard(z);
      return fail("zip_file_add");
    }
  }
  if (zip_close(z) != 0) {
    zip_discard(z);
    return fail("zip_close");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::filesystem::remove(path);
  return ss.str();
}

}  // namespace zb::supervision
