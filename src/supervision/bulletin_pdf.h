// A bulletin as PDF, in the layout of an official 通报 (the same as the .docx in docx.h): the
// issuer's red masthead, the number centred under it, a red rule, the title, the recipients, the
// body (headings in 黑体, text in 仿宋 三号 with a two-character indent, bordered tables), the
// signature and the date on the right, page numbers at the foot. Rendered by pdf.h.
#pragma once

#include <string>

#include "supervision/bulletin.h"
#include "supervision/pdf.h"

namespace zb::supervision {

PdfDocument BulletinPdfDocument(const Bulletin& b);
Result<PdfResult> RenderBulletinPdf(const Bulletin& b);

}  // namespace zb::supervision
