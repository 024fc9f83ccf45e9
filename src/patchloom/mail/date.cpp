#include "patchloom/mail/date.hpp"

#include <glib.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "patchloom/util/text.hpp"

namespace patchloom::mail {

namespace {

__extension__ typedef __int128 Int;  // Python ints are unbounded; this is wide enough for any int64 field

enum class IntStatus { kOk, kInvalid, kOverflow };

struct PyInt {
  IntStatus status = IntStatus::kInvalid;
  std::int64_t value = 0;
};

// Python's int(str) for a token without surrounding whitespace: an optional
// sign, then Unicode decimal digits with single underscores between them.
PyInt py_int(std::string_view s) {
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  Int value = 0;
  bool overflow = false;
  bool any_digit = false;
  bool last_underscore = false;
  while (i < s.size()) {
    if (s[i] == '_') {
      if (!any_digit || last_underscore) return {};
      last_underscore = true;
      ++i;
      continue;
    }
    const char32_t cp = util::next_code_point(s, i);
    const int digit = g_unichar_digit_value(static_cast<gunichar>(cp));
    if (digit < 0) return {};
    any_digit = true;
    last_underscore = false;
    if (!overflow) {
      value = value * 10 + digit;
      if (value > INT64_MAX) overflow = true;
    }
  }
  if (!any_digit || last_underscore) return {};
  if (overflow) return {IntStatus::kOverflow, 0};
  return {IntStatus::kOk, static_cast<std::int64_t>(negative ? -value : value)};
}

constexpr std::array<std::string_view, 24> kMonthNames = {
    "jan",     "feb",      "mar",   "apr",   "may",  "jun",  "jul",    "aug",
    "sep",     "oct",      "nov",   "dec",   "january", "february", "march", "april",
    "may",     "june",     "july",  "august", "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kDayNames = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

int month_number(std::string_view lowered) {
  for (std::size_t i = 0; i < kMonthNames.size(); ++i) {
    if (kMonthNames[i] == lowered) return static_cast<int>(i % 12) + 1;
  }
  return 0;
}

// Offsets as ±HHMM, the way _parsedate_tz writes them.
std::optional<std::int64_t> named_zone(std::string_view upper) {
  static constexpr std::pair<std::string_view, int> kZones[] = {
      {"UT", 0},      {"UTC", 0},     {"GMT", 0},     {"Z", 0},       {"AST", -400},
      {"ADT", -300},  {"EST", -500},  {"EDT", -400},  {"CST", -600},  {"CDT", -500},
      {"MST", -700},  {"MDT", -600},  {"PST", -800},  {"PDT", -700},
  };
  for (const auto& [name, offset] : kZones) {
    if (name == upper) return offset;
  }
  return std::nullopt;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool first_is_digit(std::string_view s) {
  std::size_t i = 0;
  return !s.empty() && g_unichar_isdigit(static_cast<gunichar>(util::next_code_point(s, i)));
}

std::vector<std::string_view> split_on(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return out;
    start = pos + 1;
  }
}

void drop_trailing_comma(std::string_view& s) {
  if (!s.empty() && s.back() == ',') s.remove_suffix(1);
}

struct Fields {
  std::int64_t year, month, day, hour, minute, second;
  Int offset_seconds;
};

// email.utils._parsedate_tz; nullopt when it returns None. `overflow` is set
// when an integer is too large for the conversion that follows.
std::optional<Fields> parsedate_tz(std::string_view data, bool& overflow) {
  std::vector<std::string_view> tokens = util::py_split(data);
  if (tokens.empty()) return std::nullopt;
  const std::string first_lower = util::ascii_lower(tokens[0]);
  if (tokens[0].back() == ',' ||
      std::find(kDayNames.begin(), kDayNames.end(), first_lower) != kDayNames.end()) {
    tokens.erase(tokens.begin());
  } else if (const std::size_t comma = tokens[0].rfind(','); comma != std::string_view::npos) {
    tokens[0] = tokens[0].substr(comma + 1);
  }
  if (tokens.size() == 3) {  // RFC 850: dd-mon-yy
    const auto stuff = split_on(tokens[0], '-');
    if (stuff.size() == 3) {
      std::vector<std::string_view> rebuilt(stuff.begin(), stuff.end());
      rebuilt.insert(rebuilt.end(), tokens.begin() + 1, tokens.end());
      tokens = std::move(rebuilt);
    }
  }
  if (tokens.size() == 4) {
    const std::string_view s = tokens[3];
    std::size_t i = s.find('+');
    if (i == std::string_view::npos) i = s.find('-');
    if (i != std::string_view::npos && i > 0) {
      tokens[3] = s.substr(0, i);
      tokens.push_back(s.substr(i));
    } else {
      tokens.push_back(std::string_view{});  // no zone
    }
  }
  if (tokens.size() < 5) return std::nullopt;
  std::string_view dd = tokens[0], mm = tokens[1], yy = tokens[2], tm = tokens[3], tz = tokens[4];
  if (dd.empty() || mm.empty() || yy.empty()) return std::nullopt;
  int month = month_number(util::ascii_lower(mm));
  if (month == 0) {
    std::swap(dd, mm);
    month = month_number(util::ascii_lower(mm));
    if (month == 0) return std::nullopt;
  }
  drop_trailing_comma(dd);
  if (const std::size_t colon = yy.find(':'); colon != std::string_view::npos && colon > 0) std::swap(yy, tm);
  if (yy.back() == ',') {
    yy.remove_suffix(1);
    if (yy.empty()) return std::nullopt;
  }
  if (!first_is_digit(yy)) std::swap(yy, tz);
  drop_trailing_comma(tm);
  std::vector<std::string_view> hms = split_on(tm, ':');
  if (hms.size() == 1 && tm.find('.') != std::string_view::npos) hms = split_on(tm, '.');
  if (hms.size() == 2) hms.push_back("0");
  if (hms.size() != 3) return std::nullopt;

  std::array<PyInt, 5> ints = {py_int(yy), py_int(dd), py_int(hms[0]), py_int(hms[1]), py_int(hms[2])};
  for (const PyInt& v : ints) {
    if (v.status == IntStatus::kInvalid) return std::nullopt;
  }
  for (const PyInt& v : ints) {
    if (v.status == IntStatus::kOverflow) overflow = true;
  }
  std::int64_t year = ints[0].value;
  if (year < 100) year += year > 68 ? 1900 : 2000;

  Int offset = 0;  // unknown, missing, malformed and -0000 all mean UTC
  const std::string tz_upper = ascii_upper(tz);
  if (const auto named = named_zone(tz_upper)) {
    offset = *named;
  } else if (const PyInt v = py_int(tz_upper); v.status == IntStatus::kOk) {
    offset = v.value;
  } else if (v.status == IntStatus::kOverflow) {
    overflow = true;
  }
  const Int magnitude = offset < 0 ? -offset : offset;
  const Int seconds = (magnitude / 100) * 3600 + (magnitude % 100) * 60;
  return Fields{year, month, ints[1].value, ints[2].value, ints[3].value, ints[4].value,
                offset < 0 ? -seconds : seconds};
}

}  // namespace

std::optional<util::Timestamp> parse_mail_date(std::string_view cleaned_date) {
  bool overflow = false;
  const auto f = parsedate_tz(cleaned_date, overflow);
  if (!f || overflow) return std::nullopt;
  // calendar.timegm builds datetime.date(year, month, 1): the year must be
  // valid, every other field rolls over arithmetically.
  if (f->year < 1 || f->year > 9999) return std::nullopt;
  const Int days = Int{util::days_from_civil(f->year, f->month, 1)} + f->day - 1;
  const Int seconds = ((days * 24 + f->hour) * 60 + f->minute) * 60 + f->second - f->offset_seconds;
  // datetime.utcfromtimestamp's range: 0001-01-01 .. 9999-12-31 23:59:59.
  constexpr Int kMin = -62135596800;
  constexpr Int kMax = 253402300799;
  if (seconds < kMin || seconds > kMax) return std::nullopt;
  return static_cast<util::Timestamp>(seconds) * 1000000;
}

}  // namespace patchloom::mail
