#include "render.hpp"

#include <openssl/evp.h>

#include <array>
#include <cstdio>
#include <unordered_map>

#include "patchloom/archive/msgid.hpp"
#include "patchloom/mail/header_decode.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/util/html.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::archive {

namespace {

using util::append_escaped_html;
using util::escape_html;

constexpr std::string_view kStyle =
    "<style>pre{white-space:pre-wrap}*{font-size:100%;font-family:monospace}"
    "span.q{color:#006600}span.add{color:#007700}span.del{color:#990000}span.hunk{color:#000099}"
    "span.head{font-weight:bold}</style>";

constexpr std::string_view kFooter =
    "<hr><pre>This is a public inbox served by patchloom: every page has a raw and an mbox.gz form\n"
    "for mail clients and tools such as b4.</pre></body></html>\n";

std::string page_head(std::string_view title, std::string_view to_list) {
  std::string out = "<html><head><title>";
  append_escaped_html(out, title);
  out += "</title><link rel=alternate title=\"Atom feed\" href=\"";
  out += to_list;
  out += "new.atom\" type=\"application/atom+xml\"/>";
  out += kStyle;
  out += "</head><body>";
  return out;
}

// The search form and list name at the top of every page.
std::string top_form(const ListInfo& list, std::string_view to_list) {
  std::string out = "<form action=\"";
  out += to_list;
  out += "\"><pre><a href=\"";
  out += to_list;
  out += "\"><b>";
  append_escaped_html(out, list.name);
  out += "</b></a>\n<input name=q type=text /><input type=submit value=search /> <a href=\"";
  out += to_list;
  out += "new.atom\">Atom feed</a></pre></form>";
  return out;
}

std::string msg_href(std::string_view to_list, const std::string& bare) {
  return std::string(to_list) + escape_html(escape_msgid(bare)) + "/";
}

std::string author_of(const MessageSummary& m) {
  std::string name(util::py_strip(m.from_name));
  if (!name.empty()) return name;
  const auto at = m.from_email.find('@');
  return m.from_email.substr(0, at);
}

// Display names of an address list ("A <a@x>, b@y" -> "A, b"), commas inside
// quotes, comments and angle brackets ignored.
std::vector<std::string> split_addresses(std::string_view header) {
  std::vector<std::string> out;
  std::string current;
  int angle = 0;
  int paren = 0;
  bool quoted = false;
  auto flush = [&] {
    auto item = std::string(util::py_strip(current));
    if (!item.empty()) out.push_back(item);
    current.clear();
  };
  for (char c : header) {
    if (quoted) {
      if (c == '"') quoted = false;
    } else if (c == '"') {
      quoted = true;
    } else if (c == '<') {
      ++angle;
    } else if (c == '>' && angle > 0) {
      --angle;
    } else if (c == '(') {
      ++paren;
    } else if (c == ')' && paren > 0) {
      --paren;
    } else if (c == ',' && angle == 0 && paren == 0) {
      flush();
      continue;
    }
    current += c;
  }
  flush();
  return out;
}

std::string display_name(std::string_view address) {
  const auto lt = address.find('<');
  std::string name;
  std::string email(address);
  if (lt != std::string_view::npos) {
    name = std::string(util::py_strip(address.substr(0, lt)));
    const auto gt = address.find('>', lt);
    email = std::string(address.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1));
  }
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') name = name.substr(1, name.size() - 2);
  if (!name.empty()) return name;
  return email.substr(0, email.find('@'));
}

// "Label: a, b,\n\tc" folded at 72 columns, escaped.
std::string folded(std::string_view label, const std::vector<std::string>& items) {
  std::string out(label);
  std::size_t column = out.size();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string piece = items[i] + (i + 1 < items.size() ? "," : "");
    if (i != 0) {
      if (column + 1 + piece.size() > 72) {
        out += "\n\t";
        column = 8;
      } else {
        out += ' ';
        ++column;
      }
    }
    append_escaped_html(out, piece);
    column += util::code_point_count(piece);
  }
  return out;
}

std::vector<std::string> names_of(std::string_view header) {
  std::vector<std::string> out;
  for (const auto& a : split_addresses(header)) out.push_back(display_name(a));
  return out;
}

