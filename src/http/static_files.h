// Static files: the built web front end (web/dist) with MIME types, caching and SPA fallback.
//
// Paths are percent-decoded and then refused (400) if they contain "..", ".", a backslash or a
// NUL in any segment; the resolved file must lie inside the root after following symlinks,
// otherwise 404. Hidden files (a segment starting with '.') are 404.
// Caching: files under /assets/ (hashed names) are `public, max-age=31536000, immutable`;
// everything else `no-cache` with an ETag, so If-None-Match answers 304.
// A GET for a path whose last segment has no extension and names no file is the SPA fallback:
// index.html. Without index.html, "/" answers a short Chinese page saying the web interface is
// not built.
//
// Thread-safe: immutable after construction; reads files on each request (the page cache keeps
// this cheap).
#pragma once

#include <filesystem>
#include <string_view>

#include "http/request.h"
#include "http/response.h"

namespace zb::http {

// The Content-Type for a file name's extension; "application/octet-stream" if unknown.
std::string_view MimeTypeFor(std::string_view filename);

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // Answers a GET or HEAD for a non-API path.
  Response Serve(const Request& request) const;

 private:
  Response ServeFile(const Request& request, const std::filesystem::path& file,
                     bool immutable) const;

  std::filesystem::path root_;  // canonical, or empty if it does not exist
};

}  // namespace zb::http
