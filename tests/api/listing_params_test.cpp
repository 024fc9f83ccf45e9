#include <gtest/gtest.h>

#include "patchloom/api/filters.hpp"
#include "patchloom/api/mail_headers.hpp"
#include "patchloom/api/pagination.hpp"

using namespace patchloom::api;
using patchloom::util::from_civil;

TEST(Pagination, PerPage) {
  EXPECT_EQ(parse_per_page(std::nullopt), 30);
  EXPECT_EQ(parse_per_page("5"), 5);
  EXPECT_EQ(parse_per_page("300"), 250);
  for (auto bad : {"0", "-1", "abc", "", "1.5"}) EXPECT_EQ(parse_per_page(bad), 30) << bad;
  // int() has no limit, so DRF clamps any positive number to 250 and falls
  // back to the default for any negative one, however many digits.
  EXPECT_EQ(parse_per_page("99999999999999999999"), 250);
  EXPECT_EQ(parse_per_page("-99999999999999999999"), 30);
  EXPECT_EQ(parse_python_int("9223372036854775807"), 9223372036854775807LL);
  EXPECT_FALSE(parse_python_int("9223372036854775808"));
}

TEST(Pagination, Pages) {
  EXPECT_EQ(resolve_page(std::nullopt, 30, 0)->last, 1);  // empty set: page 1 exists
  EXPECT_EQ(resolve_page("1", 30, 0)->number, 1);
  EXPECT_EQ(resolve_page("last", 30, 691)->number, 24);
  EXPECT_EQ(resolve_page("24", 30, 691)->offset(), 690);
  for (auto bad : {"0", "-1", "abc", "25", "2.0"}) EXPECT_FALSE(resolve_page(bad, 30, 691)) << bad;
  EXPECT_EQ(resolve_page(" 2 ", 30, 691)->number, 2);  // Python int() strips whitespace
}

TEST(Filters, Booleans) {
  EXPECT_EQ(parse_bool_filter("TRUE"), true);
  EXPECT_EQ(parse_bool_filter("1"), true);
  EXPECT_EQ(parse_bool_filter("False"), false);
  EXPECT_EQ(parse_bool_filter("0"), false);
  EXPECT_EQ(parse_bool_filter("yes"), std::nullopt);  // no filter, not empty
}

TEST(Filters, Datetimes) {
  EXPECT_EQ(parse_filter_datetime("2024-01-01"), from_civil(2024, 1, 1, 0, 0, 0));
  EXPECT_EQ(parse_filter_datetime("2024-01-01T09:00"), from_civil(2024, 1, 1, 9, 0, 0));
  EXPECT_EQ(parse_filter_datetime("2024-01-01 09:00:00.5"), from_civil(2024, 1, 1, 9, 0, 0, 500000));
  EXPECT_EQ(parse_filter_datetime("2024-01-01T09:00:02Z"), from_civil(2024, 1, 1, 9, 0, 2));
  EXPECT_EQ(parse_filter_datetime("2024-01-01T09:00:02+02:00"), from_civil(2024, 1, 1, 7, 0, 2));
  for (auto bad : {"", "yesterday", "2024-13-01", "2024-02-30", "2024-01-01T25:00"})
    EXPECT_FALSE(parse_filter_datetime(bad)) << bad;
  // Python's timezone() takes offsets under a day only.
  EXPECT_EQ(parse_filter_datetime("2024-01-01T09:00-23:59"), from_civil(2024, 1, 2, 8, 59, 0));
  EXPECT_FALSE(parse_filter_datetime("2024-01-01T09:00+24:00"));
  EXPECT_FALSE(parse_filter_datetime("2024-01-01T09:00-2360"));
}

TEST(Filters, SearchTerms) {
  EXPECT_EQ(search_terms("foo  bar"), (std::vector<std::string>{"foo", "bar"}));
  EXPECT_EQ(search_terms("\"foo bar\" baz"), (std::vector<std::string>{"foo bar", "baz"}));
  EXPECT_EQ(search_terms("a,b, c"), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Filters, Order) {
  auto order = parse_order("-date,bogus,name", {"id", "name", "date"});
  ASSERT_EQ(order.size(), 2u);
  EXPECT_EQ(order[0].name, "date");
  EXPECT_TRUE(order[0].descending);
  EXPECT_EQ(order[1].name, "name");
  EXPECT_FALSE(order[1].descending);
  EXPECT_TRUE(parse_order("bogus", {"id"}).empty());
}

TEST(Filters, StateNames) { EXPECT_EQ(state_name_from_filter("under-review"), "under review"); }

TEST(MailHeaders, GroupsRepeatsAndKeepsFolding) {
  // spec/api.md §4.3 captured example, plus a value starting on the next line.
  auto headers = parse_header_block(
      "Received: from a.example.com by b.example.com\n"
      "X-Long-Header: this is a long header value that is folded\n onto a second line\n"
      "received: from c.example.com by d.example.com\n"
      "Return-Path:\n <bounce@example.com>\n"
      "Subject:   spaced\n");
  ASSERT_EQ(headers.size(), 5u);
  EXPECT_EQ(headers[0].name, "Received");
  EXPECT_EQ(headers[0].values,
            (std::vector<std::string>{"from a.example.com by b.example.com", "from c.example.com by d.example.com"}));
  EXPECT_EQ(headers[1].values, std::vector<std::string>{"this is a long header value that is folded\n onto a second line"});
  EXPECT_EQ(headers[2].name, "received");
  EXPECT_EQ(headers[2].values.size(), 2u);
  EXPECT_EQ(headers[3].values, std::vector<std::string>{"\n <bounce@example.com>"});
  EXPECT_EQ(headers[4].values, std::vector<std::string>{"spaced"});
}

TEST(MailHeaders, StopsAtTheFirstNonHeaderLine) {
  auto headers = parse_header_block("A: 1\nnot a header\nB: 2\n");
  ASSERT_EQ(headers.size(), 1u);
  EXPECT_TRUE(parse_header_block("").empty());
}

TEST(Prefixes, FromStoredName) {
  EXPECT_EQ(name_prefixes("[v2,1/2] widgets: add frobnicator"), (std::vector<std::string>{"v2", "1/2"}));
  EXPECT_EQ(name_prefixes("[PATCH 1 of 2] x"), (std::vector<std::string>{"1 of 2"}));
  EXPECT_TRUE(name_prefixes("no prefixes").empty());
}
