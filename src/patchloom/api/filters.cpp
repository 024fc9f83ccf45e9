#include "patchloom/api/filters.hpp"

#include <cctype>

#include "patchloom/util/text.hpp"

namespace patchloom::api {

std::optional<bool> parse_bool_filter(std::string_view value) {
  const std::string lower = util::ascii_lower(value);
  if (lower == "true" || lower == "1") return true;
  if (lower == "false" || lower == "0") return false;
  return std::nullopt;
}

namespace {

// Reads exactly `count` digits at `pos`.
bool read_digits(std::string_view s, std::size_t& pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  out = value;
  pos += count;
  return true;
}

// Reads one or two digits (Django's time regex allows \d{1,2} for hours etc.).
bool read_one_or_two(std::string_view s, std::size_t& pos, int& out) {
  if (pos + 2 <= s.size() && std::isdigit(static_cast<unsigned char>(s[pos + 1])))
    return read_digits(s, pos, 2, out);
  return read_digits(s, pos, 1, out);
}

}  // namespace

std::optional<util::Timestamp> parse_filter_datetime(std::string_view value) {
  std::string_view s = util::py_strip(value);
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micro = 0;
  if (!read_digits(s, pos, 4, year) || pos >= s.size() || s[pos++] != '-' || !read_one_or_two(s, pos, month) ||
      pos >= s.size() || s[pos++] != '-' || !read_one_or_two(s, pos, day))
    return std::nullopt;
  long long offset_minutes = 0;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return std::nullopt;
    ++pos;
    if (!read_one_or_two(s, pos, hour) || pos >= s.size() || s[pos++] != ':' || !read_one_or_two(s, pos, minute))
      return std::nullopt;
    if (pos < s.size() && s[pos] == ':') {
      ++pos;
      if (!read_one_or_two(s, pos, second)) return std::nullopt;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        std::size_t digits = 0;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
          if (digits < 6) micro = micro * 10 + (s[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (std::size_t i = digits; i < 6; ++i) micro *= 10;
      }
    }
    while (pos < s.size() && s[pos] == ' ') ++pos;
    if (pos < s.size()) {
      if (s[pos] == 'Z' && pos + 1 == s.size()) {
        ++pos;
      } else if (s[pos] == '+' || s[pos] == '-') {
        const int sign = s[pos] == '-' ? -1 : 1;
        ++pos;
        int oh = 0, om = 0;
        if (!read_digits(s, pos, 2, oh)) return std::nullopt;
        if (pos < s.size() && s[pos] == ':') ++pos;
        if (pos < s.size() && !read_digits(s, pos, 2, om)) return std::nullopt;
        // Python's timezone() refuses offsets of a day or more (ValueError,
        // which Django's form field reports as an invalid value).
        if (oh * 60 + om >= 24 * 60) return std::nullopt;
        offset_minutes = sign * (oh * 60LL + om);
      } else {
        return std::nullopt;
      }
    }
    if (pos != s.size()) return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  // from_civil rolls over out-of-range days; reject them as Python would.
  auto t = util::from_civil(year, month, day, hour, minute, second, micro);
  if (!t) return std::nullopt;
  if (util::to_civil(*t).day != day) return std::nullopt;
  return *t - offset_minutes * 60 * 1'000'000;
}

std::vector<std::string> search_terms(std::string_view q) {
  // Django's smart_split: whitespace-separated tokens, quoted runs kept.
  std::vector<std::string> tokens;
  std::string current;
  char quote = 0;
  bool in_token = false;
  for (char c : q) {
    if (quote != 0) {
      current += c;
      if (c == quote) quote = 0;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      if (in_token) tokens.push_back(std::move(current));
      current.clear();
      in_token = false;
    } else {
      if (c == '"' || c == '\'') quote = c;
      current += c;
      in_token = true;
    }
  }
  if (in_token) tokens.push_back(std::move(current));

  std::vector<std::string> terms;
  for (auto& token : tokens) {
    std::string_view t = token;
    while (!t.empty() && t.front() == ',') t.remove_prefix(1);
    while (!t.empty() && t.back() == ',') t.remove_suffix(1);
    if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'') && t.front() == t.back()) {
      terms.emplace_back(t.substr(1, t.size() - 2));
      continue;
    }
    std::size_t start = 0;
    while (start <= t.size()) {
      std::size_t comma = t.find(',', start);
      std::string_view part = t.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
      part = util::py_strip(part);
      if (!part.empty()) terms.emplace_back(part);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }
  return terms;
}

std::vector<OrderField> parse_order(std::string_view order, const std::vector<std::string_view>& allowed) {
  std::vector<OrderField> out;
  std::size_t start = 0;
  while (start <= order.size()) {
    std::size_t comma = order.find(',', start);
    std::string_view part = order.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    part = util::py_strip(part);
    OrderField field;
    if (!part.empty() && part.front() == '-') {
      field.descending = true;
      part.remove_prefix(1);
    }
    for (auto name : allowed) {
      if (name == part) {
        field.name = std::string(part);
        out.push_back(field);
        break;
      }
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string state_name_from_filter(std::string_view value) {
  std::string out(value);
  for (char& c : out)
    if (c == '-') c = ' ';
  return out;
}

}  // namespace patchloom::api