std::string count_text(const Thread& t) {
  if (t.messages.size() == 1) return "only message in thread";
  return std::to_string(t.messages.size()) + "+ messages in thread";
}

// Pieces of a skeleton line for one node: the subject is shortened against the
// previous line's subject.
struct LineText {
  std::string link_text;  // escaped
  std::string after;      // escaped, after the link
};

LineText line_text(const MessageSummary& m, std::string& previous_subject) {
  const std::string subject = normalize_subject(m.subject);
  const std::string author = author_of(m);
  LineText out;
  if (!previous_subject.empty() && subject == previous_subject) {
    out.link_text = escape_html(author);
  } else {
    auto words = util::py_split(m.subject);
    auto previous_words = util::py_split(previous_subject);
    std::size_t common = 0;
    while (common < words.size() && common < previous_words.size() &&
           words[words.size() - 1 - common] == previous_words[previous_words.size() - 1 - common])
      ++common;
    if (common >= 2 && common < words.size()) {
      std::string head;
      for (std::size_t i = 0; i + common < words.size(); ++i) {
        if (i != 0) head += ' ';
        head += words[i];
      }
      out.link_text = escape_html(head);
      out.after = " \" " + escape_html(author);
    } else {
      out.link_text = escape_html(m.subject.empty() ? "(no subject)" : m.subject);
      out.after = " " + escape_html(author);
    }
  }
  previous_subject = subject;
  return out;
}

std::string indent_marker(int level) {
  if (level <= 0) return "";
  return std::string(static_cast<std::size_t>(2 * (level - 1)), ' ') + "` ";
}

// How skeleton lines link: to anchors on a thread page, or to message pages.
struct LinkStyle {
  bool on_page = false;        // thread page: href=#m<sha>, id=r<sha>
  std::string_view to_list;    // message page: "../"
};

std::string node_link_open(const LinkStyle& style, const std::string& msgid) {
  if (style.on_page) {
    const std::string sha = sha1_hex(msgid);
    return "<a href=\"#m" + sha + "\" id=\"r" + sha + "\">";
  }
  return "<a href=\"" + msg_href(style.to_list, msgid) + "\">";
}

std::string skeleton_line(const Thread& t, int node, int level, std::string& previous_subject,
                          const LinkStyle& style) {
  const auto& n = t.nodes[static_cast<std::size_t>(node)];
  if (n.message < 0) {
    previous_subject.clear();
    return "                 " + indent_marker(level) + "[not found] &lt;" + escape_html(n.msgid) + "&gt;\n";
  }
  const auto& m = t.messages[static_cast<std::size_t>(n.message)];
  auto text = line_text(m, previous_subject);
  return format_short_date(m.date) + " " + indent_marker(level) + node_link_open(style, n.msgid) + text.link_text +
         "</a>" + text.after + "\n";
}

// The line under a subject summarising the message's neighbourhood
// (spec §1.4 "Mini-skeleton").
std::string mini_skeleton(const Thread& t, int node, std::string_view to_list) {
  const LinkStyle style{false, to_list};
  const auto& n = t.nodes[static_cast<std::size_t>(node)];
  const bool has_parent = n.parent >= 0 && t.nodes[static_cast<std::size_t>(n.parent)].message >= 0;
  const int self_level = has_parent ? 1 : 0;
  const std::vector<int>& siblings =
      n.parent >= 0 ? t.nodes[static_cast<std::size_t>(n.parent)].children : t.roots;
  std::size_t position = 0;
  while (position < siblings.size() && siblings[position] != node) ++position;
  std::string previous;
  std::string out;
  auto line = [&](int other, int level) { out += "  " + skeleton_line(t, other, level, previous, style); };
  auto count_line = [&](int level, const std::string& text) {
    out += std::string(19, ' ') + indent_marker(level == 0 ? 1 : level) + "(" + text + ")\n";
  };
  if (has_parent) line(n.parent, 0);
  if (n.parent >= 0) {
    if (position >= 3) {
      count_line(self_level, std::to_string(position - 1) + " preceding siblings ...");
      line(siblings[position - 1], self_level);
    } else {
      for (std::size_t i = 0; i < position; ++i) line(siblings[i], self_level);
    }
  }
  const auto& m = t.messages[static_cast<std::size_t>(n.message)];
  out += "<b>@ " + format_short_date(m.date) + " " + indent_marker(self_level) + escape_html(author_of(m)) + "</b>\n";
  previous = normalize_subject(m.subject);
  const auto& children = n.children;
  if (!children.empty()) line(children[0], self_level + 1);
  if (children.size() == 2) line(children[1], self_level + 1);
  if (children.size() > 2) count_line(self_level + 1, std::to_string(children.size() - 1) + " more replies");
  const std::size_t following = n.parent >= 0 ? siblings.size() - position - 1 : 0;
  if (following >= 1) line(siblings[position + 1], self_level);
  if (following > 2) {
    count_line(self_level, std::to_string(following - 1) + " subsequent siblings");
  } else if (following == 2) {
    line(siblings[position + 2], self_level);
  }
  const std::size_t sibling_count = n.parent >= 0 ? siblings.size() - 1 : 0;
  out += "  " + std::to_string(sibling_count) + (sibling_count == 1 ? " sibling, " : " siblings, ") +
         std::to_string(children.size()) + (children.size() == 1 ? " reply; " : " replies; ") + count_text(t) + "\n";
  return out;
}

