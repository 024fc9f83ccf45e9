#include "patchloom/archive/thread.hpp"

#include <algorithm>
#include <cstdio>

#include "patchloom/util/text.hpp"

namespace patchloom::archive {

namespace {

// True when `ancestor` is `node` or one of its ancestors.
bool is_ancestor(const std::vector<ThreadNode>& nodes, int ancestor, int node) {
  for (int n = node; n >= 0; n = nodes[static_cast<std::size_t>(n)].parent)
    if (n == ancestor) return true;
  return false;
}

void link(std::vector<ThreadNode>& nodes, int child, int parent) {
  if (parent < 0 || is_ancestor(nodes, child, parent)) return;
  nodes[static_cast<std::size_t>(child)].parent = parent;
}

class Builder {
 public:
  explicit Builder(Thread& thread) : t_(thread) {}

  void build() {
    for (std::size_t i = 0; i < t_.messages.size(); ++i) {
      const auto& m = t_.messages[i];
      if (t_.node_by_msgid.contains(m.msgid)) continue;  // a duplicate Message-ID shows once
      add_node(m.msgid, static_cast<int>(i), m.date);
    }
    for (std::size_t i = 0; i < t_.messages.size(); ++i) attach(static_cast<int>(i));
    finish();
  }

 private:
  int add_node(const std::string& msgid, int message, util::Timestamp date) {
    ThreadNode node;
    node.msgid = msgid;
    node.message = message;
    node.date = date;
    t_.nodes.push_back(std::move(node));
    const int index = static_cast<int>(t_.nodes.size()) - 1;
    t_.node_by_msgid.emplace(msgid, index);
    return index;
  }

  void attach(int message) {
    const auto& m = t_.messages[static_cast<std::size_t>(message)];
    const int node = t_.find(m.msgid);
    if (t_.nodes[static_cast<std::size_t>(node)].message != message || m.refs.empty()) return;
    const std::string& first = m.refs.front();
    int parent = t_.find(first);
    if (parent < 0 && first != m.msgid) {
      parent = add_node(first, -1, m.date);
      // The ghost hangs from the closest reference the archive knows.
      for (std::size_t r = 1; r < m.refs.size(); ++r) {
        const int known = t_.find(m.refs[r]);
        if (known >= 0 && known != node) {
          link(t_.nodes, parent, known);
          break;
        }
      }
    }
    if (parent >= 0 && parent != node) link(t_.nodes, node, parent);
  }

  void finish() {
    auto& nodes = t_.nodes;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      if (nodes[i].parent >= 0) {
        nodes[static_cast<std::size_t>(nodes[i].parent)].children.push_back(static_cast<int>(i));
      } else {
        t_.roots.push_back(static_cast<int>(i));
      }
    }
    // A ghost is dated by its oldest descendant so that it sorts with them.
    for (auto& n : nodes) {
      if (n.message >= 0) continue;
      for (int c : n.children) n.date = std::min(n.date, nodes[static_cast<std::size_t>(c)].date);
    }
    auto older = [&](int a, int b) {
      const auto& na = nodes[static_cast<std::size_t>(a)];
      const auto& nb = nodes[static_cast<std::size_t>(b)];
      if (na.date != nb.date) return na.date < nb.date;
      return a < b;
    };
    for (auto& n : nodes) std::sort(n.children.begin(), n.children.end(), older);
    std::sort(t_.roots.begin(), t_.roots.end(), older);
    std::vector<int> stack(t_.roots.rbegin(), t_.roots.rend());
    while (!stack.empty()) {
      const int n = stack.back();
      stack.pop_back();
      t_.tree_order.push_back(n);
      auto& node = nodes[static_cast<std::size_t>(n)];
      if (node.parent >= 0) node.depth = nodes[static_cast<std::size_t>(node.parent)].depth + 1;
      for (auto it = node.children.rbegin(); it != node.children.rend(); ++it) stack.push_back(*it);
    }
  }

  Thread& t_;
};

}  // namespace

int Thread::find(std::string_view bare_msgid) const {
  auto it = node_by_msgid.find(std::string(bare_msgid));
  return it == node_by_msgid.end() ? -1 : it->second;
}

std::vector<int> Thread::by_date() const {
  std::vector<int> order(messages.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return messages[static_cast<std::size_t>(a)].date < messages[static_cast<std::size_t>(b)].date;
  });
  return order;
}

util::Timestamp Thread::newest_received() const {
  util::Timestamp newest = 0;
  for (const auto& m : messages) newest = std::max(newest, m.received);
  return newest;
}

Thread build_thread(std::vector<MessageSummary> messages) {
  Thread thread;
  thread.messages = std::move(messages);
  Builder(thread).build();
  return thread;
}

std::string normalize_subject(std::string_view subject) {
  std::string s = util::py_collapse_whitespace(subject);
  // Reply prefixes: "Re:", "RE:", "re:" (possibly repeated, "Re: Re:").
  while (s.size() >= 3 && util::istarts_with_ascii(s, "re:")) {
    s = std::string(util::py_strip(std::string_view(s).substr(3)));
  }
  while (!s.empty() && s.back() == '.') s.pop_back();
  return std::string(util::py_strip(s));
}

std::string format_short_date(util::Timestamp t) {
  const auto c = util::to_civil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %2d:%02d", static_cast<long long>(c.year), c.month, c.day, c.hour,
                c.minute);
  return buf;
}

}  // namespace patchloom::archive
