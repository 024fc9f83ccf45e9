#include "patchloom/mail/charset.hpp"

#include <gtest/gtest.h>

#include <string>

namespace patchloom::mail {
namespace {

// Expected names are what CPython 3.11's codecs.lookup(name).name reports.
TEST(PythonCodec, ResolvesAliasesLikePython) {
  const std::pair<const char*, const char*> cases[] = {
      {"UTF-8", "utf-8"},          {"utf8", "utf-8"},           {"U8", "utf-8"},
      {"us-ascii", "ascii"},       {"ASCII", "ascii"},          {"latin1", "iso8859-1"},
      {"Latin-1", "iso8859-1"},    {"latin_1", "iso8859-1"},    {"iso-8859-15", "iso8859-15"},
      {"ISO_8859-2", "iso8859-2"}, {"iso8859_16", "iso8859-16"}, {"windows-1252", "cp1252"},
      {"cp1252", "cp1252"},        {"WINDOWS 1251", "cp1251"},  {"koi8-r", "koi8-r"},
      {"KOI8_U", "koi8-u"},        {"gb2312", "gb2312"},        {"GBK", "gbk"},
      {"gb18030", "gb18030"},      {"big5", "big5"},            {"euc-jp", "euc_jp"},
      {"shift_jis", "shift_jis"},  {"sjis", "shift_jis"},       {"iso-2022-jp", "iso2022_jp"},
      {"euc-kr", "euc_kr"},        {"utf-16", "utf-16"},        {"UTF-32LE", "utf-32-le"},
      {"eucgb2312_cn", "gb2312"},  {"big5_tw", "big5"},         {"ks_c_5601-1987", "euc_kr"},
  };
  for (const auto& [name, expected] : cases) {
    EXPECT_EQ(python_codec(name), std::optional<std::string>(expected)) << name;
  }
}

TEST(PythonCodec, RejectsUnknownAndNulNames) {
  EXPECT_EQ(python_codec("x-unknown"), std::nullopt);
  // An RFC 2231 language suffix is not understood by Python's codec lookup.
  EXPECT_EQ(python_codec("utf-8*en"), std::nullopt);
  EXPECT_EQ(python_codec(std::string("u\0\0\0d", 5)), std::nullopt);
  EXPECT_EQ(python_codec(""), std::nullopt);
}

TEST(DecodeStrict, MatchesPythonStrictDecoding) {
  EXPECT_EQ(decode_strict("caf\xC3\xA9", "utf-8"), "caf\xC3\xA9");
  EXPECT_EQ(decode_strict("caf\xE9", "latin1"), "caf\xC3\xA9");
  EXPECT_EQ(decode_strict("\x93q\x94", "windows-1252"), "\xE2\x80\x9Cq\xE2\x80\x9D");
  EXPECT_EQ(decode_strict("\xC4\xE3\xBA\xC3", "gb2312"), "\xE4\xBD\xA0\xE5\xA5\xBD");
  EXPECT_EQ(decode_strict("\xD2\xBB", "koi8-r"), "\xD1\x80\xE2\x95\xA9");
  EXPECT_EQ(decode_strict("\x1B$B$\"\x1B(B", "iso-2022-jp"), "\xE3\x81\x82");
  EXPECT_EQ(decode_strict("\x82\xA0", "shift_jis"), "\xE3\x81\x82");
  EXPECT_EQ(decode_strict("\xA4\xA2", "euc-jp"), "\xE3\x81\x82");
  EXPECT_EQ(decode_strict("\xB0\xA1", "euc-kr"), "\xEA\xB0\x80");
  EXPECT_EQ(decode_strict("\xA4@", "big5"), "\xE4\xB8\x80");
}

TEST(DecodeStrict, FollowsPythonTablesWhereGlibcDiffers) {
  EXPECT_EQ(decode_strict("\\\x82\xA0~", "shift_jis"), "\\\xE3\x81\x82~");  // not yen sign, overline
  EXPECT_EQ(decode_strict("\xB0\xA1\x93", "euc-kr"), std::nullopt);           // stray C1 byte
  EXPECT_EQ(decode_strict("\xA5\xA6", "koi8-u"), "\xE2\x95\x94\xD1\x96");
  EXPECT_EQ(decode_strict("\xF0", "mac_roman"), "\xEF\xA3\xBF");  // Apple logo, U+F8FF
}

TEST(DecodeStrict, Big5FollowsPythonWhereGlibcDiffers) {
  EXPECT_EQ(decode_strict("\xA1\x45", "big5"), "\xE2\x80\xA2");  // bullet, not hyphenation point
  EXPECT_EQ(decode_strict("\xC6\xA6", "big5"), "\xE3\x81\x82");  // kana, not private use
  EXPECT_EQ(decode_strict("\xA4@", "big5"), "\xE4\xB8\x80");
  EXPECT_EQ(decode_strict("\xF9\xD6", "big5"), std::nullopt);       // ETEN extension: Python rejects
  EXPECT_EQ(encode_strict("\xE2\x80\xA2", "big5"), "\xA1\x45");
}

TEST(EncodeStrict, ReversesDecoding) {
  EXPECT_EQ(encode_strict("caf\xC3\xA9", "iso-8859-1"), "caf\xE9");
  EXPECT_EQ(encode_strict("\xE2\x95\x94\xD1\x96", "koi8-u"), "\xA5\xA6");
  EXPECT_EQ(encode_strict("\xE3\x81\x82", "iso-2022-jp"), "\x1B$B$\"\x1B(B");
  EXPECT_EQ(encode_strict("caf\xC3\xA9", "us-ascii"), std::nullopt);
  EXPECT_EQ(encode_strict("\xE2\x82\xAC", "iso-8859-1"), std::nullopt);
}

TEST(DecodeStrict, Utf16FollowsPythonByteOrderRules) {
  EXPECT_EQ(decode_strict(std::string("\xFF\xFE" "a\0", 4), "utf-16"), "a");
  EXPECT_EQ(decode_strict(std::string("\xFE\xFF\0a", 4), "utf-16"), "a");
  EXPECT_EQ(decode_strict(std::string("a\0b\0", 4), "utf-16"), "ab");  // no BOM: little-endian
  EXPECT_EQ(decode_strict(std::string("a\0b", 3), "utf-16"), std::nullopt);
}

TEST(DecodeStrict, InvalidBytesFail) {
  EXPECT_EQ(decode_strict("caf\xE9", "utf-8"), std::nullopt);
  EXPECT_EQ(decode_strict("\xED\xA0\x80", "utf-8"), std::nullopt);  // surrogate
  EXPECT_EQ(decode_strict("\xC0\xAF", "utf-8"), std::nullopt);      // overlong
  EXPECT_EQ(decode_strict("x\x80", "us-ascii"), std::nullopt);
  EXPECT_EQ(decode_strict("\xA5", "iso-8859-3"), std::nullopt);
  for (const char* b : {"\x81", "\x8D", "\x8F", "\x90", "\x9D"}) {
    EXPECT_EQ(decode_strict(b, "cp1252"), std::nullopt);
  }
  EXPECT_EQ(decode_strict("abc", "x-unknown"), std::nullopt);
}

TEST(DecodeWithFallbacks, TriesUtf8ThenWindows1252ThenLatin1) {
  EXPECT_EQ(decode_with_fallbacks("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(decode_with_fallbacks("caf\xE9"), "caf\xC3\xA9");
  EXPECT_EQ(decode_with_fallbacks("\x93q\x94"), "\xE2\x80\x9Cq\xE2\x80\x9D");
  // §2.4: 0x81 is undefined in windows-1252, so the whole text is latin-1.
  EXPECT_EQ(decode_with_fallbacks("caf\x81\xE9"), "caf\xC2\x81\xC3\xA9");
}

TEST(AsciiWithReplacement, EachHighByteBecomesOneReplacementCharacter) {
  EXPECT_EQ(ascii_with_replacement("Rafa\xC5\x82"), "Rafa\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(ascii_with_replacement("plain"), "plain");
}

}  // namespace
}  // namespace patchloom::mail