// The thread overview: one skeleton line per node in tree order.
std::string overview(const Thread& t, const LinkStyle& style, int current) {
  std::string out;
  std::string previous;
  for (int node : t.tree_order) {
    const auto& n = t.nodes[static_cast<std::size_t>(node)];
    if (!style.on_page && node == current && n.message >= 0) {
      const auto& m = t.messages[static_cast<std::size_t>(n.message)];
      out += "<b id=r>" + format_short_date(m.date) + " " + indent_marker(n.depth) + escape_html(author_of(m)) +
             " [this message]</b>\n";
      previous = normalize_subject(m.subject);
      continue;
    }
    out += skeleton_line(t, node, n.depth, previous, style);
  }
  return out;
}

std::string utc_date(util::Timestamp t) { return format_short_date(t) + " UTC"; }

bool starts_diff(std::string_view line) {
  return line.starts_with("diff ") || line.starts_with("--- ") || line.starts_with("Index: ");
}

void append_body_line(std::string& out, std::string_view line, bool& in_diff) {
  if (!in_diff && starts_diff(line)) in_diff = true;
  const char* cls = nullptr;
  if (line.starts_with(">")) {
    cls = "q";
  } else if (in_diff) {
    if (line.starts_with("diff ") || line.starts_with("--- ") || line.starts_with("+++ ")) cls = "head";
    else if (line.starts_with("@@")) cls = "hunk";
    else if (line.starts_with("+")) cls = "add";
    else if (line.starts_with("-")) cls = "del";
  }
  if (line == "-- ") in_diff = false;
  if (cls == nullptr) {
    append_escaped_html(out, line);
    return;
  }
  out += "<span class=\"";
  out += cls;
  out += "\">";
  append_escaped_html(out, line);
  out += "</span>";
}

std::string body_html_of(std::string_view text) {
  std::string out;
  bool in_diff = false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto nl = text.find('\n', pos);
    const std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    append_body_line(out, line, in_diff);
    if (nl == std::string_view::npos) break;
    out += '\n';
    pos = nl + 1;
  }
  return out;
}

// The decoded header. Raw UTF-8 without encoded words is shown as written
// (Patchwork's decoder would turn its 8-bit bytes into U+FFFD).
std::string header_text(const mail::Message& message, std::string_view name) {
  const mail::Header* header = message.header(name);
  if (header == nullptr) return "";
  if (header->value.find("=?") == std::string::npos && util::is_valid_utf8(header->value))
    return util::py_collapse_whitespace(header->value);
  return mail::clean_header(header->value).value_or("");
}

}  // namespace

MailView view_of(const std::string& raw) {
  const auto message = mail::Message::parse(raw);
  MailView v;
  v.from = header_text(message, "From");
  v.to = header_text(message, "To");
  v.cc = header_text(message, "Cc");
  v.subject = header_text(message, "Subject");
  if (const auto* date = message.header("Date")) v.date = util::py_collapse_whitespace(date->value);
  std::string text;
  int attachment = 0;
  for (const auto& part : message.text_parts()) {
    ++attachment;
    if (!text.empty() || attachment > 1) {
      if (!text.empty() && !text.ends_with('\n')) text += '\n';
      text += "\n[-- Attachment #" + std::to_string(attachment) + ": text/" + part.subtype + " --]\n";
    }
    if (part.subtype == "html") {
      text += "[-- HTML part not shown --]\n";
      continue;
    }
    text += part.text;
  }
  util::replace_all(text, "\r\n", "\n");
  v.body_text = text;
  v.body_html = body_html_of(text);
  return v;
}

