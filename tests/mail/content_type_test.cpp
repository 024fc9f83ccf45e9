// Expected values are what CPython 3.11's email.message.Message gives for
// the same Content-Type value (get_param, get_content_charset, get_boundary).
#include "patchloom/mail/content_type.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace patchloom::mail {
namespace {

TEST(ContentType, TypeRules) {
  EXPECT_EQ(parse_content_type(std::nullopt).type, "text/plain");
  EXPECT_EQ(parse_content_type(std::nullopt, "message/rfc822").maintype, "message");
  EXPECT_EQ(parse_content_type(" Multipart/Mixed ; boundary=x").type, "multipart/mixed");
  EXPECT_EQ(parse_content_type("text").type, "text/plain");
  EXPECT_EQ(parse_content_type("").type, "text/plain");
  const ContentType garbage = parse_content_type("text/");
  EXPECT_EQ(garbage.maintype, "text");
  EXPECT_EQ(garbage.subtype, "");
  // 8-bit bytes read as U+FFFD, as str() of Python's unknown-8bit header.
  EXPECT_EQ(parse_content_type("text/pla\x80n").subtype, "pla\xef\xbf\xbdn");
}

TEST(ContentType, Parameters) {
  EXPECT_EQ(content_boundary("multipart/mixed; boundary=\"a;b\"; charset=UTF-8"), "a;b");
  EXPECT_EQ(content_charset("multipart/mixed; boundary=\"a;b\"; charset=UTF-8"), "utf-8");
  EXPECT_EQ(header_param("text/plain; name=\"x\\\";y\"; charset=utf-8", "name"), "x\";y");
  EXPECT_EQ(content_charset("text/plain; name=\"x\\\";y\"; charset=utf-8"), "utf-8");
  EXPECT_EQ(content_charset("text/plain; charset=\"utf-8\"; charset=latin1"), "utf-8");  // the first wins
  EXPECT_EQ(content_charset("text/plain; CHARSET = \"Big5\" "), "big5");
  EXPECT_EQ(header_param("text/plain; foo; charset", "charset"), "");
  EXPECT_EQ(header_param("text/plain; foo; charset", "foo"), "");
  EXPECT_EQ(header_param("text/plain", "charset"), std::nullopt);
}

TEST(ContentType, Rfc2231Parameters) {
  EXPECT_EQ(content_charset("text/plain; charset*0=ut; charset*1=f-8"), "utf-8");
  // Plain parameters come before RFC 2231 ones, so they win.
  EXPECT_EQ(content_charset("text/plain; charset*=utf-8'en'%75tf-8; charset=ascii"), "ascii");
  EXPECT_EQ(content_charset("text/plain; charset*=utf-8'en'%75tf-8"), "utf-8");
}

TEST(ContentType, BoundaryIsUnquotedTwiceAndRightStripped) {
  EXPECT_EQ(content_boundary("text/plain; boundary=\"<q>\""), "q");
  EXPECT_EQ(content_boundary("multipart/mixed; boundary=\"\\\"x\\\"\""), "x");
  EXPECT_EQ(content_boundary("multipart/mixed; boundary= \"b \" "), "b");
  EXPECT_EQ(content_boundary("multipart/mixed"), std::nullopt);
}

TEST(ContentType, LongHostileHeadersStayFast) {
  std::string quotes = "text/plain";
  for (int i = 0; i < 100000; ++i) quotes += "\";";
  std::string names = "text/plain";
  for (int i = 0; i < 50000; ++i) names += "; p" + std::to_string(i) + "*=x";
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(content_charset(quotes), std::nullopt);
  EXPECT_EQ(content_charset(names), std::nullopt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
}  // namespace patchloom::mail
