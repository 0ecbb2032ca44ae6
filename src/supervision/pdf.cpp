#include "supervision/pdf.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

namespace zb::supervision {

PdfDocument& PdfDocument::Text(std::string text, PdfStyle style) {
  PdfBlock b;
  b.kind = PdfBlock::Kind::kText;
  b.text = std::move(text);
  b.style = std::move(style);
  blocks.push_back(std::move(b));
  return *this;
}

PdfDocument& PdfDocument::Table(PdfTableData table, PdfStyle cell_style) {
  PdfBlock b;
  b.kind = PdfBlock::Kind::kTable;
  b.table = std::move(table);
  b.style = std::move(cell_style);
  blocks.push_back(std::move(b));
  return *this;
}

PdfDocument& PdfDocument::Rule(uint32_t color, double width_pt, double gap_pt) {
  PdfBlock b;
  b.kind = PdfBlock::Kind::kRule;
  b.rule_color = color;
  b.rule_width_pt = width_pt;
  b.gap_pt = gap_pt;
  blocks.push_back(std::move(b));
  return *this;
}

PdfDocument& PdfDocument::Gap(double pt) {
  PdfBlock b;
  b.kind = PdfBlock::Kind::kGap;
  b.gap_pt = pt;
  blocks.push_back(std::move(b));
  return *this;
}

namespace {

constexpr double kCellPad = 4;  // points inside each table cell
// A text block followed by a keep_with_previous block carries this many of its last lines over.
constexpr int kLinesKeptWithNext = 2;

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// Text that pango accepts: valid UTF-8 without control characters (a bad byte becomes U+FFFD).
std::string CleanText(const std::string& s) {
  gchar* valid = g_utf8_make_valid(s.c_str(), static_cast<gssize>(s.size()));
  std::string out;
  for (const char* p = valid; *p; ++p) {
    unsigned char ch = static_cast<unsigned char>(*p);
    if (ch >= 0x20 || ch == '\n' || ch == '\t') out += *p;
  }
  g_free(valid);
  return out;
}

void SetColor(cairo_t* cr, uint32_t rgb) {
  cairo_set_source_rgb(cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                       (rgb & 0xff) / 255.0);
}

struct UnrefLayout {
  void operator()(PangoLayout* l) const { g_object_unref(l); }
};
using LayoutPtr = std::unique_ptr<PangoLayout, UnrefLayout>;

class Writer {
 public:
  Writer(const PdfDocument& doc, cairo_t* cr, PangoContext* ctx)
      : doc_(doc), page_(doc.page), cr_(cr), ctx_(ctx), y_(page_.top_pt) {}

  void Run() {
    for (size_t i = 0; i < doc_.blocks.size(); ++i) {
      const PdfBlock& b = doc_.blocks[i];
      switch (b.kind) {
        case PdfBlock::Kind::kText:
          TextBlock(b.text, b.style, Left(), Width(), KeptAfter(i));
          y_ += b.style.space_after_pt;
          break;
        case PdfBlock::Kind::kTable:
          TableBlock(b.table, b.style, KeptAfter(i));
          break;
        case PdfBlock::Kind::kRule:
          RuleBlock(b);
          break;
        case PdfBlock::Kind::kGap:
          if (y_ > page_.top_pt) y_ = std::min(y_ + b.gap_pt, Bottom());
          break;
      }
    }
    FinishPage();
  }
  int pages() const { return pages_; }

 private:
  double Left() const { return page_.left_pt; }
  double Width() const { return page_.width_pt - page_.left_pt - page_.right_pt; }
  double Bottom() const { return page_.height_pt - page_.bottom_pt; }

