#include "patchloom/api/pagination.hpp"

#include <cstdint>
#include <limits>

namespace patchloom::api {

namespace {

bool is_py_int_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Python int(); nullopt when it would raise. Python has no limit: values
// beyond long long set `overflow` and saturate to its limits.
std::optional<long long> parse_python_int(std::string_view text, bool& overflow) {
  while (!text.empty() && is_py_int_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_py_int_space(text.back())) text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty() || text.front() == '_' || text.back() == '_') return std::nullopt;
  constexpr long long kMax = std::numeric_limits<long long>::max();
  long long value = 0;
  overflow = false;
  char previous = 0;
  for (char c : text) {
    if (c == '_') {
      if (previous == '_') return std::nullopt;
    } else if (c >= '0' && c <= '9') {
      if (overflow || value > (kMax - (c - '0')) / 10)
        overflow = true;
      else
        value = value * 10 + (c - '0');
    } else {
      return std::nullopt;
    }
    previous = c;
  }
  if (overflow) return negative ? std::numeric_limits<long long>::min() : kMax;
  return negative ? -value : value;
}

}  // namespace

std::optional<long long> parse_python_int(std::string_view text) {
  bool overflow = false;
  auto value = parse_python_int(text, overflow);
  if (overflow) return std::nullopt;
  return value;
}

long long parse_per_page(std::optional<std::string_view> per_page) {
  if (!per_page) return kDefaultPerPage;
  // DRF clamps any positive int() to the maximum, however many digits.
  bool overflow = false;
  auto n = parse_python_int(*per_page, overflow);
  if (!n || *n <= 0) return kDefaultPerPage;
  return *n > kMaxPerPage ? kMaxPerPage : *n;
}

std::optional<Page> resolve_page(std::optional<std::string_view> page, long long per_page, long long count) {
  Page out;
  out.per_page = per_page;
  out.last = count == 0 ? 1 : (count + per_page - 1) / per_page;
  if (!page) return out;
  if (*page == "last") {
    out.number = out.last;
    return out;
  }
  auto n = parse_python_int(*page);
  if (!n || *n < 1 || *n > out.last) return std::nullopt;
  out.number = *n;
  return out;
}

}  // namespace patchloom::api
