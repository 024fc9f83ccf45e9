// parse_mail_date (spec/parser.md §2.7) on arbitrary text.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "patchloom/mail/date.hpp"
#include "patchloom/mail/header_decode.hpp"
#include "patchloom/util/time.hpp"

namespace {

using namespace patchloom;

void check_date(std::string_view value) {
  const auto date = mail::parse_mail_date(value);
  if (date) {
    // datetime's range: 0001-01-01 to 9999-12-31 23:59:59.
    static const util::Timestamp kMin = *util::from_civil(1, 1, 1, 0, 0, 0);
    static const util::Timestamp kMax = *util::from_civil(9999, 12, 31, 23, 59, 59);
    PATCHLOOM_FUZZ_CHECK(*date >= kMin && *date <= kMax);
    PATCHLOOM_FUZZ_CHECK(*date % 1000000 == 0);  // parsedate_tz has whole seconds
    const util::CivilTime civil = util::to_civil(*date);
    PATCHLOOM_FUZZ_CHECK(util::from_civil(civil.year, civil.month, civil.day, civil.hour, civil.minute,
                                          civil.second) == date);
    PATCHLOOM_FUZZ_CHECK(util::format_iso(*date).size() == 19);
  }
  // parsedate_tz starts with str.split(): surrounding whitespace is ignored.
  PATCHLOOM_FUZZ_CHECK(mail::parse_mail_date(" \t" + std::string(value) + "\n ") == date);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  check_date(raw);
  if (const auto cleaned = mail::clean_header(raw)) check_date(*cleaned);
  return 0;
}
