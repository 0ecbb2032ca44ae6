#include "supervision/pdf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "supervision/bulletin_pdf.h"

namespace zb::supervision {
namespace {

// The output of `command FILE` (poppler-utils' pdftotext / pdfinfo) for the given PDF bytes.
std::string Poppler(const std::string& command, const std::string& pdf,
                    const std::string& after = "") {
  std::string path = (std::filesystem::temp_directory_path() / "zb_pdf_test_XXXXXX").string();
  int fd = ::mkstemp(path.data());
  EXPECT_GE(fd, 0);
  ::close(fd);
  std::ofstream(path, std::ios::binary) << pdf;
  std::string out;
  if (FILE* p = ::popen((command + " " + path + after + " 2>&1").c_str(), "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  std::filesystem::remove(path);
  return out;
}

// The text of the PDF without whitespace: wrapped lines and justified spacing do not matter.
std::string TextOf(const std::string& pdf) {
  std::string out;
  for (char c : Poppler("pdftotext -enc UTF-8", pdf, " -")) {
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') out += c;
  }
  return out;
}

int PagesOf(const std::string& pdf) {
  std::string info = Poppler("pdfinfo", pdf);
  auto at = info.find("Pages:");
  if (at == std::string::npos) return -1;
  return std::stoi(info.substr(at + 6));
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + 1)) ++n;
  return n;
}

class Pdf : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(std::system("command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null"), 0)
        << "poppler-utils (pdftotext, pdfinfo) is needed: scripts/setup installs it";
  }
};

TEST_F(Pdf, OnePageWithTextAndTable) {
  PdfDocument d;
  d.title = "测试文档";
  PdfStyle h;
  h.bold = true;
  d.Text("一、总体情况", h).Text("本月全市共办结事项一百二十件，按时办结率百分之九十五。", {});
  PdfStyle cell;
  cell.size_pt = 10.5;
  d.Table({{"单位", "件数", "按时办结率"}, {{"市住房和城乡建设局", "12", "91.7%"}}}, cell);
  d.Rule(0xFF0000, 2, 4).Gap(10);
  auto r = RenderPdf(d);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->bytes.rfind("%PDF-", 0), 0u);
  EXPECT_NE(r->bytes.find("%%EOF"), std::string::npos);
  EXPECT_EQ(r->pages, 1);
  EXPECT_EQ(PagesOf(r->bytes), 1);
  std::string text = TextOf(r->bytes);
  for (const char* want : {"一、总体情况", "本月全市共办结事项一百二十件，按时办结率百分之九十五。",
                           "市住房和城乡建设局", "按时办结率", "91.7%", "—1—"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want << " in " << text;
  }
  EXPECT_NE(Poppler("pdfinfo", r->bytes).find("测试文档"), std::string::npos);
}

TEST_F(Pdf, LongTextAndTablesContinueOnTheNextPage) {
  PdfDocument d;
  std::string para;
  for (int i = 0; i < 12; ++i) para += "督查督办工作要件件有落实事事有回音。";
  PdfStyle body;
  body.indent_chars = 2;
  body.line_height_pt = 28.9;
  for (int i = 0; i < 12; ++i) d.Text("第" + std::to_string(i + 1) + "段" + para, body);
  PdfTableData t{{"序号", "单位名称"}, {}};
  for (int i = 1; i <= 90; ++i) t.rows.push_back({std::to_string(i), "单位" + std::to_string(i)});
  PdfStyle cell;
  cell.size_pt = 10.5;
  d.Table(t, cell);
  d.Text("文末一句", body);
  auto r = RenderPdf(d);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GE(r->pages, 4);
  EXPECT_EQ(PagesOf(r->bytes), r->pages);
  std::string text = TextOf(r->bytes);
  EXPECT_NE(text.find("第12段" + para), std::string::npos);  // a paragraph broken over lines
  EXPECT_NE(text.find("单位90"), std::string::npos);
  EXPECT_NE(text.find("文末一句"), std::string::npos);
  EXPECT_GE(Count(text, "单位名称"), 2u);  // the header is repeated on the next page
  EXPECT_NE(text.find("—" + std::to_string(r->pages) + "—"), std::string::npos);
}

