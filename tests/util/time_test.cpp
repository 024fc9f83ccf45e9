#include "patchloom/util/time.hpp"

#include <gtest/gtest.h>

using namespace patchloom::util;

TEST(Time, IsoFormatOmitsZeroMicroseconds) {
  auto t = from_civil(2016, 6, 1, 20, 0, 54);
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso(*t), "2016-06-01T20:00:54");
  EXPECT_EQ(format_iso(*t + 517705), "2016-06-01T20:00:54.517705");
  EXPECT_EQ(format_sql(*t), "2016-06-01 20:00:54");
}

TEST(Time, OutOfRangeFieldsRollOver) {
  // 31 Feb 2016 is 2 Mar 2016, and 24:00:00 is the next day (timegm arithmetic).
  EXPECT_EQ(format_iso(*from_civil(2016, 2, 31, 0, 0, 0)), "2016-03-02T00:00:00");
  EXPECT_EQ(format_iso(*from_civil(2016, 6, 1, 24, 0, 0)), "2016-06-02T00:00:00");
  EXPECT_FALSE(from_civil(207777777777LL, 1, 1, 0, 0, 0));  // overflows int64 microseconds (UBSan)
  EXPECT_FALSE(from_civil(-207777777777LL, 1, 1, 0, 0, 0));
  EXPECT_FALSE(from_civil(2016, 1, 1, 999'999'999'999LL, 0, 0));
  EXPECT_FALSE(from_civil(10000, 1, 1, 0, 0, 0));
}

TEST(Time, ParseRoundTrips) {
  auto t = parse_iso("2025-01-14T14:59:31.000120");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso(*t), "2025-01-14T14:59:31.000120");
  EXPECT_EQ(parse_iso("2025-01-14 14:59:31"), from_civil(2025, 1, 14, 14, 59, 31));
  EXPECT_EQ(parse_iso("2025-01-14"), from_civil(2025, 1, 14, 0, 0, 0));
  EXPECT_FALSE(parse_iso("2025-13-14"));
  EXPECT_FALSE(parse_iso("yesterday"));
}
