// Thread trees: parent links from In-Reply-To/References, ghosts for
// missing messages, sibling order by date, depth-first order.

#include <gtest/gtest.h>

#include "patchloom/archive/thread.hpp"

using namespace patchloom::archive;

namespace {

MessageSummary msg(long long id, std::string msgid, int minute, std::vector<std::string> refs = {}) {
  MessageSummary m;
  m.id = id;
  m.msgid = std::move(msgid);
  m.subject = "subject " + m.msgid;
  m.date = static_cast<long long>(minute) * 60 * 1000000;
  m.refs = std::move(refs);
  return m;
}

std::vector<std::string> tree_ids(const Thread& t) {
  std::vector<std::string> out;
  for (int n : t.tree_order) {
    const auto& node = t.nodes[static_cast<std::size_t>(n)];
    out.push_back(std::string(static_cast<std::size_t>(node.depth), '.') + node.msgid);
  }
  return out;
}

}  // namespace

TEST(ArchiveThread, NestsRepliesDepthFirstWithSiblingsByDate) {
  // Arrival order differs from date order: D (a reply to A) arrives first.
  auto t = build_thread({msg(1, "d", 3, {"a"}), msg(2, "a", 0), msg(3, "c", 4, {"b", "a"}), msg(4, "b", 1, {"a"}),
                         msg(5, "e", 2, {"b", "a"})});
  EXPECT_EQ(tree_ids(t), (std::vector<std::string>{"a", ".b", "..e", "..c", ".d"}));
  ASSERT_EQ(t.roots.size(), 1u);
  std::vector<std::string> flat;
  for (int i : t.by_date()) flat.push_back(t.messages[static_cast<std::size_t>(i)].msgid);
  EXPECT_EQ(flat, (std::vector<std::string>{"a", "b", "e", "d", "c"}));
}

TEST(ArchiveThread, MissingParentBecomesAGhostUnderTheNearestKnownAncestor) {
  // x replies to "gone", which replied to the root r.
  auto t = build_thread({msg(1, "r", 0), msg(2, "x", 5, {"gone", "r"})});
  EXPECT_EQ(tree_ids(t), (std::vector<std::string>{"r", ".gone", "..x"}));
  const auto& ghost = t.nodes[static_cast<std::size_t>(t.find("gone"))];
  EXPECT_EQ(ghost.message, -1);
}

TEST(ArchiveThread, ReferenceLoopsDoNotHangOrLoseMessages) {
  auto t = build_thread({msg(1, "p", 0, {"q"}), msg(2, "q", 1, {"p"}), msg(3, "s", 2, {"s"})});
  EXPECT_EQ(t.tree_order.size(), 3u);
  EXPECT_EQ(t.roots.size(), 2u);
}

TEST(ArchiveThread, ShortDatesPadTheHourWithASpace) {
  // 2026-04-30 05:48 UTC
  EXPECT_EQ(format_short_date(1777528080LL * 1000000), "2026-04-30  5:48");
  EXPECT_EQ(normalize_subject("Re:  RE: [PATCH]  fix   it."), "[PATCH] fix it");
}
