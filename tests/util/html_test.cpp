#include "patchloom/util/html.hpp"

#include <gtest/gtest.h>

namespace patchloom::util {
namespace {

TEST(EscapeHtml, EscapesMarkupAndQuotes) {
  EXPECT_EQ(escape_html("<script>alert(\"x\" & 'y')</script>"),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#x27;y&#x27;)&lt;/script&gt;");
}

TEST(EscapeHtml, LeavesPlainAndUtf8TextAlone) {
  EXPECT_EQ(escape_html("powerpc/64s: fix \xc3\xa9t\xc3\xa9"), "powerpc/64s: fix \xc3\xa9t\xc3\xa9");
  EXPECT_EQ(escape_html(""), "");
}

TEST(EscapeHtml, AppendsWithoutTouchingWhatIsThere) {
  std::string out = "<b>";
  append_escaped_html(out, "a<b");
  EXPECT_EQ(out, "<b>a&lt;b");
}

}  // namespace
}  // namespace patchloom::util
