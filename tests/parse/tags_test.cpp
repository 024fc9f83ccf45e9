#include "patchloom/parse/tags.hpp"

#include <gtest/gtest.h>

namespace patchloom::parse {
namespace {

using Counts = std::vector<std::size_t>;

TEST(Tags, SpecVectors) {
  const TagCounter counter(kDefaultTagPatterns);
  EXPECT_EQ(counter.count("Acked-by: x"), (Counts{1, 0, 0}));
  EXPECT_EQ(counter.count("acked-by: x\nACKED-BY: y"), (Counts{2, 0, 0}));
  EXPECT_EQ(counter.count("text\nAcked-by: x"), (Counts{1, 0, 0}));
  EXPECT_EQ(counter.count("> Acked-by: x"), (Counts{0, 0, 0}));
  EXPECT_EQ(counter.count("Acked-by: a\nAcked-by: b\nReviewed-by: c\n"), (Counts{2, 1, 0}));
}

TEST(Tags, PatchPlusCommentsAccumulate) {
  const TagCounter counter(kDefaultTagPatterns);
  Counts totals(counter.size(), 0);
  counter.add_counts("Tested-by: t\nReviewed-by: r\n", totals);
  counter.add_counts("Tested-by: t\nReviewed-by: r\n", totals);
  EXPECT_EQ(totals, (Counts{0, 2, 2}));
  EXPECT_EQ(count_tag("^Signed-off-by:", "Signed-off-by: a\nsigned-off-by: b"), 2u);
}

}  // namespace
}  // namespace patchloom::parse