std::string sha1_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha1(), nullptr);
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

std::string compact_time(util::Timestamp t) {
  const auto c = util::to_civil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld%02d%02d%02d%02d%02d", static_cast<long long>(c.year), c.month, c.day,
                c.hour, c.minute, c.second);
  return buf;
}

std::string root_page(const std::vector<ListInfo>& lists) {
  std::string out = "<html><head><title>patchloom archives</title>";
  out += kStyle;
  out += "</head><body><pre>";
  for (const auto& list : lists) {
    out += "<a href=\"" + escape_html(escape_msgid(list.linkname)) + "/\">";
    append_escaped_html(out, list.linkname);
    out += "</a>  ";
    append_escaped_html(out, list.name);
    out += "\n";
  }
  out += "</pre>";
  out += kFooter;
  return out;
}

std::string message_page(const ListInfo& list, const Thread& t, int node, const MailView& mail) {
  const auto& n = t.nodes[static_cast<std::size_t>(node)];
  const auto& m = t.messages[static_cast<std::size_t>(n.message)];
  constexpr std::string_view kList = "../";
  std::string out = page_head(mail.subject + " - " + author_of(m), kList);
  out += top_form(list, kList);
  out += "<pre id=b>";
  out += folded("From: ", {mail.from});
  out += "\n";
  if (!mail.to.empty()) out += folded("To: ", split_addresses(mail.to)) + "\n";
  if (!mail.cc.empty()) out += folded("Cc: ", split_addresses(mail.cc)) + "\n";
  out += "Subject: <a href=\"#r\" id=t>" + escape_html(mail.subject) + "</a>\n";
  out += "Date: " + escape_html(mail.date) + "\t<a href=\"#r\">[thread overview]</a>\n";
  out += "Message-ID: &lt;" + escape_html(n.msgid) + "&gt; (<a href=\"raw\">raw</a>)\n";
  const std::string* parent = m.refs.empty() ? nullptr : &m.refs.front();
  if (parent != nullptr) {
    if (t.find(*parent) >= 0 && t.nodes[static_cast<std::size_t>(t.find(*parent))].message >= 0)
      out += "In-Reply-To: &lt;<a href=\"" + msg_href(kList, *parent) + "\">" + escape_html(*parent) + "</a>&gt;\n";
    else
      out += "In-Reply-To: &lt;" + escape_html(*parent) + "&gt;\n";
  }
  out += "\n" + mail.body_html + "</pre><hr><pre>\n";

  // next / prev follow the thread's tree order.
  std::vector<int> real;
  for (int x : t.tree_order)
    if (t.nodes[static_cast<std::size_t>(x)].message >= 0) real.push_back(x);
  std::size_t here = 0;
  while (here < real.size() && real[here] != node) ++here;
  if (here + 1 < real.size())
    out += "<a href=\"" + msg_href(kList, t.nodes[static_cast<std::size_t>(real[here + 1])].msgid) +
           "\" rel=next>next</a> ";
  if (here > 0 && here < real.size())
    out += "<a href=\"" + msg_href(kList, t.nodes[static_cast<std::size_t>(real[here - 1])].msgid) +
           "\" rel=prev>prev</a> ";
  if (parent != nullptr && t.find(*parent) >= 0 && t.nodes[static_cast<std::size_t>(t.find(*parent))].message >= 0)
    out += "<a href=\"" + msg_href(kList, *parent) + "\">parent</a> ";
  out += "<a href=\"#R\">reply</a>\n";
  out += "\tother threads:[<a href=\"../?t=" + compact_time(t.newest_received()) + "\">~" +
         utc_date(t.newest_received()) + "</a>|<a href=\"../\">newest</a>]\n\n";
  if (t.messages.size() == 1 && n.children.empty()) {
    out += "<a id=r>Thread overview</a>: [no followups] expand[<a href=\"T/#u\">flat</a>|<a href=\"t/#u\">nested</a>]"
           "  <a href=\"t.mbox.gz\">mbox.gz</a>  <a href=\"t.atom\">Atom feed</a>\n";
  } else {
    out += "Thread overview: <a href=\"#r\">" + std::to_string(t.messages.size()) +
           "+ messages</a> / expand[<a href=\"T/#u\">flat</a>|<a href=\"t/#u\">nested</a>]"
           "  <a href=\"t.mbox.gz\">mbox.gz</a>  <a href=\"t.atom\">Atom feed</a>  <a href=\"#b\">top</a>\n";
    out += overview(t, LinkStyle{false, kList}, node);
  }
  out += "</pre><hr><pre id=R>Reply instructions:\n\nReply to all the recipients of this message with\n"
         "git send-email or your mail client, setting In-Reply-To to\n  &lt;" +
         escape_html(n.msgid) + "&gt;\nand quoting the <a href=\"raw\">raw</a> message; for example:\n\n"
         "  git send-email \\\n    --in-reply-to=" + escape_html("'" + n.msgid + "'") + " \\\n";
  if (!list.listemail.empty()) out += "    --to=" + escape_html(list.listemail) + " \\\n";
  out += "    /path/to/YOUR_REPLY\n</pre>";
  out += kFooter;
  return out;
}

