#pragma once
// HTML escaping shared by the web UI and the archive. Every piece of mail or
// user data that reaches a page goes through escape_html (text and attribute
// values alike), so a subject such as "<script>" is shown, never run.

#include <string>
#include <string_view>

namespace patchloom::util {

// Replaces & < > " ' with entities; safe in text and in quoted attributes.
std::string escape_html(std::string_view text);

// Appends the escaped form of `text` to `out` (avoids a temporary per call).
void append_escaped_html(std::string& out, std::string_view text);

}  // namespace patchloom::util
