#pragma once
// Internal to the archive module: HTML and Atom text of the archive pages.
// Every piece of mail data goes through util::escape_html (or the XML
// equivalent) on its way out; markup in a subject or body is shown as text.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/archive/thread.hpp"
#include "queries.hpp"

namespace patchloom::archive {

// What a page shows of one stored mail.
struct MailView {
  std::string from;     // decoded From header, addresses included
  std::string to;       // decoded To header
  std::string cc;       // decoded Cc header
  std::string subject;  // decoded Subject
  std::string date;     // the Date header as written
  std::string body_html;  // escaped, quotes and diff lines marked up
  std::string body_text;  // plain text of the body (Atom)
};

MailView view_of(const std::string& raw);

// Views of several mails (shared: they may come from the view cache).
using Views = std::vector<std::shared_ptr<const MailView>>;

// Lower-case hex SHA-1 of the text (anchors and Atom ids).
std::string sha1_hex(std::string_view text);

// "YYYYMMDDhhmmss" for ?t= links.
std::string compact_time(util::Timestamp t);

std::string root_page(const std::vector<ListInfo>& lists);
std::string message_page(const ListInfo& list, const Thread& thread, int node, const MailView& mail);
// `views` is indexed like thread.messages.
std::string thread_page(const ListInfo& list, const Thread& thread, int current_node,
                        const Views& views, bool nested);

struct IndexPage {
  std::vector<MessageSummary> window;  // newest first
  bool has_older = false;
  std::optional<std::string> query;    // set for a search result page
};
std::string index_page(const ListInfo& list, const IndexPage& page);

// The feed id of a thread's Atom feed (a urn:uuid from "t\n<msgid>").
std::string thread_feed_id(std::string_view bare_msgid);
// `base` is "<scheme>://<host>/archive/<list>/"; `messages` come with their views.
std::string atom_feed(const ListInfo& list, std::string_view base, std::string_view feed_id,
                      std::string_view title, const std::vector<const MessageSummary*>& messages,
                      const Views& views);

}  // namespace patchloom::archive
