#include "patchloom/parse/subject.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace patchloom::parse {
namespace {

struct SubjectVector {
  const char* subject;
  const char* name;
  std::optional<std::vector<std::string>> prefixes;  // checked when given
  std::optional<SeriesMarker> marker;
  std::int64_t version;
  bool reply;
};

// spec/parser.md §5.3, drop list = qemu-devel (subjects after clean_header).
const SubjectVector kVectors[] = {
    {"Re: Re: foo", "Re: foo", std::vector<std::string>{}, std::nullopt, 1, true},
    {"RE:foo", "foo", std::vector<std::string>{}, std::nullopt, 1, true},
    {"Fwd: [PATCH] foo", "foo", std::vector<std::string>{}, std::nullopt, 1, false},
    {"Fw: foo", "foo", std::vector<std::string>{}, std::nullopt, 1, false},
    {"fwd foo", "foo", std::vector<std::string>{}, std::nullopt, 1, false},
    {"Re add support", "add support", std::vector<std::string>{}, std::nullopt, 1, true},
    {"[PATCH RFC]", "[RFC] ", std::vector<std::string>{"RFC"}, std::nullopt, 1, false},
    {"[PATCHv2 1/3] foo", "[PATCHv2,1/3] foo", std::vector<std::string>{"PATCHv2", "1/3"}, SeriesMarker{1, 3}, 1,
     false},
    {"[PATCH v2.1 3/4] foo", "[v2.1,3/4] foo", std::nullopt, SeriesMarker{3, 4}, 1, false},
    {"[PATCH 01/14] foo", "[01/14] foo", std::nullopt, SeriesMarker{1, 14}, 1, false},
    {"[PATCH 1/2 v3] foo", "[1/2,v3] foo", std::nullopt, SeriesMarker{1, 2}, 3, false},
    {"[RFC PATCH net-next v4 05/10] net: x", "[RFC,net-next,v4,05/10] net: x", std::nullopt, SeriesMarker{5, 10}, 4,
     false},
    {"[PATCH] [net-next] [v2] foo", "[net-next,v2] foo", std::nullopt, std::nullopt, 2, false},
    {"[PATCH 0 of 3] hg", "[0 of 3] hg", std::vector<std::string>{"0 of 3"}, SeriesMarker{0, 3}, 1, false},
    {"[patch] lower", "lower", std::vector<std::string>{}, std::nullopt, 1, false},
    {"[PATCH]foo", "foo", std::vector<std::string>{}, std::nullopt, 1, false},
    {"[PATCH 1/2] [PATCH 2/3] x", "[1/2,2/3] x", std::nullopt, SeriesMarker{1, 2}, 1, false},
    {"[PATCH 3/2] x", "[3/2] x", std::nullopt, SeriesMarker{3, 2}, 1, false},
    {"[PATCH 1/0] x", "[1/0] x", std::nullopt, SeriesMarker{1, 0}, 1, false},
    {"[PATCH v2] foo (v3)", "[v2] foo (v3)", std::nullopt, std::nullopt, 2, false},
    {"[PATCH] foo (V4)", "foo (V4)", std::nullopt, std::nullopt, 4, false},
    {"[Qemu-devel] [PATCH v5 2/2] target/arm: foo", "[v5,2/2] target/arm: foo", std::nullopt, SeriesMarker{2, 2}, 5,
     false},
    {"[PATCH 1 / 2] x", "[1,/,2] x", std::nullopt, std::nullopt, 1, false},
    {"[[PATCH]] x", "[[PATCH] ] x", std::vector<std::string>{"[PATCH"}, std::nullopt, 1, false},
    {"[PATCH\tv3\t1/3]\tfoo", "[v3,1/3] foo", std::nullopt, SeriesMarker{1, 3}, 3, false},
};

TEST(Subject, SpecVectors) {
  const std::vector<std::string> drop = {"qemu-devel"};
  for (const auto& v : kVectors) {
    SCOPED_TRACE(v.subject);
    const CleanSubject cleaned = clean_subject(v.subject, drop);
    EXPECT_EQ(cleaned.name, v.name);
    if (v.prefixes) {
      EXPECT_EQ(cleaned.prefixes, *v.prefixes);
    }
    const auto marker = series_marker(cleaned.prefixes);
    ASSERT_EQ(marker.has_value(), v.marker.has_value());
    if (marker) {
      EXPECT_EQ(marker->x, v.marker->x);
      EXPECT_EQ(marker->n, v.marker->n);
    }
    EXPECT_EQ(subject_version(cleaned.name, cleaned.prefixes), v.version);
    EXPECT_EQ(is_reply_subject(v.subject), v.reply);
  }
}

TEST(Subject, SplitPrefixes) {
  using V = std::vector<std::string>;
  EXPECT_EQ(split_prefixes("PATCH"), V{"PATCH"});
  EXPECT_EQ(split_prefixes("PATCH,RFC"), (V{"PATCH", "RFC"}));
  EXPECT_EQ(split_prefixes("PATCH RFC"), (V{"PATCH", "RFC"}));
  EXPECT_EQ(split_prefixes(""), V{});
  EXPECT_EQ(split_prefixes("PATCH,"), V{"PATCH"});
  EXPECT_EQ(split_prefixes("PATCH 1/2"), (V{"PATCH", "1/2"}));
  EXPECT_EQ(split_prefixes("PATCH 2 of 3 v2"), (V{"PATCH", "2 of 3", "v2"}));
}

TEST(Subject, MarkerShapes) {
  using V = std::vector<std::string>;
  auto marker = [](V prefixes) { return series_marker(prefixes); };
  EXPECT_EQ(marker({"02/14"})->x, 2);
  EXPECT_EQ(marker({"PATCH1/8"})->x, 1);
  EXPECT_EQ(marker({"v2PATCH1/4"})->n, 4);
  EXPECT_EQ(marker({"1/2/3"})->x, 2);
  EXPECT_EQ(marker({"1/2/3"})->n, 3);
  EXPECT_FALSE(marker({"v2", "RFC"}));
}

TEST(Subject, VersionShapes) {
  using V = std::vector<std::string>;
  EXPECT_EQ(subject_version("x", V{"PATCHv2"}), 1);
  EXPECT_EQ(subject_version("x", V{"v2.1"}), 1);
  EXPECT_EQ(subject_version("x", V{"vv2"}), 1);
  EXPECT_EQ(subject_version("x", V{"v0"}), 0);
  EXPECT_EQ(subject_version("Fix (v2) regression", V{}), 2);  // E-30
}

TEST(Subject, ReplyDetection) {
  EXPECT_TRUE(is_reply_subject("RE: x"));
  EXPECT_TRUE(is_reply_subject("Re x"));
  EXPECT_TRUE(is_reply_subject("re:x"));
  EXPECT_FALSE(is_reply_subject("Fwd: x"));
  EXPECT_FALSE(is_reply_subject("Aw: x"));
  EXPECT_FALSE(is_reply_subject("Sv: x"));
  EXPECT_FALSE(is_reply_subject("Re[2]: x"));
  EXPECT_FALSE(is_reply_subject("Re"));
  EXPECT_FALSE(is_reply_subject("Reply"));
}

TEST(Subject, OnlyLeadingBracketsAndNoLinknameDrop) {
  EXPECT_EQ(clean_subject("foo [PATCH 1/2] bar").name, "foo [PATCH 1/2] bar");
  // Without the project's linkname in the drop list, it stays a prefix (the API's `prefixes`).
  const auto kept = clean_subject("[Qemu-devel,v5,2/2] target/arm: foo");
  EXPECT_EQ(kept.prefixes, (std::vector<std::string>{"Qemu-devel", "v5", "2/2"}));
}

}  // namespace
}  // namespace patchloom::parse