TEST_F(Pdf, AKeptTogetherBlockMovesToTheNextPageWhole) {
  PdfStyle body;
  body.line_height_pt = 28.9;
  PdfStyle sign = body;
  sign.align = PdfAlign::kRight;
  sign.keep_together = true;
  // Fill the first page up to and past its last line, then two lines kept together.
  bool moved = false;
  for (int lines = 18; lines <= 23; ++lines) {
    PdfDocument d;
    for (int i = 0; i < lines; ++i) d.Text("第" + std::to_string(i) + "行", body);
    d.Text("落款单位\n2026年4月3日", sign);
    auto r = RenderPdf(d);
    ASSERT_TRUE(r.ok());
    std::string p = std::to_string(r->pages);
    std::string last = Poppler("pdftotext -enc UTF-8 -f " + p + " -l " + p, r->bytes, " -");
    EXPECT_NE(last.find("落款单位"), std::string::npos) << lines;
    EXPECT_NE(last.find("2026年4月3日"), std::string::npos) << lines;
    moved |= r->pages == 2 && last.find("第") == std::string::npos;
  }
  EXPECT_TRUE(moved) << "no case where the block alone went to the next page";
}

// The closing block takes the lines before it along: whatever the body's length, the last page
// holds the body's last lines (or last table row) and the signature, never the signature alone.
TEST_F(Pdf, AClosingBlockIsNeverAloneOnItsPage) {
  PdfStyle body;
  body.line_height_pt = 28.9;
  PdfStyle sign = body;
  sign.align = PdfAlign::kRight;
  sign.keep_together = true;
  sign.keep_with_previous = true;
  std::string line;  // about two and a half lines of text: one paragraph of three lines
  for (int i = 0; i < 4; ++i) line += "督查督办工作要件件有落实事事有回音。";
  int carried = 0;
  for (int lines = 15; lines <= 24; ++lines) {
    PdfDocument d;
    for (int i = 0; i < lines; ++i) d.Text("第" + std::to_string(i) + "行", body);
    d.Text("末段开始" + line + "末段结束", body).Gap(28.9).Text("落款单位\n2026年4月3日", sign);
    auto r = RenderPdf(d);
    ASSERT_TRUE(r.ok());
    std::string p = std::to_string(r->pages);
    std::string last = Poppler("pdftotext -enc UTF-8 -f " + p + " -l " + p, r->bytes, " -");
    EXPECT_NE(last.find("落款单位"), std::string::npos) << lines;
    EXPECT_NE(last.find("末段结束"), std::string::npos) << lines << ": alone on page " << p;
    if (r->pages == 2 && last.find("末段开始") == std::string::npos) ++carried;
  }
  EXPECT_GT(carried, 0) << "no case where only the paragraph's last lines went along";

  // After a table: its last row goes along (the header repeated above it).
  int moved = 0;
  for (int rows = 6; rows <= 16; ++rows) {
    PdfDocument d;
    PdfTableData t{{"序号", "名称"}, {}};
    for (int i = 1; i <= rows; ++i)
      t.rows.push_back({std::to_string(i), "部门" + std::to_string(i)});
    for (int i = 0; i < 6; ++i) d.Text("第" + std::to_string(i) + "行", body);
    d.Table(t, body).Gap(28.9).Text("落款单位\n2026年4月3日", sign);
    auto r = RenderPdf(d);
    ASSERT_TRUE(r.ok());
    std::string p = std::to_string(r->pages);
    std::string last = Poppler("pdftotext -enc UTF-8 -f " + p + " -l " + p, r->bytes, " -");
    EXPECT_NE(last.find("落款单位"), std::string::npos) << rows;
    EXPECT_NE(last.find("部门" + std::to_string(rows)), std::string::npos) << rows;
    if (r->pages >= 2 && Count(last, "部门") == 1 && Count(last, "名称") == 1) ++moved;
  }
  EXPECT_GT(moved, 0) << "no case where the last row alone went along";
}