namespace {

// One message of a thread page: subject, mini-skeleton, headers, body, links.
std::string thread_message(const Thread& t, int node, int current, const MailView& mail, bool nested) {
  constexpr std::string_view kList = "../../";
  const auto& n = t.nodes[static_cast<std::size_t>(node)];
  const auto& m = t.messages[static_cast<std::size_t>(n.message)];
  const std::string sha = sha1_hex(n.msgid);
  const std::string href = msg_href(kList, n.msgid);
  std::string out = "<pre><a href=\"#e" + sha + "\" id=\"m" + sha + "\">*</a> ";
  out += node == current ? "<u id=u><b>" + escape_html(mail.subject) + "</b></u>\n"
                         : "<b>" + escape_html(mail.subject) + "</b>\n";
  out += mini_skeleton(t, node, kList);
  out += "From: " + escape_html(author_of(m)) + " @ " + utc_date(m.date) + " (<a href=\"" + href +
         "\">permalink</a> / <a href=\"" + href + "raw\">raw</a>)\n";
  if (!mail.to.empty()) out += folded("  To: ", names_of(mail.to)) + "\n";
  if (!mail.cc.empty()) out += folded("  Cc: ", names_of(mail.cc)) + "\n";
  out += "\n" + mail.body_html;
  if (!mail.body_html.ends_with('\n')) out += '\n';
  out += "\n<a href=\"#m" + sha + "\" id=\"e" + sha + "\">^</a> <a href=\"" + href + "\">permalink</a> <a href=\"" +
         href + "raw\">raw</a> <a href=\"" + href + "#R\">reply</a>\t[" +
         (nested ? "<a href=\"" + href + "T/#u\">flat</a>|<a href=\"" + href + "t/#u\"><b>nested</b></a>"
                 : "<a href=\"" + href + "T/#u\"><b>flat</b></a>|<a href=\"" + href + "t/#u\">nested</a>") +
         "] <a href=\"#r" + sha + "\">" + count_text(t) + "</a>\n</pre>";
  return out;
}

}  // namespace

