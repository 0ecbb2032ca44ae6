#include "http/static_files.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>
#include <vector>

#include <zlib.h>

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

// Worth compressing: text formats. Images, fonts and archives are compressed already.
bool Compressible(std::string_view mime) {
  return mime.starts_with("text/") || mime.starts_with("application/json") ||
         mime.starts_with("application/manifest+json") || mime == "image/svg+xml" ||
         mime == "application/xml" || mime == "application/wasm";
}

// Whether the Accept-Encoding header allows gzip (a "gzip;q=0" refuses it).
bool AcceptsGzip(const Request& request) {
  const std::string* accept = request.Header("accept-encoding");
  if (accept == nullptr) return false;
  std::string_view rest = *accept;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    std::string_view name = item.substr(0, item.find(';'));
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name != "gzip" && name != "*") continue;
    size_t q = item.find("q=");
    return q == std::string_view::npos ||
           std::strtod(std::string(item.substr(q + 2)).c_str(), nullptr) > 0;
  }
  return false;
}

bool Gzip(const std::string& in, std::string* out) {
  z_stream z{};
  // 15 window bits + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
  out->resize(deflateBound(&z, in.size()) + 32);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out->data());
  z.avail_out = static_cast<uInt>(out->size());
  int rc = deflate(&z, Z_FINISH);
  out->resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END;
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
  std::string_view mime = MimeTypeFor(file.filename().string());
  const bool gzip = Compressible(mime) && size >= 1024 && AcceptsGzip(request);
  // The compressed variant is another representation: its own ETag.
  std::string tag = etag;
  if (gzip) tag.insert(tag.size() - 1, "-gz");
  Response r;
  r.SetHeader("ETag", tag);
  r.SetHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (Compressible(mime)) r.SetHeader("Vary", "Accept-Encoding");
  if (const std::string* inm = request.Header("if-none-match");
      inm != nullptr && (inm->find(tag) != std::string::npos || *inm == "*")) {
    r.status = 304;
    return r;
  }
  if (!ReadFile(file, &r.body)) return NotFound();
  r.content_type = std::string(mime);
  if (gzip) {
    if (auto packed = Gzipped(file, etag, r.body)) {
      r.body = *packed;
      r.SetHeader("Content-Encoding", "gzip");
    } else {
      r.SetHeader("ETag", etag);  // sent as it is
    }
  }
  return r;
}

std::shared_ptr<const std::string> StaticFiles::Gzipped(const fs::path& file,
                                                        const std::string& etag,
                                                        const std::string& body) const {
  const std::string key = file.string();
  {
    std::lock_guard lock(gz_mu_);
    auto it = gz_.find(key);
    if (it != gz_.end() && it->second.first == etag) return it->second.second;
  }
  auto packed = std::make_shared<std::string>();
  if (!Gzip(body, packed.get())) return nullptr;
  std::lock_guard lock(gz_mu_);
  gz_[key] = {etag, packed};
  return packed;
}

}  // namespace zb::http
