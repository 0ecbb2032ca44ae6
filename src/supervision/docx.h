// A bulletin as a Word document (.docx: zipped WordprocessingML) in the layout of an official
// 通报: the issuer's red masthead, the number centred under it, a red rule, the title, the
// recipients, the body (headings in 黑体, text in 仿宋_GB2312 三号, tables with borders), the
// signature and the date on the right. Thread-safe; writes a temporary file only.
#pragma once

#include <string>

#include "supervision/bulletin.h"

namespace zb::supervision {

// The .docx bytes, or an Internal error when the archive cannot be written.
Result<std::string> RenderDocx(const Bulletin& b);
// The document.xml part alone (for tests and previews).
std::string DocumentXml(const Bulletin& b);

}  // namespace zb::supervision