std::string thread_page(const ListInfo& list, const Thread& t, int current, const Views& views,
                        bool nested) {
  constexpr std::string_view kList = "../../";
  std::string root_subject;
  for (int node : t.tree_order) {
    const auto& n = t.nodes[static_cast<std::size_t>(node)];
    if (n.message >= 0) {
      root_subject = views[static_cast<std::size_t>(n.message)]->subject;
      break;
    }
  }
  // One allocation for the whole page: growing a half-megabyte string step
  // by step costs more than rendering it (copies and fresh pages each time).
  std::size_t estimate = 4096 + 400 * t.nodes.size();
  for (const auto& v : views) estimate += v->body_html.size() + 1600;
  std::string out;
  out.reserve(estimate + estimate / 8);
  out += page_head(root_subject, kList);
  out += top_form(list, kList);
  if (nested) {
    int depth = -1;
    for (int node : t.tree_order) {
      const auto& n = t.nodes[static_cast<std::size_t>(node)];
      if (n.depth > depth) {
        for (; depth < n.depth; ++depth) out += "<ul>";
      } else {
        for (; depth > n.depth; --depth) out += "</li></ul>";
        out += "</li>";
      }
      out += "<li>";
      if (n.message < 0) {
        out += "<pre>[not found] &lt;" + escape_html(n.msgid) + "&gt;</pre>";
      } else {
        out += thread_message(t, node, current, *views[static_cast<std::size_t>(n.message)], true);
      }
    }
    for (; depth >= 0; --depth) out += "</li></ul>";
  } else {
    for (int index : t.by_date()) {
      const int node = t.find(t.messages[static_cast<std::size_t>(index)].msgid);
      if (t.nodes[static_cast<std::size_t>(node)].message != index) continue;
      out += thread_message(t, node, current, *views[static_cast<std::size_t>(index)], false) + "<hr>";
    }
  }
  const util::Timestamp newest = t.newest_received();
  out += "<pre>";
  out += t.messages.size() == 1 ? "only message in thread" : "end of thread";
  out += ", other threads:[<a href=\"" + std::string(kList) + "?t=" + compact_time(newest) + "\">~" + utc_date(newest) +
         "</a> | <a href=\"" + std::string(kList) + "\">newest</a>]\n\n";
  out += "<b id=t>Thread overview:</b> " + std::to_string(t.messages.size()) +
         "+ messages (download: <a href=\"../t.mbox.gz\">mbox.gz</a> / follow: <a href=\"../t.atom\">Atom feed</a>)\n"
         "-- links below jump to the message on this page --\n";
  out += overview(t, LinkStyle{true, kList}, current);
  out += "</pre>";
  out += kFooter;
  return out;
}

std::string index_page(const ListInfo& list, const IndexPage& page) {
  constexpr std::string_view kList = "./";
  std::string out = page_head(page.query ? *page.query + " - search results" : list.name, kList);
  out += top_form(list, kList);
  out += "<pre>";
  // Topics: messages grouped by their oldest reference, newest activity first.
  std::vector<std::string> order;
  std::unordered_map<std::string, std::vector<const MessageSummary*>> topics;
  for (const auto& m : page.window) {
    const std::string key = m.refs.empty() ? m.msgid : m.refs.back();
    auto [it, inserted] = topics.try_emplace(key);
    if (inserted) order.push_back(key);
    it->second.push_back(&m);
  }
  for (const auto& key : order) {
    const auto& group = topics[key];
    const MessageSummary* first = group.back();  // oldest in the window
    for (const auto* m : group)
      if (m->msgid == key) first = m;
    out += "<a href=\"" + escape_html(escape_msgid(first->msgid)) + "/T/#u\"><b>" +
           escape_html(first->subject.empty() ? "(no subject)" : first->subject) + "</b></a>\n";
    out += " " + utc_date(group.front()->date);
    if (group.size() > 1) out += "  (" + std::to_string(group.size()) + "+ messages)";
    out += "\n";
    std::string previous = normalize_subject(first->subject);
    for (auto it = group.rbegin(); it != group.rend(); ++it) {
      const MessageSummary* m = *it;
      if (m == first) continue;
      const std::string subject = normalize_subject(m->subject);
      if (subject == previous) continue;
      previous = subject;
      out += "  ` <a href=\"" + escape_html(escape_msgid(m->msgid)) + "/\">" + escape_html(m->subject) + "</a>\n";
    }
    out += "\n";
  }
  if (page.window.empty()) out += page.query ? "[No results found]\n" : "[No messages]\n";
  out += "</pre><hr><pre>page: ";
  if (page.has_older && !page.window.empty())
    out += "<a href=\"?t=" + compact_time(page.window.back().date) + "\">next (older)</a> | ";
  if (!page.window.empty())
    out += "<a href=\"?t=" + compact_time(page.window.front().date + 1000000) + "-\">prev (newer)</a> | ";
  out += "<a href=\"./\">latest</a></pre>";
  out += kFooter;
  return out;
}

}  // namespace patchloom::archive
