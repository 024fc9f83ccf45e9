#pragma once
// One mail, parsed the way Python's `email` package (compat32 policy) parses
// it for Patchwork: headers in file order with folding kept, and the MIME
// tree walked depth-first. The raw bytes are kept exactly as received.
//
// Contract: Message::parse never throws and never fails on bad input; a mail
// too broken to have structure simply has fewer headers or parts. Only the
// mail module includes GMime.
//
// The header block and the MIME tree come from our own byte scanner, a
// re-implementation of CPython 3.11's email.feedparser, not from GMime:
// GMime unfolds header values and splits bodies by its own rules, while
// Patchwork's output depends on Python's exact bytes (which line end before a
// boundary is dropped, when a multipart is a leaf, 8-bit Content-Type values).
// It was checked byte for byte against CPython on the 22,000 corpus messages,
// upstream's test mails and thousands of mutated mails.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/mail/content_type.hpp"

namespace patchloom::mail {

// A header as Python's compat32 parser gives it: `value` is everything after
// the first ':' with leading spaces/tabs and trailing CR/LF removed; folding
// (newline plus leading whitespace of continuation lines) is kept. The bytes
// are raw: a value may hold 8-bit bytes (not valid UTF-8).
struct Header {
  std::string name;
  std::string value;
};

// A text/* part after transfer decoding and charset conversion (spec/parser.md
// §2.4): `text` is valid UTF-8, `subtype` is the lower-cased Content-Type
// subtype ("plain", "x-patch", "html", ...). Parts whose declared charset
// could not decode them are not included.
struct TextPart {
  std::string text;
  std::string subtype;
};

// First header called `name` (ASCII case-insensitive) in `headers`, or nullptr.
const Header* find_header(const std::vector<Header>& headers, std::string_view name);

// One node of the MIME tree as Python's feedparser builds it. Containers
// (a multipart that found its boundary, any message/* part) have no payload
// of their own; their sub-parts follow them in Message::parts().
struct Part {
  std::vector<Header> headers;  // this part's own header block
  ContentType content_type;     // get_content_type() with the right default
  int depth = 0;                // 0 for the mail itself
  bool is_container = false;
  // A leaf's body bytes before transfer decoding (Python's _payload): line
  // ends as in the source, the newline before a boundary line removed.
  std::string payload;

  const Header* header(std::string_view name) const { return find_header(headers, name); }
  // The payload after Content-Transfer-Encoding decoding (§2.1).
  std::string decoded_payload() const;
  // The charset parameter, lower-cased (get_content_charset()).
  std::optional<std::string> charset() const;
};

// How line ends reach the parser. Patchwork reads one mail (parsemail) with
// email.message_from_binary_file, which reads through universal newlines, and
// archive messages (parsearchive, mailbox.mbox) with message_from_bytes, which
// keeps them.
enum class LineEnds {
  keep,       // message_from_bytes: "\r\n" stays in headers and payloads
  universal,  // message_from_binary_file: "\r\n" and a lone "\r" read as "\n"
};

class Message {
 public:
  // Parses raw mail bytes. Never throws. raw() keeps the bytes as given
  // whatever `line_ends` says.
  static Message parse(std::string raw, LineEnds line_ends = LineEnds::keep);

  const std::string& raw() const { return raw_; }
  const std::vector<Header>& headers() const { return parts_.front().headers; }
  // The "From ..." envelope line when the mail started with one (without its
  // line end); it is not a header.
  const std::optional<std::string>& envelope_from() const { return envelope_from_; }

  // First header with this name (case-insensitive), or nullptr. Python's get().
  const Header* header(std::string_view name) const;
  // Every header with this name, in order. Python's get_all().
  std::vector<const Header*> all_headers(std::string_view name) const;
  bool has_header(std::string_view name) const { return header(name) != nullptr; }

  // Every text/* part, depth-first pre-order, descending into message/rfc822.
  const std::vector<TextPart>& text_parts() const { return text_parts_; }
  // Set when Patchwork's _find_content raises instead of choosing text: a
  // text part declares a charset that names one of Python's bytes-to-bytes
  // codecs ("quoted-printable", "base64", ...), which codecs.lookup accepts
  // but bytes.decode rejects with LookupError. Upstream counts such a mail
  // as an error; text_parts() still holds the fallback decoding.
  const std::optional<std::string>& content_error() const { return content_error_; }

  // Every node of the MIME tree, depth-first pre-order (Python's walk()); the
  // first is the mail itself, so the vector is never empty.
  const std::vector<Part>& parts() const { return parts_; }

 private:
  std::string raw_;
  std::optional<std::string> envelope_from_;
  std::vector<Part> parts_ = std::vector<Part>(1);
  std::vector<TextPart> text_parts_;
  std::optional<std::string> content_error_;
};

}  // namespace patchloom::mail
