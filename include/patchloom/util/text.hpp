#pragma once
// Text helpers with Python 3's semantics, because Patchwork's behaviour is
// defined by what Python's str methods do: which code points are whitespace,
// what strip() removes, and that truncation counts code points, not bytes.
// All strings are UTF-8. Invalid UTF-8 never reaches these helpers from the
// mail layer (it decodes to valid UTF-8 first), but they must not crash on it:
// an invalid byte is treated as one code point.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace patchloom::util {

// Python's str.isspace() set ("PyWS" in spec/parser.md).
bool is_py_space(char32_t cp);
// Python's \w for str patterns: Unicode letters and digits, plus '_'.
bool is_py_word(char32_t cp);

// Decodes one code point at s[i], advancing i. Invalid bytes decode as
// U+FFFD and advance by one byte.
char32_t next_code_point(std::string_view s, std::size_t& i);
void append_utf8(std::string& out, char32_t cp);
bool is_valid_utf8(std::string_view s);

// str.strip() / lstrip() / rstrip() with no argument.
std::string_view py_strip(std::string_view s);
std::string_view py_lstrip(std::string_view s);
std::string_view py_rstrip(std::string_view s);
// Replaces each run of PyWS with one space, then strips.
std::string py_collapse_whitespace(std::string_view s);
// str.split() with no argument.
std::vector<std::string_view> py_split(std::string_view s);
// s[:n] counting code points.
std::string py_truncate(std::string_view s, std::size_t max_code_points);
std::size_t code_point_count(std::string_view s);

// ASCII-only case folding (header names, scheme names, ...).
std::string ascii_lower(std::string_view s);
bool iequals_ascii(std::string_view a, std::string_view b);
bool starts_with(std::string_view s, std::string_view prefix);
bool istarts_with_ascii(std::string_view s, std::string_view prefix);

// Removes every U+0000 (Patchwork deletes NULs before storing text).
std::string remove_nuls(std::string_view s);
void replace_all(std::string& s, std::string_view from, std::string_view to);

}  // namespace patchloom::util
