// Message::parse over arbitrary bytes in both line-end modes, then everything
// the parser reads from a mail: text parts, decoded payloads, charsets, the
// stored headers text and clean_header on every header.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "patchloom/mail/header_decode.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/util/text.hpp"

namespace {

using patchloom::fuzz::has_nul;
using patchloom::fuzz::has_outer_py_space;
using namespace patchloom;

bool is_ascii(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

void check_clean_header(std::string_view raw_value) {
  const auto cleaned = mail::clean_header(raw_value);
  if (!cleaned) return;
  // Unknown-8bit bytes render as U+FFFD, decoded words as UTF-8, NULs go and
  // PyWS runs collapse to one space (spec/parser.md §2.2 steps 3, 5 and 6).
  PATCHLOOM_FUZZ_CHECK(util::is_valid_utf8(*cleaned));
  PATCHLOOM_FUZZ_CHECK(!has_nul(*cleaned));
  PATCHLOOM_FUZZ_CHECK(!has_outer_py_space(*cleaned));
  PATCHLOOM_FUZZ_CHECK(cleaned->find("  ") == std::string::npos);
  PATCHLOOM_FUZZ_CHECK(cleaned->find('\n') == std::string::npos);
}

void check_part(const mail::Part& part, bool is_root) {
  PATCHLOOM_FUZZ_CHECK(part.depth >= 0);
  PATCHLOOM_FUZZ_CHECK(is_root == (part.depth == 0));
  const auto& type = part.content_type;
  PATCHLOOM_FUZZ_CHECK(type.type == type.maintype + "/" + type.subtype);
  PATCHLOOM_FUZZ_CHECK(type.maintype.find('/') == std::string::npos);
  PATCHLOOM_FUZZ_CHECK(type.subtype.find('/') == std::string::npos);
  if (part.is_container) PATCHLOOM_FUZZ_CHECK(part.payload.empty());
  (void)part.decoded_payload();
  if (const auto charset = part.charset()) PATCHLOOM_FUZZ_CHECK(util::ascii_lower(*charset) == *charset);
  for (const auto& header : part.headers) {
    PATCHLOOM_FUZZ_CHECK(part.header(header.name) != nullptr);
    check_clean_header(header.value);
  }
}

void check_message(const mail::Message& message, std::string_view data) {
  PATCHLOOM_FUZZ_CHECK(message.raw() == data);
  PATCHLOOM_FUZZ_CHECK(!message.parts().empty());
  bool root = true;
  for (const auto& part : message.parts()) {
    check_part(part, root);
    root = false;
  }
  for (const auto& header : message.headers()) {
    const auto all = message.all_headers(header.name);
    PATCHLOOM_FUZZ_CHECK(!all.empty());
    PATCHLOOM_FUZZ_CHECK(message.header(header.name) == all.front());
    (void)mail::encode_stored_header(header.name, header.value);
  }
  for (const auto& part : message.text_parts()) {
    PATCHLOOM_FUZZ_CHECK(util::is_valid_utf8(part.text));
    PATCHLOOM_FUZZ_CHECK(util::ascii_lower(part.subtype) == part.subtype);
  }
  // Every header is re-encoded as ASCII: raw 8-bit bytes and decoded words
  // both come back as encoded words (§2.3); NULs are removed.
  const std::string stored = mail::stored_headers(message);
  PATCHLOOM_FUZZ_CHECK(is_ascii(stored));
  PATCHLOOM_FUZZ_CHECK(!has_nul(stored));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string raw(reinterpret_cast<const char*>(data), size);
  for (const auto line_ends : {mail::LineEnds::keep, mail::LineEnds::universal}) {
    check_message(mail::Message::parse(raw, line_ends), raw);
  }
  return 0;
}
