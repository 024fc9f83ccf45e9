#include "patchloom/mail/address.hpp"

#include <gtest/gtest.h>

#include <string>

#include "patchloom/mail/header_decode.hpp"

namespace patchloom::mail {
namespace {

using Opt = std::optional<std::string>;

NameAndEmail from(std::string_view raw) { return split_from(clean_header(raw).value_or("")); }

// spec/parser.md §2.6 vectors (step 2 on the cleaned header, then 3-4).
TEST(SplitFrom, SpecVectors) {
  struct Case {
    const char* raw;
    Opt name;
    Opt email;
  };
  const Case cases[] = {
      {"\"Yann E. MORIN\" <yann@free.fr>", "Yann E. MORIN", "yann@free.fr"},
      {"<foo@bar.com>", "", "foo@bar.com"},
      {"foo@bar.com", std::nullopt, "foo@bar.com"},
      {"foo at bar.com (Foo Bar)", "Foo Bar", "foo@bar.com"},
      {"foo@bar.com (Foo Bar)", "Foo Bar", "foo@bar.com"},
      {"\"Bar, Foo\" <foo@bar.com>", "Bar, Foo", "foo@bar.com"},
      {"Foo <foo@bar.com> (comment)", "Foo", "foo@bar.com"},
      {"\"Foo \\\"Q\\\" Bar\" <foo@bar.com>", "Foo \\\"Q\\\" Bar", "foo@bar.com"},
      {"=?utf-8?q?M=C3=BCller=2C_Hans?= <h@x.de>", "M\xC3\xBCller, Hans", "h@x.de"},
  };
  for (const auto& c : cases) {
    const NameAndEmail got = from(c.raw);
    EXPECT_EQ(got.name, c.name) << c.raw;
    EXPECT_EQ(got.email, c.email) << c.raw;
  }
}

TEST(SplitFrom, InvalidAddressesHaveNoEmail) {
  for (const char* raw : {"O'Brien <o'brien@x.com>", "root@localhost", "Foo Bar foo@bar.com", "Foo <foo@[1.2.3.4]>"}) {
    EXPECT_EQ(from(raw).email, std::nullopt) << raw;
  }
}

TEST(IsValidEmail, AcceptsAndRejectsLikeThePattern) {
  EXPECT_TRUE(is_valid_email("a+b_c@x.org"));
  EXPECT_TRUE(is_valid_email("j\xC3\xB6rg@x.de"));  // Unicode letter in the local part
  EXPECT_TRUE(is_valid_email("a@b.c"));             // one-letter TLD
  EXPECT_FALSE(is_valid_email("a@-b.com"));
  EXPECT_FALSE(is_valid_email("a..b@x.com"));
  EXPECT_FALSE(is_valid_email("a@x..com"));
  EXPECT_FALSE(is_valid_email("@x.com"));
  EXPECT_FALSE(is_valid_email("a@x.com."));
}

TEST(SplitFrom, StripsAndTruncatesTo255CodePoints) {
  const std::string long_name(300, 'n');
  const NameAndEmail got = split_from("\"" + long_name + "\" <a@b.cd>");
  EXPECT_EQ(got.name, std::string(255, 'n'));
  // An over-long address fails the pattern only if it is malformed; a valid
  // one is cut to 255 (fuzz email-len has an invalid one).
  const std::string local(300, 'x');
  EXPECT_EQ(split_from("<" + local + "@b.cd>").email, local.substr(0, 255));
}

TEST(SplitFromHeader, KeepsGroupsAsCaptured) {
  const NameAndEmail got = split_from_header("Foo via Test <list@example.org>");
  EXPECT_EQ(got.name, "Foo via Test");
  EXPECT_EQ(got.email, "list@example.org");
}

TEST(SplitAndStrip, DoesNotValidate) {
  // DMARC un-munging takes Reply-To / Cc / X-Original-From addresses as split.
  const NameAndEmail got = split_and_strip(" Foo  <root@localhost> ");
  EXPECT_EQ(got.name, "Foo");
  EXPECT_EQ(got.email, "root@localhost");
  EXPECT_EQ(split_and_strip(" foo@bar.com").name, std::nullopt);
}

}  // namespace
}  // namespace patchloom::mail
