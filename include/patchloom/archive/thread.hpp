#pragma once
// A thread as the archive shows it: the messages of one References /
// In-Reply-To thread arranged in a tree (public-inbox's threading), with
// "ghost" nodes for referenced messages the archive does not hold.
// Database-free, so the tree rules are testable on their own.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "patchloom/util/time.hpp"

namespace patchloom::archive {

struct MessageSummary {
  long long id = 0;        // `message` row id (arrival order)
  std::string msgid;       // bare (no angle brackets)
  std::string subject;     // decoded Subject header
  std::string from_name;
  std::string from_email;
  util::Timestamp date = 0;      // Date header, UTC
  util::Timestamp received = 0;  // arrival time
  std::vector<std::string> refs;  // bare; In-Reply-To first, then References newest first
};

struct ThreadNode {
  std::string msgid;      // bare
  int message = -1;       // index into Thread::messages; -1 for a ghost
  int parent = -1;        // node index, -1 for a root
  std::vector<int> children;  // node indexes, oldest first
  int depth = 0;          // 0 for roots
  util::Timestamp date = 0;   // the message's date; a ghost's is its oldest child's
};

struct Thread {
  std::vector<MessageSummary> messages;  // arrival order
  std::vector<ThreadNode> nodes;
  std::vector<int> roots;       // node indexes, oldest first
  std::vector<int> tree_order;  // every node, depth-first pre-order
  std::unordered_map<std::string, int> node_by_msgid;

  // Node index of `bare_msgid`, or -1.
  int find(std::string_view bare_msgid) const;
  // Message indexes ordered by date (then arrival): the flat view's order.
  std::vector<int> by_date() const;
  util::Timestamp newest_received() const;
};

// Builds the tree. A message's parent is its first reference (In-Reply-To);
// when that message is not in `messages` it becomes a ghost whose own parent
// is the nearest later reference that is known. Links that would close a
// cycle are dropped.
Thread build_thread(std::vector<MessageSummary> messages);

// public-inbox's subject normalisation for comparing subjects: whitespace
// collapsed, a trailing '.' and leading "Re:"-style reply prefixes dropped.
std::string normalize_subject(std::string_view subject);

// "%Y-%m-%d %k:%M": the hour is padded with a space ("2026-04-30  5:48").
std::string format_short_date(util::Timestamp t);

}  // namespace patchloom::archive
