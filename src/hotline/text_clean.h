// Cleaning cell text from real spreadsheets and citizens' messages: tabs, full-width and
// no-break spaces, blank lines. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace zb::hotline {

// Trims ASCII white space, U+3000 (ideographic space) and U+00A0 at both ends.
std::string_view Trimmed(std::string_view s);
std::string TrimCell(std::string_view s);  // the same, copied
// Trims each line, drops blank lines and joins the rest with '\n'.
std::string CleanMultiline(std::string_view s);
// Digits only (and a leading '+'): "0523-8600 0003" -> "052386000003".
std::string NormalizePhone(std::string_view s);

}  // namespace zb::hotline
