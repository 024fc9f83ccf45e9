#pragma once
// Reading a Maildir: every regular file in cur/ and new/ (names starting
// with '.' are skipped, as are directories), in file-name order across both
// folders so that imports are deterministic. Maildir file names begin with
// the delivery time, so this is roughly arrival order.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "patchloom/util/result.hpp"

namespace patchloom::mail {

struct MaildirMessage {
  std::string raw;
  std::filesystem::path path;
  std::size_t index = 0;  // 0-based position in the sorted listing
};

class MaildirReader {
 public:
  // Lists `dir`; fails when it has neither cur/ nor new/.
  static Result<MaildirReader> open(const std::filesystem::path& dir);

  std::size_t size() const { return files_.size(); }
  // The next message, or nullopt when all are read or a file could not be
  // read (error() then names it).
  std::optional<MaildirMessage> next();
  const std::string& error() const { return error_; }

 private:
  std::vector<std::filesystem::path> files_;
  std::size_t next_ = 0;
  std::string error_;
};

}  // namespace patchloom::mail