  LayoutPtr Layout(const std::string& text, const PdfStyle& s, double width) {
    LayoutPtr l(pango_layout_new(ctx_));
    PangoLayout* layout = l.get();
    PangoFontDescription* fd = pango_font_description_new();
    pango_font_description_set_family(fd, s.font.c_str());
    pango_font_description_set_size(fd, static_cast<int>(s.size_pt * PANGO_SCALE));
    pango_font_description_set_weight(fd, s.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, fd);
    pango_font_description_free(fd);
    if (width > 0) {
      pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
      pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(layout, s.align == PdfAlign::kCenter  ? PANGO_ALIGN_CENTER
                                       : s.align == PdfAlign::kRight ? PANGO_ALIGN_RIGHT
                                                                     : PANGO_ALIGN_LEFT);
    pango_layout_set_justify(layout, s.align == PdfAlign::kJustify);
    if (s.indent_chars > 0) {
      pango_layout_set_indent(layout, static_cast<int>(s.indent_chars * s.size_pt * PANGO_SCALE));
    }
    if (s.line_height_pt > 0) {
      PangoAttrList* attrs = pango_attr_list_new();
      pango_attr_list_insert(attrs, pango_attr_line_height_new_absolute(
                                        static_cast<int>(s.line_height_pt * PANGO_SCALE)));
      pango_layout_set_attributes(layout, attrs);
      pango_attr_list_unref(attrs);
    }
    std::string clean = CleanText(text);
    pango_layout_set_text(layout, clean.c_str(), static_cast<int>(clean.size()));
    return l;
  }

  static PangoLayout* P(const LayoutPtr& l) { return l.get(); }

  // The height that must follow block i on its page: its space below, the gaps and a
  // keep_with_previous text block after it; 0 when no such block follows.
  double KeptAfter(size_t i) {
    const auto& blocks = doc_.blocks;
    double h = blocks[i].style.space_after_pt;
    size_t j = i + 1;
    for (; j < blocks.size() && blocks[j].kind == PdfBlock::Kind::kGap; ++j) h += blocks[j].gap_pt;
    if (j == blocks.size() || blocks[j].kind != PdfBlock::Kind::kText ||
        !blocks[j].style.keep_with_previous) {
      return 0;
    }
    return h + Height(Layout(blocks[j].text, blocks[j].style, Width()));
  }

  static double Height(const LayoutPtr& l) {
    PangoRectangle logical;
    pango_layout_get_extents(P(l), nullptr, &logical);
    return static_cast<double>(logical.height) / PANGO_SCALE;
  }

  static double NaturalWidth(const LayoutPtr& l) {
    PangoRectangle logical;
    pango_layout_get_extents(P(l), nullptr, &logical);
    return static_cast<double>(logical.width) / PANGO_SCALE;
  }

  // Draws the layout's lines from y_, moving to a new page where a line does not fit, or where
  // its last lines and the `kept_after` points that must follow them do not.
  void TextBlock(const std::string& text, const PdfStyle& s, double x, double width,
                 double kept_after) {
    LayoutPtr l = Layout(text, s, width);
    double whole = Height(l);
    if (s.keep_together && y_ + whole > Bottom() && y_ > page_.top_pt &&
        whole <= Bottom() - page_.top_pt) {
      NewPage();
    }
    int kept_from =
        kept_after > 0 ? std::max(0, pango_layout_get_line_count(P(l)) - kLinesKeptWithNext) : -1;
    PangoLayoutIter* it = pango_layout_get_iter(P(l));
    double origin = y_;  // page position of the layout's top
    for (int line = 0;; ++line) {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      double top = origin + static_cast<double>(logical.y) / PANGO_SCALE;
      double h = static_cast<double>(logical.height) / PANGO_SCALE;
      // From here to the end of the block, and what must stay with it.
      double rest = whole - static_cast<double>(logical.y) / PANGO_SCALE + kept_after;
      bool keep = line == kept_from && top + rest > Bottom() && rest <= Bottom() - page_.top_pt;
      if ((top + h > Bottom() || keep) && top > page_.top_pt) {
        NewPage();
        origin = page_.top_pt - static_cast<double>(logical.y) / PANGO_SCALE;
        top = page_.top_pt;
      }
      SetColor(cr_, s.color);
      cairo_move_to(cr_, x + static_cast<double>(logical.x) / PANGO_SCALE,
                    origin + static_cast<double>(pango_layout_iter_get_baseline(it)) / PANGO_SCALE);
      pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
      y_ = top + h;
      if (!pango_layout_iter_next_line(it)) break;
    }
    pango_layout_iter_free(it);
  }

  void RuleBlock(const PdfBlock& b) {
    if (y_ + 2 * b.gap_pt + b.rule_width_pt > Bottom()) NewPage();
    y_ += b.gap_pt;
    SetColor(cr_, b.rule_color);
    cairo_set_line_width(cr_, b.rule_width_pt);
    cairo_move_to(cr_, Left(), y_ + b.rule_width_pt / 2);
    cairo_line_to(cr_, Left() + Width(), y_ + b.rule_width_pt / 2);
    cairo_stroke(cr_);
    y_ += b.rule_width_pt + b.gap_pt;
  }

  // Column widths: each column's natural width, scaled to fill the text width; a column whose
  // text is long is narrowed (its cells wrap) but keeps at least two characters.
  std::vector<double> Columns(const PdfTableData& t, const PdfStyle& s) {
    size_t n = t.header.size();
    for (const auto& r : t.rows) n = std::max(n, r.size());
    std::vector<double> natural(n, 2 * s.size_pt + 2 * kCellPad);
    PdfStyle bold = s;
    bold.bold = true;
    auto measure = [&](const std::vector<std::string>& row, const PdfStyle& st) {
      for (size_t i = 0; i < row.size(); ++i) {
        double w = NaturalWidth(Layout(row[i], st, 0)) + 2 * kCellPad + 1;
        natural[i] = std::max(natural[i], std::min(w, Width()));
      }
    };
    measure(t.header, bold);
    for (const auto& r : t.rows) measure(r, s);
    double sum = 0;
    for (double w : natural) sum += w;
    double min_w = 2 * s.size_pt + 2 * kCellPad;
    std::vector<double> out(n);
    if (sum <= Width()) {
      for (size_t i = 0; i < n; ++i) out[i] = natural[i] * Width() / sum;
      return out;
    }
    // Too wide: columns narrower than an equal share keep their natural width; the others share
    // what is left in proportion to their natural widths (their cells wrap).
    std::vector<bool> fixed(n, false);
    double left = Width();
    for (bool changed = true; changed;) {
      changed = false;
      size_t open = 0;
      for (size_t i = 0; i < n; ++i) open += fixed[i] ? 0 : 1;
      if (open == 0) break;
      double fair = left / static_cast<double>(open);
      for (size_t i = 0; i < n; ++i) {
        if (!fixed[i] && natural[i] <= fair) {
          out[i] = natural[i];
          fixed[i] = true;
          left -= natural[i];
          changed = true;
        }
      }
    }
    double wide_sum = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!fixed[i]) wide_sum += natural[i];
    }
    for (size_t i = 0; i < n; ++i) {
      if (!fixed[i]) out[i] = std::max(min_w, natural[i] * left / wide_sum);
    }
    return out;
  }

