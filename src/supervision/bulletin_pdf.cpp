#include "supervision/bulletin_pdf.h"

namespace zb::supervision {

namespace {

constexpr uint32_t kRed = 0xFF0000;
constexpr double kLine = 28.9;  // GB/T 9704: 22 lines of 三号 text on a page
const char* const kXiaoBiaoSong =
    "FZXiaoBiaoSong-B05S,方正小标宋简体,SimSun,宋体,Noto Serif CJK SC,WenQuanYi Micro Hei";
const char* const kHei = "SimHei,黑体,Noto Sans CJK SC,WenQuanYi Micro Hei";

}  // namespace

PdfDocument BulletinPdfDocument(const Bulletin& b) {
  PdfDocument d;
  d.title = b.title;
  PdfStyle masthead;
  masthead.font = kXiaoBiaoSong;
  masthead.size_pt = 36;
  masthead.bold = true;
  masthead.color = kRed;
  masthead.align = PdfAlign::kCenter;
  masthead.space_after_pt = 18;
  d.Text(b.issuer, masthead);
  PdfStyle number;
  number.align = PdfAlign::kCenter;
  d.Text(b.number, number);
  d.Rule(kRed, 2.25, 6);
  PdfStyle title;
  title.font = kXiaoBiaoSong;
  title.size_pt = 22;  // 二号
  title.align = PdfAlign::kCenter;
  title.line_height_pt = 36;
  title.space_after_pt = kLine / 2;
  d.Gap(kLine / 2);
  d.Text(b.title, title);
  PdfStyle text;
  text.line_height_pt = kLine;
  if (!b.recipients.empty()) d.Text(b.recipients, text);
  PdfStyle para = text;
  para.indent_chars = 2;
  PdfStyle heading = para;
  heading.font = kHei;
  PdfStyle cell;
  cell.size_pt = 10.5;  // 五号
  cell.align = PdfAlign::kCenter;
  cell.space_after_pt = kLine / 2;
  for (const BulletinSection& s : b.sections) {
    if (!s.heading.empty()) d.Text(s.heading, heading);
    for (const std::string& p : s.paragraphs) d.Text(p, para);
    if (s.table) d.Table({s.table->header, s.table->rows}, cell);
  }
  d.Gap(kLine);
  PdfStyle right = text;
  right.align = PdfAlign::kRight;
  right.keep_together = true;       // the signature and the date stay on one page
  right.keep_with_previous = true;  // with the body's last lines, never alone on a page
  d.Text(b.signature + "\n" + b.date, right);
  return d;
}

Result<PdfResult> RenderBulletinPdf(const Bulletin& b) {
  return RenderPdf(BulletinPdfDocument(b));
}

}  // namespace zb::supervision
