#include "patchloom/mail/content_type.hpp"

#include <algorithm>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "patchloom/util/text.hpp"

namespace patchloom::mail {
namespace {

// Python strips str values; header bytes >= 0x80 are surrogates there and
// never whitespace, so the ASCII part of PyWS is all that can apply.
bool is_ascii_py_space(char c) { return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20); }

std::string_view ascii_py_strip(std::string_view s) {
  while (!s.empty() && is_ascii_py_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_ascii_py_space(s.back())) s.remove_suffix(1);
  return s;
}

// str() of what compat32's Message.get() returns: a value holding 8-bit
// bytes comes back as an unknown-8bit Header whose str() turns each such byte
// into U+FFFD, so a boundary with 8-bit bytes can never match a body line.
std::string python_header_str(std::string_view raw_value) {
  std::string out;
  out.reserve(raw_value.size());
  for (char c : raw_value) {
    if (static_cast<unsigned char>(c) < 0x80) {
      out.push_back(c);
    } else {
      out += "\xef\xbf\xbd";
    }
  }
  return out;
}

// email.utils.unquote
std::string unquote(std::string_view s) {
  if (s.size() > 1) {
    if (s.front() == '"' && s.back() == '"') {
      std::string inner(s.substr(1, s.size() - 2));
      util::replace_all(inner, "\\\\", "\\");
      util::replace_all(inner, "\\\"", "\"");
      return inner;
    }
    if (s.front() == '<' && s.back() == '>') return std::string(s.substr(1, s.size() - 2));
  }
  return std::string(s);
}

// The first ';' in `s` outside double quotes, or npos. Python counts the
// quotes before each candidate ('"' minus '\\"'); since the two-character
// pattern cannot overlap itself, that is the parity of quotes not preceded
// by a backslash, kept here as a running count so long headers stay linear.
std::size_t find_param_end(std::string_view s) {
  bool in_quotes = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == ';' && (!in_quotes || i == 0)) return i;
    if (s[i] == '"' && (i == 0 || s[i - 1] != '\\')) in_quotes = !in_quotes;
  }
  return std::string_view::npos;
}

// email.message._parseparam: split at ';' outside double quotes.
std::vector<std::string> split_params(std::string_view value) {
  std::vector<std::string> out;
  std::string_view s = value;
  bool first = true;
  while (first || (!s.empty() && s.front() == ';')) {
    if (!first) s.remove_prefix(1);
    first = false;
    auto end = find_param_end(s);
    if (end == std::string_view::npos) end = s.size();
    const std::string_view field = s.substr(0, end);
    const auto eq = field.find('=');
    if (eq == std::string_view::npos) {
      out.emplace_back(ascii_py_strip(field));
    } else {
      std::string joined = util::ascii_lower(ascii_py_strip(field.substr(0, eq)));
      joined += '=';
      joined += ascii_py_strip(field.substr(eq + 1));
      out.emplace_back(ascii_py_strip(joined));
    }
    s.remove_prefix(end);
  }
  return out;
}

// urllib.parse.unquote(s, encoding='latin-1'): %XX to the byte XX.
std::string percent_decode(std::string_view s) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// "name*" or "name*<digits>" or "name*<digits>*" with an ASCII \w+ name.
struct Rfc2231Name {
  std::string name;
  int number = -1;  // -1: no section number
};

std::optional<Rfc2231Name> rfc2231_name(std::string_view name) {
  const auto star = name.find('*');
  if (star == 0 || star == std::string_view::npos) return std::nullopt;
  for (char c : name.substr(0, star)) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    if (!word) return std::nullopt;
  }
  std::string_view rest = name.substr(star + 1);
  Rfc2231Name out{std::string(name.substr(0, star)), -1};
  if (rest.empty()) return out;
  if (rest.back() == '*') rest.remove_suffix(1);
  if (rest.empty() || rest.size() > 9) return std::nullopt;
  int number = 0;
  for (char c : rest) {
    if (c < '0' || c > '9') return std::nullopt;
    number = number * 10 + (c - '0');
  }
  out.number = number;
  return out;
}

struct Param {
  std::string name;
  std::string value;
  bool extended = false;  // an RFC 2231 value with charset'language' removed
};

