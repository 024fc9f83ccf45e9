// Vectors below were produced by running CPython 3.11's email / binascii /
// uu code on the same input (spec/parser.md §2.1 names those functions).
#include "patchloom/mail/transfer_encoding.hpp"

#include <gtest/gtest.h>

namespace patchloom::mail {
namespace {

TEST(Base64Lenient, DecodesAcrossLines) {
  EXPECT_EQ(decode_base64_lenient("Y2Fm\r\nw6k=\n"), "caf\xc3\xa9");
  EXPECT_EQ(decode_base64_lenient("Y2Fmw6k="), "caf\xc3\xa9");
}

TEST(Base64Lenient, SkipsCharactersOutsideTheAlphabet) {
  EXPECT_EQ(decode_base64_lenient("Y*W*J*j"), "abc");
  EXPECT_EQ(decode_base64_lenient("YW=Jj"), "abc");         // a pad that does not complete a quad is ignored
  EXPECT_EQ(decode_base64_lenient("YW=JjYW=Jj"), "abcabc");  // and a data character resets the pad count
  EXPECT_EQ(decode_base64_lenient("Y=WJj"), "abc");
}

TEST(Base64Lenient, StopsAtCompletedPadding) {
  EXPECT_EQ(decode_base64_lenient("YW==YWJj"), "a");
  EXPECT_EQ(decode_base64_lenient("YWJ=j==YQ=="), "ab");
  EXPECT_EQ(decode_base64_lenient("YWJj=YWJj"), "abcabc");  // '=' at a quad boundary is ignored
}

TEST(Base64Lenient, ToleratesMissingPadding) {
  EXPECT_EQ(decode_base64_lenient("YWJjZA"), "abcd");
  EXPECT_EQ(decode_base64_lenient("YWJjZGU"), "abcde");
}

TEST(Base64Lenient, OneLeftoverCharacterReturnsTheInput) {
  EXPECT_EQ(decode_base64_lenient("Y"), "Y");
  EXPECT_EQ(decode_base64_lenient("YWJj\nZ\n"), "YWJjZ");
}

TEST(QuotedPrintable, BinasciiA2bQp) {
  EXPECT_EQ(decode_quoted_printable("a=\r\nb"), "ab");
  EXPECT_EQ(decode_quoted_printable("a=  \nb"), "a=  \nb");  // whitespace after '=' is no soft break
  EXPECT_EQ(decode_quoted_printable("a==41"), "a=41");
  EXPECT_EQ(decode_quoted_printable("a=4"), "a=4");
  EXPECT_EQ(decode_quoted_printable("a="), "a");
  EXPECT_EQ(decode_quoted_printable("a=4g"), "a=4g");
  EXPECT_EQ(decode_quoted_printable("a=\rxx\nb"), "ab");
  EXPECT_EQ(decode_quoted_printable("=41=4a=4A"), "AJJ");
  EXPECT_EQ(decode_quoted_printable("caf=C3=A9 soft=\nbreak\n"), "caf\xc3\xa9 softbreak\n");
}

TEST(Uuencode, DecodesAfterTheBeginLine) {
  EXPECT_EQ(decode_uuencode("begin 644 f\n#86)C\n`\nend\n"), "abc");
  EXPECT_EQ(decode_uuencode("junk\nbegin 0o644 name with spaces\n#86)C\nend"), "abc");
  EXPECT_EQ(decode_uuencode("begin 644 f\r\n#86)C   \r\nend\r\n"), "abc");
  EXPECT_EQ(decode_uuencode("begin 644 f\n#86)C\n"), "abc");  // no end line is fine
  EXPECT_EQ(decode_uuencode("begin 644 f\n#86\n"), std::string("a`\0", 3));  // short line padded with zeros
}

TEST(Uuencode, TrailingGarbageFallsBackToTheLengthByte) {
  EXPECT_EQ(decode_uuencode("begin 644 f\n#86)Cxx\nend\n"), "abc");
}

TEST(Uuencode, UndecodableKeepsThePayload) {
  EXPECT_EQ(decode_uuencode("#86)C\nend\n"), "#86)C\nend\n");
  EXPECT_EQ(decode_uuencode("begin xyz f\n#86)C\nend\n"), "begin xyz f\n#86)C\nend\n");
  EXPECT_EQ(decode_uuencode("begin 644 f\n\nend\n"), "begin 644 f\n\nend\n");  // empty line: truncated
}

TEST(TransferEncoding, DispatchesOnTheLowerCasedHeaderValue) {
  EXPECT_EQ(decode_transfer_encoding("Y2Fm\n", "BASE64"), "caf");
  EXPECT_EQ(decode_transfer_encoding("Y2Fm\n", "base64 "), "Y2Fm\n");  // not stripped, as in Python
  EXPECT_EQ(decode_transfer_encoding("a=41\r\n", "Quoted-Printable"), "aA\r\n");
  EXPECT_EQ(decode_transfer_encoding("begin 644 f\n#86)C\nend\n", "x-uue"), "abc");
  EXPECT_EQ(decode_transfer_encoding("a=41\r\n", "8bit"), "a=41\r\n");
  EXPECT_EQ(decode_transfer_encoding("a=41\r\n", ""), "a=41\r\n");
}

}  // namespace
}  // namespace patchloom::mail