// A bulletin whose body ends at the foot of a page keeps its last paragraph with the signature.
TEST_F(Pdf, BulletinSignatureStaysWithTheLastParagraph) {
  bool would_be_alone = false;  // without keep_with_previous, for some length of the body
  for (int paragraphs = 8; paragraphs <= 18; ++paragraphs) {
    Bulletin b;
    b.issuer = "泰州市人民政府办公室";
    b.title = "关于2026年3月份督查工作情况的通报";
    b.number = "泰政办督〔2026〕3号";
    b.signature = "泰州市人民政府办公室";
    b.date = "2026年4月3日";
    BulletinSection s;
    s.heading = "一、总体情况";
    for (int i = 1; i <= paragraphs; ++i) s.paragraphs.push_back("第" + std::to_string(i) + "段。");
    b.sections = {s};
    auto r = RenderBulletinPdf(b);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    std::string p = std::to_string(r->pages);
    std::string last = Poppler("pdftotext -enc UTF-8 -f " + p + " -l " + p, r->bytes, " -");
    EXPECT_NE(last.find("2026年4月3日"), std::string::npos) << paragraphs;
    EXPECT_NE(last.find("第" + std::to_string(paragraphs) + "段"), std::string::npos)
        << paragraphs << " paragraphs: the signature is alone on page " << p;

    PdfDocument loose = BulletinPdfDocument(b);
    loose.blocks.back().style.keep_with_previous = false;
    auto l = RenderPdf(loose);
    ASSERT_TRUE(l.ok());
    std::string lp = std::to_string(l->pages);
    std::string end = Poppler("pdftotext -enc UTF-8 -f " + lp + " -l " + lp, l->bytes, " -");
    would_be_alone |= end.find("第" + std::to_string(paragraphs) + "段") == std::string::npos;
  }
  EXPECT_TRUE(would_be_alone) << "no body length that ends at the foot of a page";
}

TEST_F(Pdf, HostileTextIsDrawnAsText) {
  PdfDocument d;
  d.Text("控制字符\x01\x02与坏字节\xff\xfe以及<script>&", {});
  d.Table({{}, {{"只有一行", "没有表头"}, {}}}, {});
  d.Table({}, {});
  auto r = RenderPdf(d);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string text = TextOf(r->bytes);
  EXPECT_NE(text.find("控制字符与坏字节"), std::string::npos) << text;
  EXPECT_NE(text.find("<script>&"), std::string::npos) << text;
  EXPECT_NE(text.find("没有表头"), std::string::npos) << text;
}

TEST_F(Pdf, BulletinInTheOfficialLayout) {
  Bulletin b;
  b.title = "关于2026年3月份督查工作情况的通报";
  b.number = "泰政办督〔2026〕3号";
  b.recipients = "各市（区）人民政府，市各委办局，市各直属单位：";
  b.signature = "泰州市人民政府办公室";
  b.date = "2026年4月3日";
  BulletinSection s;
  s.heading = "一、重点工程推进情况";
  s.paragraphs = {"本月重点工程总体推进顺利。"};
  s.table = BulletinTable{{"项目", "进度"}, {{"污水处理厂扩建", "40%"}}};
  b.sections = {s};
  PdfDocument d = BulletinPdfDocument(b);
  ASSERT_FALSE(d.blocks.empty());
  EXPECT_EQ(d.blocks[0].style.color, 0xFF0000u);  // the red masthead
  bool red_rule = false;
  for (const PdfBlock& blk : d.blocks) {
    red_rule |= blk.kind == PdfBlock::Kind::kRule && blk.rule_color == 0xFF0000u;
  }
  EXPECT_TRUE(red_rule);
  EXPECT_EQ(d.blocks.back().style.align, PdfAlign::kRight);  // the signature and date on the right
  EXPECT_TRUE(d.blocks.back().style.keep_together);
  EXPECT_TRUE(d.blocks.back().style.keep_with_previous);
  auto r = RenderBulletinPdf(b);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->pages, 1);
  std::string text = TextOf(r->bytes);
  size_t at = 0;
  for (const char* want :
       {"泰州市人民政府办公室", "泰政办督〔2026〕3号", "关于2026年3月份督查工作情况的通报",
        "各市（区）人民政府", "一、重点工程推进情况", "本月重点工程总体推进顺利。",
        "污水处理厂扩建", "40%", "泰州市人民政府办公室", "2026年4月3日"}) {
    size_t found = text.find(want, at);
    ASSERT_NE(found, std::string::npos) << want << " (in order) in " << text;
    at = found + 1;
  }
}

}  // namespace
}  // namespace zb::supervision
