#pragma once
// Internal to the parse module: str.strip() for large texts (whole mail
// bodies and diffs). util::py_rstrip decodes the text from the start; this
// walks back from the end, so stripping costs only the whitespace it removes.

#include <string_view>

namespace patchloom::parse::detail {

// Same result as util::py_strip.
std::string_view strip_py_space(std::string_view text);

// Removes every NUL; returns `text` itself (moved) when it holds none.
std::string without_nuls(std::string text);

}  // namespace patchloom::parse::detail