  // One row at y_: returns false when it and `kept_after` points below it do not fit on this
  // page (nothing drawn then).
  bool Row(const std::vector<std::string>& cells, const std::vector<double>& cols,
           const PdfStyle& s, bool force, double kept_after = 0) {
    std::vector<LayoutPtr> ls;
    double h = 0;
    for (size_t i = 0; i < cols.size(); ++i) {
      ls.push_back(Layout(i < cells.size() ? cells[i] : "", s, cols[i] - 2 * kCellPad));
      h = std::max(h, Height(ls.back()));
    }
    h += 2 * kCellPad;
    if (!force && y_ + h + kept_after > Bottom()) return false;
    double x = Left();
    cairo_set_line_width(cr_, 0.5);
    for (size_t i = 0; i < cols.size(); ++i) {
      SetColor(cr_, 0x000000);
      cairo_rectangle(cr_, x, y_, cols[i], h);
      cairo_stroke(cr_);
      SetColor(cr_, s.color);
      double ch = Height(ls[i]);
      cairo_move_to(cr_, x + kCellPad, y_ + (h - ch) / 2);
      pango_cairo_show_layout(cr_, P(ls[i]));
      x += cols[i];
    }
    y_ += h;
    return true;
  }

  // `kept_after`: the points that must follow the last row on its page.
  void TableBlock(const PdfTableData& t, const PdfStyle& s, double kept_after) {
    std::vector<double> cols = Columns(t, s);
    if (cols.empty()) return;
    PdfStyle head = s;
    head.bold = true;
    bool has_header = !t.header.empty();
    if (has_header && !Row(t.header, cols, head, false)) {
      NewPage();
      Row(t.header, cols, head, true);
    }
    for (size_t i = 0; i < t.rows.size(); ++i) {
      const auto& r = t.rows[i];
      if (Row(r, cols, s, false, i + 1 == t.rows.size() ? kept_after : 0)) continue;
      NewPage();
      if (has_header) Row(t.header, cols, head, true);
      Row(r, cols, s, true);  // a row taller than a page is drawn as it is
    }
    y_ += s.space_after_pt;
  }

  void FinishPage() {
    ++pages_;
    if (page_.page_numbers) {
      PdfStyle s;
      s.size_pt = 14;  // 四号
      s.font = "SimSun,宋体,Noto Serif CJK SC,WenQuanYi Micro Hei";
      s.align = PdfAlign::kCenter;
      LayoutPtr l = Layout("— " + std::to_string(pages_) + " —", s, Width());
      SetColor(cr_, 0x000000);
      cairo_move_to(cr_, Left(), Bottom() + 20);
      pango_cairo_show_layout(cr_, P(l));
    }
    cairo_show_page(cr_);
  }

  void NewPage() {
    FinishPage();
    y_ = page_.top_pt;
  }

  const PdfDocument& doc_;
  const PdfPage& page_;
  cairo_t* cr_;
  PangoContext* ctx_;
  double y_;
  int pages_ = 0;
};

}  // namespace

Result<PdfResult> RenderPdf(const PdfDocument& doc) {
  PdfResult out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
      Append, &out.bytes, doc.page.width_pt, doc.page.height_pt);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return Internal("无法创建 PDF", "cannot create the PDF surface");
  }
  if (!doc.title.empty()) {
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, CleanText(doc.title).c_str());
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "zhengban");
  cairo_t* cr = cairo_create(surface);
  PangoContext* ctx = pango_cairo_create_context(cr);
  pango_cairo_context_set_resolution(ctx, 72);  // sizes in points are cairo units
  cairo_font_options_t* fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(ctx, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(ctx, FALSE);

  Writer w(doc, cr, ctx);
  w.Run();
  out.pages = w.pages();

  g_object_unref(ctx);
  cairo_status_t st = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (st != CAIRO_STATUS_SUCCESS) {
    return Internal(std::string("生成 PDF 失败：") + cairo_status_to_string(st),
                    std::string("writing the PDF failed: ") + cairo_status_to_string(st));
  }
  return out;
}

}  // namespace zb::supervision
