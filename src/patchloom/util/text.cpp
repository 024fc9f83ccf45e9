#include "patchloom/util/text.hpp"

#include <glib.h>

#include <algorithm>

namespace patchloom::util {

bool is_py_space(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20);
  }
  switch (cp) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool is_py_word(char32_t cp) {
  if (cp < 0x80) {
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
  }
  const auto c = static_cast<gunichar>(cp);
  if (g_unichar_isalpha(c)) return true;
  switch (g_unichar_type(c)) {
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
      return true;
    default:
      return false;
  }
}

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) { ++i; return b0; }
  int len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; }
  else { ++i; return 0xFFFD; }
  if (i + static_cast<std::size_t>(len) > s.size()) { ++i; return 0xFFFD; }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) { ++i; return 0xFFFD; }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Reject overlong forms and surrogates so that "valid" means valid.
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { ++i; return 0xFFFD; }
  i += static_cast<std::size_t>(len);
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t before = i;
    const char32_t cp = next_code_point(s, i);
    if (cp == 0xFFFD && !(i - before == 3 && s.substr(before, 3) == "\xEF\xBF\xBD")) return false;
  }
  return true;
}

namespace {

// Length in bytes of the whitespace code point at s[i], or 0.
std::size_t space_at(std::string_view s, std::size_t i) {
  std::size_t j = i;
  const char32_t cp = next_code_point(s, j);
  return is_py_space(cp) ? j - i : 0;
}

// Byte offset where the trailing whitespace of s begins: the end of the last
// code point that is not whitespace.
std::size_t trailing_space_start(std::string_view s) {
  // An ASCII byte is always a code point of its own (a multi-byte sequence
  // holds none, an invalid lead byte is consumed alone), so decoding can
  // start just after the last ASCII non-space: O(tail), not O(n).
  std::size_t from = s.size();
  while (from > 0) {
    const auto b = static_cast<unsigned char>(s[from - 1]);
    if (b < 0x80 && !is_py_space(b)) break;
    --from;
  }
  std::size_t end_of_text = from;
  for (std::size_t i = from; i < s.size();) {
    const char32_t cp = next_code_point(s, i);
    if (!is_py_space(cp)) end_of_text = i;
  }
  return end_of_text;
}

}  // namespace

std::string_view py_lstrip(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const std::size_t n = space_at(s, i);
    if (n == 0) break;
    i += n;
  }
  return s.substr(i);
}

std::string_view py_rstrip(std::string_view s) { return s.substr(0, trailing_space_start(s)); }

std::string_view py_strip(std::string_view s) { return py_rstrip(py_lstrip(s)); }

std::string py_collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(s, i);
    if (is_py_space(cp)) {
      pending_space = true;
      continue;
    }
    if (pending_space && !out.empty()) out.push_back(' ');
    pending_space = false;
    out.append(s.substr(start, i - start));
  }
  return out;
}

std::vector<std::string_view> py_split(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size()) {
      const std::size_t n = space_at(s, i);
      if (n == 0) break;
      i += n;
    }
    if (i >= s.size()) break;
    const std::size_t start = i;
    while (i < s.size() && space_at(s, i) == 0) {
      next_code_point(s, i);
    }
    parts.push_back(s.substr(start, i - start));
  }
  return parts;
}

std::string py_truncate(std::string_view s, std::size_t max_code_points) {
  std::size_t i = 0;
  std::size_t count = 0;
  while (i < s.size() && count < max_code_points) {
    next_code_point(s, i);
    ++count;
  }
  return std::string(s.substr(0, i));
}

std::size_t code_point_count(std::string_view s) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) next_code_point(s, i);
  return count;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool istarts_with_ascii(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals_ascii(s.substr(0, prefix.size()), prefix);
}

std::string remove_nuls(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '\0') out.push_back(c);
  }
  return out;
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  std::size_t pos = s.find(from);
  if (pos == std::string::npos) return;
  // One pass into a new string: replacing in place moved the whole tail for
  // every match (quadratic on a CRLF mail).
  std::string out;
  out.reserve(s.size());
  std::size_t copied = 0;
  for (; pos != std::string::npos; pos = s.find(from, copied)) {
    out.append(s, copied, pos - copied);
    out.append(to);
    copied = pos + from.size();
  }
  out.append(s, copied, std::string::npos);
  s = std::move(out);
}

}  // namespace patchloom::util
