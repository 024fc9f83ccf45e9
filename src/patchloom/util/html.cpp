#include "patchloom/util/html.hpp"

namespace patchloom::util {

void append_escaped_html(std::string& out, std::string_view text) {
  out.reserve(out.size() + text.size());
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
