#pragma once
// Content-Type and header parameters the way Python's email.message.Message
// (compat32) reads them: get_content_type(), get_param(), get_boundary() and
// get_content_charset(). Values are raw header bytes; as in Python, a value
// holding 8-bit bytes is read with each such byte as U+FFFD.

#include <optional>
#include <string>
#include <string_view>

namespace patchloom::mail {

struct ContentType {
  std::string type;      // "text/plain": lower-cased, always holds exactly one '/'
  std::string maintype;  // "text"
  std::string subtype;   // "plain" (may be empty or garbage, kept as it is)
};

// get_content_type(): the value up to the first ';', stripped and ASCII
// lower-cased; text/plain unless it holds exactly one '/'. `value` nullopt
// means the header is missing, which gives `default_type`.
ContentType parse_content_type(std::optional<std::string_view> value,
                               std::string_view default_type = "text/plain");

// get_param(name) on a header value: parameters split at ';' outside quotes,
// names matched case-insensitively, RFC 2231 forms (name*=, name*0*=)
// joined after the plain ones, the value unquoted. nullopt when absent; a
// bare attribute gives "".
std::optional<std::string> header_param(std::string_view value, std::string_view name);

// get_boundary(): the boundary parameter unquoted once more and right-stripped.
std::optional<std::string> content_boundary(std::string_view content_type_value);

// get_content_charset(): the charset parameter lower-cased, or nullopt when
// absent or not pure ASCII.
std::optional<std::string> content_charset(std::string_view content_type_value);

}  // namespace patchloom::mail