// Message._get_params_preserve + utils.decode_params, values unquoted as
// get_param(unquote=True) returns them.
std::vector<Param> parse_params(std::string_view header_value) {
  std::vector<Param> params;
  struct Section {
    int number;
    std::string value;
    bool encoded;
  };
  std::vector<std::pair<std::string, std::vector<Section>>> rfc2231;  // in order of first appearance
  std::unordered_map<std::string, std::size_t> rfc2231_slot;
  bool first = true;
  for (const std::string& field : split_params(header_value)) {
    std::string name;
    std::string value;
    const auto eq = field.find('=');
    if (eq == std::string::npos) {
      name = ascii_py_strip(field);
    } else {
      name = ascii_py_strip(std::string_view(field).substr(0, eq));
      value = ascii_py_strip(std::string_view(field).substr(eq + 1));
    }
    if (first) {  // the content type itself is never RFC 2231 processed
      first = false;
      params.push_back({std::move(name), unquote(value), false});
      continue;
    }
    const bool encoded = !name.empty() && name.back() == '*';
    if (auto r = rfc2231_name(name)) {
      auto [slot, inserted] = rfc2231_slot.try_emplace(r->name, rfc2231.size());
      if (inserted) rfc2231.push_back({r->name, {}});
      rfc2231[slot->second].second.push_back({r->number, unquote(value), encoded});
    } else {
      params.push_back({std::move(name), unquote(value), false});
    }
  }
  for (auto& [name, sections] : rfc2231) {
    std::stable_sort(sections.begin(), sections.end(), [](const Section& a, const Section& b) {
      return std::tie(a.number, a.value, a.encoded) < std::tie(b.number, b.value, b.encoded);
    });
    std::string joined;
    bool extended = false;
    for (const Section& s : sections) {
      if (s.encoded) {
        joined += percent_decode(s.value);
        extended = true;
      } else {
        joined += s.value;
      }
    }
    if (extended) {
      // decode_rfc2231: "charset'language'value" when there are two ticks.
      const auto tick1 = joined.find('\'');
      const auto tick2 = tick1 == std::string::npos ? std::string::npos : joined.find('\'', tick1 + 1);
      if (tick2 != std::string::npos) joined.erase(0, tick2 + 1);
    }
    params.push_back({name, std::move(joined), extended});
  }
  return params;
}

std::optional<Param> find_param(std::string_view header_value, std::string_view name) {
  for (Param& p : parse_params(python_header_str(header_value))) {
    if (util::iequals_ascii(p.name, name)) return std::move(p);
  }
  return std::nullopt;
}

}  // namespace

ContentType parse_content_type(std::optional<std::string_view> value, std::string_view default_type) {
  std::string type;
  if (!value) {
    type = default_type;
  } else {
    const std::string text = python_header_str(*value);
    type = util::ascii_lower(ascii_py_strip(std::string_view(text).substr(0, text.find(';'))));
    if (std::count(type.begin(), type.end(), '/') != 1) type = "text/plain";
  }
  const auto slash = type.find('/');
  ContentType out;
  out.maintype = type.substr(0, slash);
  out.subtype = type.substr(slash + 1);
  out.type = std::move(type);
  return out;
}

std::optional<std::string> header_param(std::string_view value, std::string_view name) {
  auto p = find_param(value, name);
  if (!p) return std::nullopt;
  return std::move(p->value);
}

std::optional<std::string> content_boundary(std::string_view content_type_value) {
  auto p = find_param(content_type_value, "boundary");
  if (!p) return std::nullopt;
  // collapse_rfc2231_value unquotes a plain value a second time.
  std::string boundary = p->extended ? std::move(p->value) : unquote(p->value);
  while (!boundary.empty() && is_ascii_py_space(boundary.back())) boundary.pop_back();
  return boundary;
}

std::optional<std::string> content_charset(std::string_view content_type_value) {
  auto p = find_param(content_type_value, "charset");
  if (!p) return std::nullopt;
  for (char c : p->value) {
    if (static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
  }
  return util::ascii_lower(p->value);
}

}  // namespace patchloom::mail
