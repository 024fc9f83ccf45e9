#pragma once
// Points in time as Patchwork stores them: naive UTC datetimes. We keep them
// as microseconds since the Unix epoch (UTC) in a plain integer, which sorts,
// compares and stores cheaply in both databases.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace patchloom::util {

using Timestamp = std::int64_t;  // microseconds since 1970-01-01T00:00:00 UTC

struct CivilTime {
  std::int64_t year;
  int month;   // 1..12
  int day;     // 1..31
  int hour;
  int minute;
  int second;
  int microsecond;
};

// Days since the epoch for a proleptic Gregorian date; month/day may be out of
// range and roll over arithmetically (31 Feb -> 2 or 3 Mar), as timegm does.
std::int64_t days_from_civil(std::int64_t year, std::int64_t month, std::int64_t day);
CivilTime to_civil(Timestamp t);
// Returns nullopt when the result does not fit datetime's range (years 1..9999).
std::optional<Timestamp> from_civil(std::int64_t year, std::int64_t month, std::int64_t day,
                                    std::int64_t hour, std::int64_t minute, std::int64_t second,
                                    std::int64_t microsecond = 0);

Timestamp now_utc();

// Python's naive datetime.isoformat(): "YYYY-MM-DDTHH:MM:SS" plus ".ffffff"
// only when the microseconds are not zero. This is the API's date format.
std::string format_iso(Timestamp t);
// "YYYY-MM-DD HH:MM:SS[.ffffff]" (the database's text form; sorts correctly).
std::string format_sql(Timestamp t);
// Parses either of the two forms above (and a bare "YYYY-MM-DD").
std::optional<Timestamp> parse_iso(std::string_view s);

}  // namespace patchloom::util
