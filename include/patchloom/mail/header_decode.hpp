#pragma once
// Header decoding as Patchwork's clean_header() does it (spec/parser.md §2.2)
// and the stored `headers` text (find_headers, §2.3).

#include <optional>
#include <string>
#include <string_view>

namespace patchloom::mail {

class Message;

// clean_header(value): RFC 2047 decoding with Python's quirks, NULs removed,
// whitespace collapsed. nullopt where Python returns None (undecodable
// encoded word, an embedded header after decoding).
std::optional<std::string> clean_header(std::string_view raw_value);

// clean_header of the first header called `name`; nullopt when absent or
// undecodable.
std::optional<std::string> clean_header(const Message& message, std::string_view name);

// One header as it appears in the stored `headers` field, without the
// "Name: " prefix; nullopt when Patchwork drops it (undecodable, or an
// embedded header after re-encoding).
std::optional<std::string> encode_stored_header(std::string_view name, std::string_view raw_value);

// The `headers` field Patchwork stores and serves: every header re-encoded by
// Python's email.header.Header.encode() algorithm, joined with "\n".
std::string stored_headers(const Message& message);

// Python's Header(value, header_name=name).encode() for a plain ASCII value
// taken literally (encoded words are not decoded): how the email package's
// compat32 generator folds a header when it writes a message (Patchwork's
// mbox downloads). nullopt when the value is not ASCII or the result looks
// like an embedded header (Python raises then).
std::optional<std::string> fold_ascii_header(std::string_view name, std::string_view value);

}  // namespace patchloom::mail
