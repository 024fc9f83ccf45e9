#include "patchloom/util/time.hpp"

#include <chrono>
#include <cstdio>

namespace patchloom::util {

namespace {
constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kSecondsPerDay = 86'400;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
}  // namespace

// Howard Hinnant's days_from_civil, after normalising an out-of-range month.
std::int64_t days_from_civil(std::int64_t year, std::int64_t month, std::int64_t day) {
  year += floor_div(month - 1, 12);
  month = month - 12 * floor_div(month - 1, 12);
  year -= month <= 2 ? 1 : 0;
  const std::int64_t era = floor_div(year, 400);
  const std::int64_t yoe = year - era * 400;
  const std::int64_t mp = (month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime to_civil(Timestamp t) {
  const std::int64_t seconds = floor_div(t, kMicrosPerSecond);
  const std::int64_t micros = t - seconds * kMicrosPerSecond;
  const std::int64_t days = floor_div(seconds, kSecondsPerDay);
  const std::int64_t sod = seconds - days * kSecondsPerDay;
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return CivilTime{y, static_cast<int>(m), static_cast<int>(d), static_cast<int>(sod / 3600),
                   static_cast<int>(sod / 60 % 60), static_cast<int>(sod % 60), static_cast<int>(micros)};
}

std::optional<Timestamp> from_civil(std::int64_t year, std::int64_t month, std::int64_t day, std::int64_t hour,
                                    std::int64_t minute, std::int64_t second, std::int64_t microsecond) {
  // Guard the arithmetic against absurd inputs before multiplying.
  constexpr std::int64_t kLimit = 1'000'000'000'000LL;
  for (std::int64_t v : {year, month, day, hour, minute, second}) {
    if (v > kLimit || v < -kLimit) return std::nullopt;
  }
  const std::int64_t days = days_from_civil(year, month, day);
  // Years far outside 1..9999 still overflow int64 microseconds (UB, found
  // by UBSan): such a time is out of range, like any other beyond 9999.
  std::int64_t seconds = 0;
  Timestamp t = 0;
  if (__builtin_mul_overflow(days, kSecondsPerDay, &seconds) ||
      __builtin_add_overflow(seconds, hour * 3600 + minute * 60 + second, &seconds) ||
      __builtin_mul_overflow(seconds, kMicrosPerSecond, &t) || __builtin_add_overflow(t, microsecond, &t))
    return std::nullopt;
  const CivilTime c = to_civil(t);
  if (c.year < 1 || c.year > 9999) return std::nullopt;
  return t;
}

Timestamp now_utc() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
std::string format_with(Timestamp t, char separator) {
  const CivilTime c = to_civil(t);
  char buffer[48];
  int n = std::snprintf(buffer, sizeof buffer, "%04lld-%02d-%02d%c%02d:%02d:%02d", static_cast<long long>(c.year),
                        c.month, c.day, separator, c.hour, c.minute, c.second);
  if (c.microsecond != 0) {
    std::snprintf(buffer + n, sizeof buffer - static_cast<std::size_t>(n), ".%06d", c.microsecond);
  }
  return buffer;
}
}  // namespace

std::string format_iso(Timestamp t) { return format_with(t, 'T'); }
std::string format_sql(Timestamp t) { return format_with(t, ' '); }

std::optional<Timestamp> parse_iso(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0, us = 0;
  auto digits = [&](std::size_t pos, std::size_t count, int& out) {
    if (pos + count > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
  };
  if (!digits(0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(5, 2, mo) || s[7] != '-' || !digits(8, 2, d)) {
    return std::nullopt;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != ' ') || !digits(11, 2, h) || s.size() < 16 || s[13] != ':' || !digits(14, 2, mi)) {
      return std::nullopt;
    }
    std::size_t pos = 16;
    if (pos < s.size() && s[pos] == ':') {
      if (!digits(pos + 1, 2, se)) return std::nullopt;
      pos += 3;
    }
    if (pos < s.size() && s[pos] == '.') {
      std::size_t end = pos + 1;
      int value = 0, count = 0;
      while (end < s.size() && s[end] >= '0' && s[end] <= '9') {
        if (count < 6) { value = value * 10 + (s[end] - '0'); ++count; }
        ++end;
      }
      if (count == 0) return std::nullopt;
      while (count < 6) { value *= 10; ++count; }
      us = value;
      pos = end;
    }
    if (pos != s.size() || h > 23 || mi > 59 || se > 59) return std::nullopt;
  }
  return from_civil(y, mo, d, h, mi, se, us);
}

}  // namespace patchloom::util
