#include "http/static_files.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include "http/error.h"

namespace zb::http {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kNotBuiltPage = R"(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>政办系统</title>
<style>body{font-family:sans-serif;max-width:40em;margin:4em auto;color:#333}</style></head>
<body><h1>网页界面尚未构建</h1>
<p>服务器正在运行，接口地址为 <code>/api/</code>。网页界面尚未构建：请在 <code>web/</code> 目录运行
<code>npm run build</code>，或用 <code>--static-root</code> 指定已构建的目录。</p>
<p lang="en">The server is running; the web interface has not been built.</p></body></html>
)";

struct Mime {
  std::string_view ext;
  std::string_view type;
};
constexpr Mime kMimeTypes[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"webmanifest", "application/manifest+json"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
    {"woff", "font/woff"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"wasm", "application/wasm"},
    {"txt", "text/plain; charset=utf-8"},
    {"csv", "text/csv; charset=utf-8"},
    {"xml", "application/xml"},
    {"pdf", "application/pdf"},
    {"zip", "application/zip"},
    {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
};

Response ErrorResponse(int status, std::string_view code, std::string_view zh,
                       std::string_view en) {
  return Response::Json(status, ErrorJson(code, zh, en, nullptr));
}

Response BadPath() {
  return ErrorResponse(400, "invalid_argument", "非法路径", "invalid path");
}

Response NotFound() {
  return ErrorResponse(404, "not_found", "找不到该文件", "no such file");
}

bool ReadFile(const fs::path& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = std::move(ss).str();
  return !in.bad();
}

}  // namespace

std::string_view MimeTypeFor(std::string_view filename) {
  size_t dot = filename.rfind('.');
  if (dot == std::string_view::npos || filename.find('/', dot) != std::string_view::npos) {
    return "application/octet-stream";
  }
  std::string ext(filename.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const Mime& m : kMimeTypes) {
    if (m.ext == ext) return m.type;
  }
  return "application/octet-stream";
}

StaticFiles::StaticFiles(fs::path root) {
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec || !fs::is_directory(root_, ec)) root_.clear();
}

Response StaticFiles::Serve(const Request& request) const {
  auto decoded = PercentDecode(request.path, false);
  if (!decoded || decoded->empty() || decoded->front() != '/') return BadPath();
  // Check every segment of the decoded path; the raw path was split by nothing yet.
  std::string_view rest = std::string_view(*decoded).substr(1);
  std::vector<std::string_view> segments;
  while (true) {
    size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    if (seg == "." || seg == ".." || seg.find('\\') != std::string_view::npos ||
        seg.find('\0') != std::string_view::npos) {
      return BadPath();
    }
    if (!seg.empty() && seg.front() == '.') return NotFound();
    if (!seg.empty()) segments.push_back(seg);
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }

  const bool has_index = !root_.empty() && fs::is_regular_file(root_ / "index.html");
  if (segments.empty()) {
    if (!has_index) return Response::Html(200, std::string(kNotBuiltPage));
    return ServeFile(request, root_ / "index.html", false);
  }
  if (!root_.empty()) {
    fs::path candidate = root_;
    for (std::string_view seg : segments) candidate /= fs::path(std::string(seg));
    std::error_code ec;
    fs::path real = fs::canonical(candidate, ec);
    if (!ec && fs::is_regular_file(real, ec)) {
      // Symlinks must not lead out of the root.
      auto [root_end, real_it] =
          std::mismatch(root_.begin(), root_.end(), real.begin(), real.end());
      if (root_end != root_.end()) return NotFound();
      bool immutable = segments.size() > 1 && segments.front() == "assets";
      return ServeFile(request, real, immutable);
    }
  }
  // SPA fallback: a client-side route such as /cases/123 has no extension.
  if (segments.back().find('.') == std::string_view::npos) {
    if (!has_index) return Response::Html(404, std::string(kNotBuiltPage));
    return ServeFile(request, root_ / "index.html", false);
  }
  return NotFound();
}

Response StaticFiles::ServeFile(const Request& request, const fs::path& file,
                                bool immutable) const {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  auto mtime = fs::last_write_time(file, ec);
  if (ec) return NotFound();
  char etag[64];
  std::snprintf(etag, sizeof etag, "\"%llx-%llx\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(mtime.time_since_epoch().count()));
  Response r;
  r.SetHeader("ETag", etag);
  r.SetHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (const std::string* inm = request.Header("if-none-match");
      inm != nullptr && (inm->find(etag) != std::string::npos || *inm == "*")) {
    r.status = 304;
    return r;
  }
  if (!ReadFile(file, &r.body)) return NotFound();
  r.content_type = std::string(MimeTypeFor(file.filename().string()));
  return r;
}

}  // namespace zb::http
