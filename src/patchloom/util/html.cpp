#include "patchloom/util/html.hpp"

#include <algorithm>

namespace patchloom::util {

void append_escaped_html(std::string& out, std::string_view text) {
  // Grow geometrically: reserve(size + n) on every call would reallocate and
  // copy the whole page for each appended piece (quadratic on big pages).
  if (out.capacity() < out.size() + text.size()) out.reserve(std::max(out.size() + text.size(), 2 * out.capacity()));
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#x27;"; break;
      default: out += c;
    }
  }
}

std::string escape_html(std::string_view text) {
  std::string out;
  append_escaped_html(out, text);
  return out;
}

}  // namespace patchloom::util
