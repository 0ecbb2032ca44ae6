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
// Compression: text files (HTML, JavaScript, CSS, JSON, SVG …) of 1 kB or more go out gzipped
// to clients that accept it (`Vary: Accept-Encoding`, the ETag marked "-gz"); each file is
// compressed once and kept until it changes on disk.
//
// Thread-safe: reads files on each request (the page cache keeps this cheap); the compressed
// copies are shared under a mutex.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
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
  // The gzipped body of `file` with ETag `etag`, compressed on first use; null on failure.
  std::shared_ptr<const std::string> Gzipped(const std::filesystem::path& file,
                                             const std::string& etag,
                                             const std::string& body) const;

  std::filesystem::path root_;  // canonical, or empty if it does not exist
  mutable std::mutex gz_mu_;
  // path -> (ETag of the uncompressed file, its gzipped bytes)
  mutable std::map<std::string, std::pair<std::string, std::shared_ptr<const std::string>>> gz_;
};

}  // namespace zb::http
