#pragma once
// Internal to the parse module: the hunk header both the diff state machine
// and the hasher recognise, ^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@, read by
// hand because it is tested on every line of every diff.

#include <cstdint>
#include <string>
#include <string_view>

namespace patchloom::parse::detail {

struct HunkHeader {
  std::int64_t old_count = 1;  // a missing count means 1
  std::int64_t new_count = 1;
  std::string old_decimal;     // the counts as Python prints int(...)
  std::string new_decimal;
};

// True when `line` starts with a hunk header; fills `hunk` with its counts.
bool match_hunk_header(std::string_view line, HunkHeader& hunk);

}  // namespace patchloom::parse::detail
