#include "patchloom/util/text.hpp"

#include <gtest/gtest.h>

using namespace patchloom::util;

TEST(Text, StripUsesPythonWhitespace) {
  EXPECT_EQ(py_strip("  \t a b \n"), "a b");
  // U+00A0 and U+3000 are whitespace to Python; U+200B is not.
  EXPECT_EQ(py_strip("\xC2\xA0x\xE3\x80\x80"), "x");
  EXPECT_EQ(py_strip("\xE2\x80\x8Bx"), "\xE2\x80\x8Bx");
  EXPECT_EQ(py_strip("\x1c" "x\x1f"), "x");
  EXPECT_EQ(py_strip(""), "");
  EXPECT_EQ(py_strip(" \t "), "");
  EXPECT_EQ(py_lstrip("  a "), "a ");
  EXPECT_EQ(py_rstrip("  a "), "  a");
}

TEST(Text, CollapseWhitespace) {
  EXPECT_EQ(py_collapse_whitespace("  lots   of\n   folded \n\t space  "), "lots of folded space");
  EXPECT_EQ(py_collapse_whitespace("a\xC2\xA0\xC2\xA0" "b"), "a b");
}

TEST(Text, SplitAndTruncateCountCodePoints) {
  auto parts = py_split(" a  bc\td ");
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[1], "bc");
  EXPECT_EQ(py_truncate("caf\xC3\xA9!", 4), "caf\xC3\xA9");
  EXPECT_EQ(code_point_count("caf\xC3\xA9"), 4u);
}

TEST(Text, WordCharactersAreUnicodeAware) {
  EXPECT_TRUE(is_py_word(U'_'));
  EXPECT_TRUE(is_py_word(U'\u00E9'));
  EXPECT_TRUE(is_py_word(U'\u4F60'));
  EXPECT_FALSE(is_py_word(U'-'));
  EXPECT_FALSE(is_py_word(U'\u00A0'));
}

TEST(Text, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9"));
  EXPECT_FALSE(is_valid_utf8("caf\xE9"));
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));  // overlong
  EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBD"));  // a real U+FFFD
}
