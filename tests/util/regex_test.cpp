#include "patchloom/util/regex.hpp"

#include <gtest/gtest.h>

using patchloom::util::Regex;

TEST(Regex, MatchIsAnchoredSearchIsNot) {
  Regex re("b+");
  EXPECT_FALSE(re.match("abbb"));
  auto m = re.search("abbb");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->group(0), "bbb");
  EXPECT_EQ(m->start(), 1u);
}

TEST(Regex, FullmatchAndGroups) {
  Regex re(R"(^[vV](\d+)$)");
  auto m = re.fullmatch("v12");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->group(1), "12");
  EXPECT_FALSE(re.fullmatch("v12x"));
  Regex optional_group(R"(a(x)?b)");
  auto o = optional_group.match("ab");
  ASSERT_TRUE(o);
  EXPECT_FALSE(o->has(1));
}

TEST(Regex, UnicodeWordAndFlags) {
  Regex word(R"(^\w+$)");
  EXPECT_TRUE(word.match("caf\xC3\xA9"));
  Regex acked("^Acked-by:", Regex::kMultiline | Regex::kIgnoreCase);
  EXPECT_EQ(acked.count("Acked-by: a\nACKED-BY: b\n> Acked-by: c\n"), 2u);
}

TEST(Regex, ReplaceAllAndValidate) {
  Regex runs("[^-_A-Za-z0-9.]+");
  EXPECT_EQ(runs.replace_all("[v2,1/3] foo: bar", "-"), "-v2-1-3-foo-bar");
  EXPECT_NE(Regex::validate("(unclosed"), "");
  EXPECT_EQ(Regex::validate("fine.*"), "");
  EXPECT_THROW(Regex("(bad"), std::invalid_argument);
}
