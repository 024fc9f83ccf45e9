#include "patchloom/api/urls.hpp"

#include <algorithm>
#include <map>

namespace patchloom::api {

namespace {

bool is_alnum(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

void append_escaped(std::string& out, unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '%';
  out += kHex[c >> 4];
  out += kHex[c & 15];
}

// Django's iri_to_uri/escape_uri_path safe set for paths.
bool is_path_safe(unsigned char c) {
  static constexpr std::string_view kSafe = "_.-~!$&'()*+,;=:@/";
  return is_alnum(c) || kSafe.find(static_cast<char>(c)) != std::string_view::npos;
}

}  // namespace

std::string encode_path(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (is_path_safe(c))
      out += static_cast<char>(c);
    else
      append_escaped(out, c);
  }
  return out;
}

std::string encode_msgid_for_path(std::string_view msgid) {
  if (!msgid.empty() && msgid.front() == '<') msgid.remove_prefix(1);
  if (!msgid.empty() && msgid.back() == '>') msgid.remove_suffix(1);
  std::string slashes_escaped;
  for (char c : msgid) {
    if (c == '/')
      slashes_escaped += "%2F";
    else
      slashes_escaped += c;
  }
  return encode_path(slashes_escaped);
}

std::string quote_plus(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (is_alnum(c) || c == '_' || c == '.' || c == '-' || c == '~')
      out += static_cast<char>(c);
    else if (c == ' ')
      out += '+';
    else
      append_escaped(out, c);
  }
  return out;
}

std::optional<std::string> list_archive_url(std::string_view format, std::string_view msgid) {
  if (format.empty()) return std::nullopt;
  if (!msgid.empty() && msgid.front() == '<') msgid.remove_prefix(1);
  if (!msgid.empty() && msgid.back() == '>') msgid.remove_suffix(1);
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] == '{' && i + 1 < format.size() && format[i + 1] == '}') {
      out += msgid;
      ++i;
    } else {
      out += format[i];
    }
  }
  return out;
}

std::string page_query(const QueryList& query, std::optional<long long> page) {
  // parse_qs groups values by key; sorting the groups by key and keeping the
  // values' order within a key is a stable sort of the pairs by key.
  QueryList pairs;
  for (const auto& p : query)
    if (p.first != "page") pairs.push_back(p);
  if (page) pairs.emplace_back("page", std::to_string(*page));
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string out;
  for (const auto& [key, value] : pairs) {
    out += out.empty() ? '?' : '&';
    out += quote_plus(key);
    out += '=';
    out += quote_plus(value);
  }
  return out;
}

std::string link_header(std::string_view url_without_query, const QueryList& query, long long page,
                        long long last_page) {
  std::string out;
  auto add = [&](std::optional<long long> target, std::string_view rel) {
    if (!out.empty()) out += ", ";
    out += '<';
    out += url_without_query;
    out += page_query(query, target);
    out += ">; rel=\"";
    out += rel;
    out += '"';
  };
  if (page < last_page) add(page + 1, "next");
  if (page > 1) add(page - 1 == 1 ? std::nullopt : std::optional<long long>(page - 1), "prev");
  add(1, "first");
  add(last_page, "last");
  return out;
}

}  // namespace patchloom::api
