// Atom feeds (RFC 4287 with RFC 4685 threading), as public-inbox writes them:
// us-ascii XML, every non-ASCII character as a character reference.
#include <cstdio>

#include "patchloom/archive/msgid.hpp"
#include "patchloom/util/text.hpp"
#include "render.hpp"

namespace patchloom::archive {

namespace {

bool allowed_in_xml(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
         (cp >= 0x10000 && cp <= 0x10FFFF);
}

void append_xml(std::string& out, std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = util::next_code_point(text, i);
    switch (cp) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      case '\'': out += "&#39;"; continue;
      default: break;
    }
    if (!allowed_in_xml(cp)) continue;
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "&#x%X;", static_cast<unsigned>(cp));
      out += buf;
    }
  }
}

std::string xml(std::string_view text) {
  std::string out;
  append_xml(out, text);
  return out;
}

std::string atom_time(util::Timestamp t) {
  const auto c = util::to_civil(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02dZ", static_cast<long long>(c.year), c.month, c.day,
                c.hour, c.minute, c.second);
  return buf;
}

std::string uuid_of(std::string_view text) {
  const std::string h = sha1_hex(text);
  return "urn:uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" +
         h.substr(20, 12);
}

}  // namespace

std::string thread_feed_id(std::string_view bare_msgid) { return uuid_of("t\n" + std::string(bare_msgid)); }

std::string atom_feed(const ListInfo& list, std::string_view base, std::string_view feed_id, std::string_view title,
                      const std::vector<const MessageSummary*>& messages, const Views& views) {
  util::Timestamp updated = 0;
  for (const auto* m : messages) updated = std::max(updated, m->date);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"us-ascii\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:thr=\"http://purl.org/syndication/thread/1.0\">";
  out += "<title>" + xml(title) + "</title>";
  out += "<link rel=\"alternate\" type=\"text/html\" href=\"" + xml(base) + "\"/>";
  out += "<link rel=\"self\" href=\"" + xml(base) + "new.atom\"/>";
  out += "<id>" + xml(feed_id) + "</id>";
  out += "<updated>" + atom_time(updated) + "</updated>";
  if (messages.empty()) out += "<author><name>" + xml(list.name) + "</name></author>";
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const MessageSummary& m = *messages[i];
    const MailView& v = *views[i];
    out += "\n<entry><author><name>" + xml(m.from_name.empty() ? m.from_email : m.from_name) + "</name><email>" +
           xml(m.from_email) + "</email></author>";
    out += "<title>" + xml(v.subject) + "</title>";
    out += "<updated>" + atom_time(m.date) + "</updated>";
    out += "<link href=\"" + xml(std::string(base) + escape_msgid(m.msgid) + "/") + "\"/>";
    out += "<id>" + uuid_of(m.msgid) + "</id>";
    if (!m.refs.empty()) {
      out += "<thr:in-reply-to ref=\"" + uuid_of(m.refs.front()) + "\" href=\"" +
             xml(std::string(base) + escape_msgid(m.refs.front()) + "/") + "\"/>";
    }
    out += "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><pre style=\"white-space:pre-wrap\">";
    append_xml(out, v.body_text);
    out += "</pre></div></content></entry>";
  }
  out += "\n</feed>\n";
  return out;
}

}  // namespace patchloom::archive
