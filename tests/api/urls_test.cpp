#include <gtest/gtest.h>

#include "patchloom/api/urls.hpp"
#include "patchloom/api/version.hpp"

using namespace patchloom::api;

TEST(MsgidEncoding, SlashBecomesPercent252F) {
  // spec/api.md §1.5 [run] vector.
  EXPECT_EQ(encode_msgid_for_path("<patch.1/slash@example.com>"), "patch.1%252Fslash@example.com");
}

TEST(MsgidEncoding, KeepsSubDelimsAndEncodesTheRest) {
  EXPECT_EQ(encode_msgid_for_path("<a+b=c!$&'()*,;:@x~_.-y>"), "a+b=c!$&'()*,;:@x~_.-y");
  EXPECT_EQ(encode_msgid_for_path("<a b%c\"d#e?f>"), "a%20b%25c%22d%23e%3Ff");
  EXPECT_EQ(encode_msgid_for_path("<j\xc3\xb6rg@x>"), "j%C3%B6rg@x");
}

TEST(QuotePlus, PythonSafeSet) {
  EXPECT_EQ(quote_plus("2024-01-01T09:00:02"), "2024-01-01T09%3A00%3A02");
  EXPECT_EQ(quote_plus("a b/c@d,e<f~g_h.i-j"), "a+b%2Fc%40d%2Ce%3Cf~g_h.i-j");
}

TEST(ListArchiveUrl, FormatWithBareMsgid) {
  EXPECT_EQ(list_archive_url("https://lore.example.com/r/{}", "<patch.1/slash@example.com>"),
            "https://lore.example.com/r/patch.1/slash@example.com");
  EXPECT_EQ(list_archive_url("", "<a@b>"), std::nullopt);
}

TEST(LinkHeader, SpecExample) {
  // GET /api/patches/?per_page=1&page=2&project=test with 4 results.
  QueryList q = {{"per_page", "1"}, {"page", "2"}, {"project", "test"}};
  EXPECT_EQ(link_header("http://pw.example.com/api/patches/", q, 2, 4),
            "<http://pw.example.com/api/patches/?page=3&per_page=1&project=test>; rel=\"next\", "
            "<http://pw.example.com/api/patches/?per_page=1&project=test>; rel=\"prev\", "
            "<http://pw.example.com/api/patches/?page=1&per_page=1&project=test>; rel=\"first\", "
            "<http://pw.example.com/api/patches/?page=4&per_page=1&project=test>; rel=\"last\"");
}

TEST(LinkHeader, SinglePageAndBlankValues) {
  QueryList q = {{"since", "2024-01-01T09:00:02"}, {"project", ""}};
  EXPECT_EQ(link_header("http://h/api/events/", q, 1, 1),
            "<http://h/api/events/?page=1&project=&since=2024-01-01T09%3A00%3A02>; rel=\"first\", "
            "<http://h/api/events/?page=1&project=&since=2024-01-01T09%3A00%3A02>; rel=\"last\"");
}

TEST(LinkHeader, PrevOfPageTwoDropsPageAndEmptyQueryHasNoQuestionMark) {
  EXPECT_EQ(link_header("http://h/api/1.4/events/", {{"page", "2"}}, 2, 89),
            "<http://h/api/1.4/events/?page=3>; rel=\"next\", <http://h/api/1.4/events/>; rel=\"prev\", "
            "<http://h/api/1.4/events/?page=1>; rel=\"first\", <http://h/api/1.4/events/?page=89>; rel=\"last\"");
}

TEST(LinkHeader, RepeatedKeysKeepTheirOrderWithinTheKey) {
  QueryList q = {{"state", "rfc"}, {"archived", "0"}, {"state", "new"}};
  EXPECT_EQ(page_query(q, 2), "?archived=0&page=2&state=rfc&state=new");
}

TEST(Version, Segments) {
  EXPECT_EQ(parse_version_segment("1.0")->minor, 0);
  EXPECT_EQ(parse_version_segment("1.4")->minor, 4);
  EXPECT_FALSE(parse_version_segment("1.5"));
  EXPECT_FALSE(parse_version_segment("1x0"));
  EXPECT_FALSE(parse_version_segment("2.0"));
  EXPECT_EQ(parse_version_segment("1.2")->path_prefix(), "/api/1.2/");
  EXPECT_EQ(ApiVersion{}.path_prefix(), "/api/");
  EXPECT_TRUE(ApiVersion{}.at_least(4));
  EXPECT_FALSE(parse_version_segment("1.1")->at_least(2));
}
