// A small, generic PDF writer for the office's documents (a bulletin, a leaders' report): a page
// layout and a list of blocks — lines of text (headings, paragraphs, mastheads), tables, rules and
// gaps — laid out top to bottom on A4 pages with pango + cairo, so Chinese text is shaped and
// broken into lines properly (fonts through fontconfig, falling back to whatever CJK font is
// installed, e.g. WenQuanYi Micro Hei). Paragraphs and tables continue on the next page; a table
// repeats its header there; a closing block can keep the lines before it on its page. Thread-safe
// (each call has its own cairo surface and pango context).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace zb::supervision {

// kJustify stretches the spaces of a line (pango does not spread CJK characters), so Chinese
// body text is better set kLeft.
enum class PdfAlign { kLeft, kCenter, kRight, kJustify };

struct PdfStyle {
  // A fontconfig family list, tried in order: the official fonts first, then any CJK font.
  std::string font = "FangSong_GB2312,FangSong,仿宋,Noto Serif CJK SC,WenQuanYi Micro Hei";
  double size_pt = 16;  // 三号
  bool bold = false;
  uint32_t color = 0x000000;  // 0xRRGGBB
  PdfAlign align = PdfAlign::kLeft;
  double indent_chars = 0;     // first-line indent, in characters of this size
  double line_height_pt = 0;   // 0: the font's natural height
  double space_after_pt = 0;   // gap below the block
  bool keep_together = false;  // a text block that does not fit starts on the next page
  // Never alone at the top of a page (a signature and date): the last lines of the text block
  // before it (the whole of a paragraph of two lines or fewer), or the last row of a table,
  // go to the next page with it. Gaps between them count.
  bool keep_with_previous = false;
};

struct PdfTableData {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct PdfBlock {
  enum class Kind { kText, kTable, kRule, kGap };
  Kind kind = Kind::kText;
  std::string text;                // kText
  PdfStyle style;                  // kText; kTable: the cells' style (the header is bold)
  PdfTableData table;              // kTable
  uint32_t rule_color = 0x000000;  // kRule
  double rule_width_pt = 1;        // kRule
  double gap_pt = 0;               // kGap; kRule: the gap above and below
};

struct PdfPage {
  double width_pt = 595.276, height_pt = 841.89;  // A4
  // GB/T 9704: 37 mm top, 35 mm bottom, 28 mm left, 26 mm right.
  double top_pt = 104.9, bottom_pt = 99.2, left_pt = 79.4, right_pt = 73.7;
  bool page_numbers = true;  // "— 1 —" centred under the text block
};

struct PdfDocument {
  std::string title;  // the PDF's metadata title
  PdfPage page;
  std::vector<PdfBlock> blocks;

  PdfDocument& Text(std::string text, PdfStyle style);
  PdfDocument& Table(PdfTableData table, PdfStyle cell_style);
  PdfDocument& Rule(uint32_t color, double width_pt, double gap_pt);
  PdfDocument& Gap(double pt);
};

struct PdfResult {
  std::string bytes;
  int pages = 0;
};

// The PDF bytes and page count, or an Internal error when cairo fails.
Result<PdfResult> RenderPdf(const PdfDocument& doc);

}  // namespace zb::supervision
