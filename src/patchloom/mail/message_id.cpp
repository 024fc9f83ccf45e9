#include "patchloom/mail/message_id.hpp"

#include <algorithm>
#include <tuple>

#include "patchloom/mail/header_decode.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::mail {

namespace {

constexpr std::size_t kMaxMsgid = 255;

// Python's re.search(r'<[^>]+>', text) from `pos`: [start, end) or npos.
std::pair<std::size_t, std::size_t> find_bracketed(std::string_view text, std::size_t pos) {
  for (std::size_t open = text.find('<', pos); open != std::string_view::npos; open = text.find('<', open + 1)) {
    const std::size_t close = text.find('>', open + 1);
    if (close == std::string_view::npos) break;
    if (close > open + 1) return {open, close + 1};
  }
  return {std::string_view::npos, std::string_view::npos};
}

// The first bracketed id of a cleaned header, else the whole (stripped) value.
std::string first_id_or_value(std::string_view cleaned) {
  const std::string_view id = first_bracketed(cleaned);
  return std::string(id.empty() ? util::py_strip(cleaned) : id);
}

}  // namespace

std::string_view first_bracketed(std::string_view text) {
  const auto [start, end] = find_bracketed(text, 0);
  return start == std::string_view::npos ? std::string_view{} : text.substr(start, end - start);
}

Result<std::string> find_message_id(const Message& message) {
  const auto cleaned = clean_header(message, "Message-Id");
  if (!cleaned || cleaned->empty()) return make_error("Broken 'Message-Id' header");
  return util::py_truncate(first_id_or_value(*cleaned), kMaxMsgid);
}

std::vector<std::string> find_references(const Message& message) {
  std::vector<std::string> refs;
  for (const Header* h : message.all_headers("In-Reply-To")) {
    const auto cleaned = clean_header(h->value);
    if (cleaned && !cleaned->empty()) refs.push_back(first_id_or_value(*cleaned));
  }
  for (const Header* h : message.all_headers("References")) {
    const auto cleaned = clean_header(h->value);
    if (!cleaned || cleaned->empty()) continue;
    std::vector<std::string_view> ids;
    for (auto [start, end] = find_bracketed(*cleaned, 0); start != std::string_view::npos;
         std::tie(start, end) = find_bracketed(*cleaned, end)) {
      ids.push_back(std::string_view(*cleaned).substr(start, end - start));
    }
    for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
      if (std::find(refs.begin(), refs.end(), *it) == refs.end()) refs.emplace_back(*it);
    }
  }
  return refs;
}

std::string url_msgid(std::string_view msgid) {
  const std::size_t start = msgid.find_first_not_of("<>");
  if (start == std::string_view::npos) return {};
  const std::size_t end = msgid.find_last_not_of("<>");
  return std::string(msgid.substr(start, end + 1 - start));
}

std::string encoded_msgid(std::string_view msgid) {
  std::string out = url_msgid(msgid);
  util::replace_all(out, "/", "%2F");
  return out;
}

std::string decode_msgid(std::string_view encoded) {
  std::string id(encoded);
  util::replace_all(id, "%2F", "/");
  return "<" + id + ">";
}

}  // namespace patchloom::mail
