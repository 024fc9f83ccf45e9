#pragma once
// The mails `patchloom import` reads: an mbox file (plain or gzip, told
// apart by content, not by name), a maildir (a directory with cur/ or new/),
// or `-` for an mbox on standard input. A thin adapter over the mail
// module's readers giving one interface and what the progress line needs.

#include <cstdint>
#include <memory>
#include <string>

#include "patchloom/mail/mbox.hpp"
#include "patchloom/util/result.hpp"

namespace patchloom::cli {

class MailSource {
 public:
  virtual ~MailSource() = default;
  // The next mail's raw bytes; false at the end or on a read error.
  virtual bool next(std::string& raw) = 0;
  // Empty unless reading failed (a truncated .gz, an unreadable file).
  virtual std::string error() const = 0;
  // Input consumed so far, in the unit of size_hint().
  virtual std::uint64_t progress() const = 0;
  // Expected total (0 when unknown, as for stdin), for the percentage.
  virtual std::uint64_t size_hint() const = 0;
};

// Opens `path` ("-" for stdin); the error names the path and the reason.
Result<std::unique_ptr<MailSource>> open_mail_source(const std::string& path, mail::MboxQuoting quoting);

}  // namespace patchloom::cli
