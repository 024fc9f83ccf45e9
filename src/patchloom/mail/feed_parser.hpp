#pragma once
// Internal: the MIME tree exactly as Python 3.11's email.feedparser builds it
// under the compat32 policy (the parser behind message_from_bytes). Lines end
// at "\r\n", "\r" or "\n"; a header block ends at the first line that is not
// a header, a continuation or a "From " line; multipart bodies are split at
// boundary lines, and an enclosing boundary ends every nested part.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/mail/message.hpp"

namespace patchloom::mail::detail {

struct ParsedTree {
  std::optional<std::string> envelope_from;
  std::vector<Part> parts;  // pre-order; parts[0] is the root
};

// Never throws on any input (allocation failure aside).
ParsedTree parse_tree(std::string_view raw);

}  // namespace patchloom::mail::detail
