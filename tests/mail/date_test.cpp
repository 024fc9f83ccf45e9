#include "patchloom/mail/date.hpp"

#include <gtest/gtest.h>

#include <string>

#include "patchloom/util/time.hpp"

namespace patchloom::mail {
namespace {

std::string parsed(std::string_view date) {
  const auto t = parse_mail_date(date);
  return t ? util::format_sql(*t) : "now";
}

// spec/parser.md §2.7 vectors.
TEST(ParseMailDate, SpecVectors) {
  EXPECT_EQ(parsed("Wed, 1 Jun 2016 22:00:54 +0200"), "2016-06-01 20:00:54");
  EXPECT_EQ(parsed("Wed,  1 Jun 2016 22:00:54 +0200 (CEST)"), "2016-06-01 20:00:54");
  EXPECT_EQ(parsed("1 Jun 2016 22:00:54 +0200"), "2016-06-01 20:00:54");
  EXPECT_EQ(parsed("Jun 1 2016 22:00:54 +0200"), "2016-06-01 20:00:54");
  EXPECT_EQ(parsed("Wed, 1 Jun 16 22:00:54 +0200"), "2016-06-01 20:00:54");
  EXPECT_EQ(parsed("Wed, 1 Jun 99 22:00:54 +0200"), "1999-06-01 20:00:54");
  EXPECT_EQ(parsed("Wed, 1 Jun 2016 22:00 +0200"), "2016-06-01 20:00:00");
  EXPECT_EQ(parsed("Wed, 1 Jun 2016 22:00:54 EST"), "2016-06-02 03:00:54");
  EXPECT_EQ(parsed("Wed, 1 Jun 2016 22:00:54 PDT"), "2016-06-02 05:00:54");
  for (const char* zone : {"", " -0000", " XYZ", " +02:00", " +0200x"}) {
    EXPECT_EQ(parsed(std::string("Wed, 1 Jun 2016 22:00:54") + zone), "2016-06-01 22:00:54") << zone;
  }
  EXPECT_EQ(parsed("Wed 1 Jun 2016 22.00.54 +0200"), "2016-06-01 20:00:54");
  EXPECT_EQ(parsed("Wed, 1 June 2016 22:00:54 +0200"), "2016-06-01 20:00:54");
  EXPECT_EQ(parsed("Wed, 1 Jun 2016 24:00:00 +0000"), "2016-06-02 00:00:00");
  EXPECT_EQ(parsed("2016-06-01T22:00:54Z"), "now");
  EXPECT_EQ(parsed("Wg>"), "now");
  EXPECT_EQ(parsed(""), "now");
}

TEST(ParseMailDate, FieldsRollOverArithmetically) {
  EXPECT_EQ(parsed("31 Feb 2016 00:00:00 +0000"), "2016-03-02 00:00:00");
  EXPECT_EQ(parsed("1 Jun 2016 22:00:54 0200"), "2016-06-01 20:00:54");  // unsigned offset
}

// spec/parser.md §2.9: the fuzz corpus dates all fall back to now.
TEST(ParseMailDate, AbsurdFieldsGiveNow) {
  EXPECT_EQ(parsed(", 11 Sep 2016 23:20407080403080105:04 +0100"), "now");
  EXPECT_EQ(parsed("Wed, 4 Jun 207777777777777777777714 17:50:46 0"), "now");
  EXPECT_EQ(parsed(", 11 Sep 2016 23:22:904070804030804 +0100"), "now");
}

}  // namespace
}  // namespace patchloom::mail
