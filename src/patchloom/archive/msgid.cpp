#include "patchloom/archive/msgid.hpp"

#include <array>

namespace patchloom::archive {

namespace {

bool is_safe_msgid_byte(unsigned char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return true;
  static constexpr std::string_view kSafe = "-._~!$&'()*+,;=:@";
  return kSafe.find(static_cast<char>(c)) != std::string_view::npos;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> split_slash(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto slash = s.find('/', start);
    if (slash == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, slash - start));
    start = slash + 1;
  }
}

// The message-id made of segments [0, end), each decoded, joined with '/'.
std::optional<std::string> join_msgid(const std::vector<std::string_view>& segments, std::size_t end) {
  std::string out;
  for (std::size_t i = 0; i < end; ++i) {
    auto decoded = unescape_segment(segments[i]);
    if (!decoded) return std::nullopt;
    if (i != 0) out += '/';
    out += *decoded;
  }
  // A NUL cannot be in a stored message-id (nor be bound as SQL text).
  if (out.empty() || out.find('\0') != std::string::npos) return std::nullopt;
  return out;
}

using Kind = ArchivePath::Kind;

// The kind named by a final segment after the message-id, when it is one.
std::optional<Kind> action_of(std::string_view last) {
  if (last == "raw") return Kind::raw;
  if (last == "t.mbox.gz" || last == "t.mbox") return Kind::thread_mbox;
  if (last == "t.atom") return Kind::thread_atom;
  if (last == "T") return Kind::flat_redirect;
  if (last == "t") return Kind::nested_redirect;
  if (last == "R") return Kind::reply_redirect;
  return std::nullopt;
}

// Segments after "/archive/<list>/" (at least one, possibly "").
ArchivePath parse_in_list(std::string list, const std::vector<std::string_view>& rest) {
  ArchivePath out;
  out.list = std::move(list);
  if (rest.size() == 1) {
    const auto only = rest.front();
    if (only.empty() || only == "index.html") {
      out.kind = Kind::index;
      return out;
    }
    if (only == "new.atom" || only == "atom.xml") {
      out.kind = Kind::new_atom;
      return out;
    }
  }
  std::size_t end = rest.size();
  Kind kind = Kind::message_redirect;
  if (rest.back().empty()) {
    end = rest.size() - 1;
    kind = Kind::message;
    if (end >= 2 && (rest[end - 1] == "T" || rest[end - 1] == "t" || rest[end - 1] == "f")) {
      kind = rest[end - 1] == "T" ? Kind::flat : rest[end - 1] == "t" ? Kind::nested : Kind::message;
      --end;
    }
  } else if (rest.size() >= 2) {
    if (auto action = action_of(rest.back())) {
      kind = *action;
      end = rest.size() - 1;
    }
  }
  auto msgid = join_msgid(rest, end);
  if (!msgid) return ArchivePath{};
  out.kind = kind;
  out.msgid = std::move(*msgid);
  return out;
}

}  // namespace

std::string escape_msgid(std::string_view bare_msgid) {
  static constexpr std::array<char, 16> kHex = {'0', '1', '2', '3', '4', '5', '6', '7',
                                                '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'};
  std::string out;
  out.reserve(bare_msgid.size() + 8);
  for (char ch : bare_msgid) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_safe_msgid_byte(c)) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::optional<std::string> unescape_segment(std::string_view segment) {
  std::string out;
  out.reserve(segment.size());
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '%') {
      out += segment[i];
      continue;
    }
    if (i + 2 >= segment.size()) return std::nullopt;
    const int hi = hex_value(segment[i + 1]);
    const int lo = hex_value(segment[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

std::string bare_msgid(std::string_view stored_msgid) {
  if (stored_msgid.size() >= 2 && stored_msgid.front() == '<' && stored_msgid.back() == '>')
    return std::string(stored_msgid.substr(1, stored_msgid.size() - 2));
  return std::string(stored_msgid);
}

std::string subject_filename(std::string_view subject) {
  std::string out;
  bool pending_dash = false;
  for (char ch : subject) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '.';
    if (!keep) {
      pending_dash = true;
      continue;
    }
    if (pending_dash && !out.empty()) out += '-';
    pending_dash = false;
    out += ch;
  }
  // Leading dashes never get written; trim '.' and '-' at both ends.
  std::size_t begin = 0;
  while (begin < out.size() && (out[begin] == '.' || out[begin] == '-')) ++begin;
  std::size_t end = out.size();
  while (end > begin && (out[end - 1] == '.' || out[end - 1] == '-')) --end;
  out = out.substr(begin, end - begin);
  return out.empty() ? std::string("no-subject") : out;
}

ArchivePath parse_archive_path(std::string_view raw_path) {
  constexpr std::string_view kPrefix = "/archive";
  if (!raw_path.starts_with(kPrefix)) return ArchivePath{};
  std::string_view rest = raw_path.substr(kPrefix.size());
  if (rest.empty() || rest == "/") return ArchivePath{Kind::root, "", ""};
  if (rest.front() != '/') return ArchivePath{};
  rest.remove_prefix(1);
  auto segments = split_slash(rest);
  auto list = unescape_segment(segments.front());
  if (!list || list->empty() || list->find('\0') != std::string::npos) return ArchivePath{};
  if (segments.size() == 1) return ArchivePath{Kind::list_redirect, *list, ""};
  std::vector<std::string_view> tail(segments.begin() + 1, segments.end());
  if (*list == "r") {
    // lore's short link /r/<msgid>: the message-id is everything after it.
    if (!tail.empty() && tail.back().empty()) tail.pop_back();
    auto msgid = join_msgid(tail, tail.size());
    if (!msgid) return ArchivePath{};
    return ArchivePath{Kind::short_link, "", *msgid};
  }
  return parse_in_list(*list, tail);
}

}  // namespace patchloom::archive
