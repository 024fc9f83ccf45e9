#pragma once
// Message-ID, In-Reply-To and References as Patchwork reads them
// (spec/parser.md §2.8), and the msgid forms used in URLs.

#include <string>
#include <string_view>
#include <vector>

#include "patchloom/util/result.hpp"

namespace patchloom::mail {

class Message;

// The first `<...>` of the cleaned first Message-Id header, else the whole
// cleaned value; cut to 255 code points. Error "Broken 'Message-Id' header"
// when the header is missing, undecodable or empty.
Result<std::string> find_message_id(const Message& message);

// One entry per non-empty In-Reply-To header (its first `<...>`, else the
// whole value), then every `<...>` of each References header, newest first,
// skipping ones already listed. Entries are not truncated.
std::vector<std::string> find_references(const Message& message);

// The first `<[^>]+>` in `text` (brackets included), or an empty view.
std::string_view first_bracketed(std::string_view text);

// `msgid` without its surrounding '<' and '>' (Python's strip('<>')).
std::string url_msgid(std::string_view msgid);
// url_msgid with every '/' written as "%2F".
std::string encoded_msgid(std::string_view msgid);
// The reverse of encoded_msgid: "%2F" back to '/', then wrapped in <...>.
std::string decode_msgid(std::string_view encoded);

}  // namespace patchloom::mail
