#pragma once
// Python codec lookup and decoding, as Patchwork relies on it: charset names
// resolve with Python's alias rules (case-insensitive; '-', '_' and ' '
// alike; utf8, latin1, cp1252, us-ascii, gb2312, ...), and decoding is strict
// (invalid bytes fail) unless stated otherwise.

#include <optional>
#include <string>
#include <string_view>

namespace patchloom::mail {

// The canonical Python codec name for `name` ("utf-8", "iso8859-1", "cp1252",
// ...), or nullopt when Python has no such codec (or the name holds a NUL).
std::optional<std::string> python_codec(std::string_view name);

// Decodes `bytes` with the named charset into UTF-8; nullopt when the codec is
// unknown or the bytes are invalid for it (Python's errors='strict').
std::optional<std::string> decode_strict(std::string_view bytes, std::string_view charset);

// Encodes UTF-8 `text` with the named charset (Python's str.encode(codec),
// errors='strict'); nullopt when the codec is unknown or a character has no
// encoding in it. Used to re-encode header words (email.header).
std::optional<std::string> encode_strict(std::string_view text, std::string_view charset);

// Body text without a usable declared charset: utf-8, then windows-1252, then
// iso-8859-1 (which never fails), as spec/parser.md §2.4 describes.
std::string decode_with_fallbacks(std::string_view bytes);

// Bytes decoded as ASCII with each byte >= 0x80 replaced by U+FFFD
// (Python's rendering of an 'unknown-8bit' header chunk).
std::string ascii_with_replacement(std::string_view bytes);

}  // namespace patchloom::mail
