#include "patchloom/parse/depends_on.hpp"

#include <gtest/gtest.h>

namespace patchloom::parse {
namespace {

TEST(DependsOn, UrlsAndMsgids) {
  const auto found = parse_depends_on(
      "Some text\n"
      "Depends-on: https://pw.example.org/project/p/list/?series=12\n"
      "depends-on: <20250101.1234-1-a@b.c>  \n"
      "DEPENDS-ON: http://pw/project/p/patch/abc@d/\n"
      "  Depends-on: <indented@x> \n"
      "Depends-on: <a@b> trailing text\n"
      "Depends-on: ftp://x/y\n");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].kind, DependsOn::Kind::kUrl);
  EXPECT_EQ(found[0].value, "https://pw.example.org/project/p/list/?series=12");
  EXPECT_EQ(found[1].kind, DependsOn::Kind::kUrl);
  EXPECT_EQ(found[1].value, "http://pw/project/p/patch/abc@d/");
  EXPECT_EQ(found[2].kind, DependsOn::Kind::kMsgid);
  EXPECT_EQ(found[2].value, "<20250101.1234-1-a@b.c>");
}

TEST(DependsOn, None) {
  EXPECT_TRUE(parse_depends_on("no dependencies here\nDepends on: <x@y>\n").empty());
  EXPECT_TRUE(parse_depends_on("").empty());
}

}  // namespace
}  // namespace patchloom::parse
