// Attachment bytes, stored content-addressed: var/attachments/<sha256[0:2]>/<sha256>. The same
// file uploaded twice is stored once. Metadata (name, case, uploader) lives in the Store.
//
// Thread-safe: a file is written to a temporary name, flushed and renamed into place, so a reader
// never sees a partial file and a crash leaves no half-written attachment.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "base/status.h"

namespace zb::cases {

class AttachmentStore {
 public:
  explicit AttachmentStore(std::filesystem::path root, size_t max_bytes = 50u << 20)
      : root_(std::move(root)), max_bytes_(max_bytes) {}

  // Stores `bytes`; returns their SHA-256. kTooLarge above the limit.
  Result<std::string> Put(std::string_view bytes) const;
  // The stored bytes for `sha256`; NotFound if absent or the id is not a SHA-256.
  Result<std::string> Get(const std::string& sha256) const;

  size_t max_bytes() const { return max_bytes_; }

 private:
  Result<std::filesystem::path> PathFor(const std::string& sha256) const;

  std::filesystem::path root_;
  size_t max_bytes_;
};

}  // namespace zb::cases
