#pragma once
// One mail, parsed the way Python's `email` package (compat32 policy) parses
// it for Patchwork: headers in file order with folding kept, and the MIME
// tree walked depth-first. The raw bytes are kept exactly as received.
//
// Contract: Message::parse never throws and never fails on bad input; a mail
// too broken to have structure simply has fewer headers or parts. Only the
// mail module includes GMime.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

class Message {
 public:
  // Parses raw mail bytes (LF or CRLF line ends). Never throws.
  static Message parse(std::string raw);

  const std::string& raw() const { return raw_; }
  const std::vector<Header>& headers() const { return headers_; }

  // First header with this name (case-insensitive), or nullptr. Python's get().
  const Header* header(std::string_view name) const;
  // Every header with this name, in order. Python's get_all().
  std::vector<const Header*> all_headers(std::string_view name) const;
  bool has_header(std::string_view name) const { return header(name) != nullptr; }

  // Every text/* part, depth-first pre-order, descending into message/rfc822.
  const std::vector<TextPart>& text_parts() const { return text_parts_; }

 private:
  std::string raw_;
  std::vector<Header> headers_;
  std::vector<TextPart> text_parts_;
};

}  // namespace patchloom::mail
