#pragma once
// Internal to the parse module: reading the numbers that Patchwork's regexes
// capture with \d. Python's \d and int() accept any Unicode decimal digit
// (U+0660..U+0669, fullwidth digits, ...), not only ASCII.

#include <cstdint>
#include <string>
#include <string_view>

namespace patchloom::parse::detail {

// Reads a run of one or more decimal digits at s[pos], advancing pos past it.
// On success stores the value (saturating at INT64_MAX) and, when `decimal` is
// given, Python's str(int(...)) of the run (ASCII, no leading zeros), which is
// exact however long the run is. Returns false (pos unchanged) when s[pos] is
// not a digit.
bool read_digits(std::string_view s, std::size_t& pos, std::int64_t* value, std::string* decimal = nullptr);

// The value of an all-digit string such as a regex group captured by \d+ or
// [0-9]+; saturates at INT64_MAX.
std::int64_t digits_value(std::string_view digits);

}  // namespace patchloom::parse::detail
