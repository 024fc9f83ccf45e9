#include "py_int.hpp"

#include <glib.h>

#include <limits>

#include "patchloom/util/text.hpp"

namespace patchloom::parse::detail {

namespace {

// The digit value of the code point at s[i] (advancing i), or -1.
int next_digit(std::string_view s, std::size_t& i) {
  const auto byte = static_cast<unsigned char>(s[i]);
  if (byte < 0x80) {
    if (byte < '0' || byte > '9') return -1;
    ++i;
    return byte - '0';
  }
  std::size_t next = i;
  const char32_t cp = util::next_code_point(s, next);
  const int value = g_unichar_digit_value(static_cast<gunichar>(cp));
  if (value >= 0) i = next;
  return value;
}

}  // namespace

bool read_digits(std::string_view s, std::size_t& pos, std::int64_t* value, std::string* decimal) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::size_t i = pos;
  std::int64_t total = 0;
  bool any = false;
  if (decimal != nullptr) decimal->clear();
  while (i < s.size()) {
    const int digit = next_digit(s, i);
    if (digit < 0) break;
    any = true;
    total = total > (kMax - digit) / 10 ? kMax : total * 10 + digit;
    if (decimal != nullptr && !(decimal->empty() && digit == 0)) decimal->push_back(static_cast<char>('0' + digit));
  }
  if (!any) return false;
  if (decimal != nullptr && decimal->empty()) decimal->push_back('0');
  if (value != nullptr) *value = total;
  pos = i;
  return true;
}

std::int64_t digits_value(std::string_view digits) {
  std::size_t pos = 0;
  std::int64_t value = 0;
  read_digits(digits, pos, &value);
  return value;
}

}  // namespace patchloom::parse::detail
