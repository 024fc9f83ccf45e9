#include "fast_strip.hpp"

#include <algorithm>
#include <string>

#include "patchloom/util/text.hpp"

namespace patchloom::parse::detail {

namespace {

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The byte length of the trailing whitespace code point of `s`, or 0.
std::size_t trailing_space_length(std::string_view s) {
  std::size_t start = s.size() - 1;
  // Every PyWS code point is valid UTF-8 of at most 3 bytes.
  while (start > 0 && s.size() - start < 3 && is_continuation(s[start])) --start;
  std::size_t end = start;
  const char32_t cp = util::next_code_point(s, end);
  return end == s.size() && util::is_py_space(cp) ? s.size() - start : 0;
}

}  // namespace

std::string_view strip_py_space(std::string_view text) {
  text = util::py_lstrip(text);
  while (!text.empty()) {
    const std::size_t n = trailing_space_length(text);
    if (n == 0) break;
    text.remove_suffix(n);
  }
  return text;
}

std::string without_nuls(std::string text) {
  if (text.find('\0') == std::string::npos) return text;
  text.erase(std::remove(text.begin(), text.end(), '\0'), text.end());
  return text;
}

}  // namespace patchloom::parse::detail
