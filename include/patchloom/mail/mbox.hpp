#pragma once
// Reading and writing mbox files.
//
// Reading splits messages the way Python's mailbox.mbox does (and so the way
// Patchwork's parsearchive sees an archive): lines end at '\n' only; every
// line starting "From " begins a new message (the "From " line itself is not
// part of the message); when the line before a "From " line (or before the
// end of the file) is exactly "\n", that empty line is dropped. Anything
// before the first "From " line is ignored. CRLF input is read as is: a
// "\r\n" line is not empty, so it stays in the message.
//
// Quoting: python_compat leaves ">From " lines alone, as mailbox.mbox does
// (what upstream's golden data reflects); mboxrd removes one '>' from every
// line matching ^>+From  (the inverse of the writer below).
//
// Input may be a plain file, a gzip file (detected by its content) or stdin.
// The reader streams: memory is one message plus a read buffer.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "patchloom/util/result.hpp"

namespace patchloom::mail {

enum class MboxQuoting { python_compat, mboxrd };

struct MboxMessage {
  std::string raw;        // the message bytes, ready for Message::parse
  std::string from_line;  // its "From ..." separator line, without the '\n'
  std::size_t index = 0;  // 0-based position in the mbox
  std::uint64_t offset = 0;  // byte offset of the separator line in the (uncompressed) stream
};

class MboxReader {
 public:
  // Opens `path`; "-" reads stdin. Fails when the file cannot be opened.
  static Result<MboxReader> open(const std::filesystem::path& path,
                                 MboxQuoting quoting = MboxQuoting::python_compat);
  // Reads an mbox held in memory (tests, small inputs).
  static MboxReader from_string(std::string data, MboxQuoting quoting = MboxQuoting::python_compat);

  MboxReader(MboxReader&&) noexcept;
  MboxReader& operator=(MboxReader&&) noexcept;
  ~MboxReader();

  // The next message, or nullopt at the end of the input or after a read
  // error (then error() says what went wrong).
  std::optional<MboxMessage> next();
  // Empty unless reading failed (e.g. a truncated or corrupt .gz file).
  const std::string& error() const;
  // Bytes consumed from the underlying file so far (compressed bytes for a
  // .gz file): for progress reports against the file size.
  std::uint64_t input_position() const;

 private:
  struct Impl;
  explicit MboxReader(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The separator public-inbox writes before every message.
inline constexpr std::string_view kMboxrdSeparator = "From mboxrd@z Thu Jan  1 00:00:00 1970\n";

// One mboxrd entry for `raw`: the separator, the message with one '>' added
// to every line matching ^>*From , a '\n' if it did not end with one, then
// an empty line.
std::string mboxrd_entry(std::string_view raw);
void write_mboxrd(std::ostream& out, std::string_view raw);

}  // namespace patchloom::mail
