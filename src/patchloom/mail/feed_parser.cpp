#include "feed_parser.hpp"

#include <cstring>

namespace patchloom::mail::detail {
namespace {

// Python recurses once per nesting level and would stop with RecursionError
// long before this; deeper parts are kept as opaque payload instead.
constexpr int kMaxDepth = 100;

bool starts_with_newline(std::string_view line) {
  return !line.empty() && (line.front() == '\r' || line.front() == '\n');
}

// feedparser.headerRE: ^(From |[\041-\071\073-\176]*:|[\t ])
bool is_header_line(std::string_view line) {
  if (line.starts_with("From ")) return true;
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) return true;
  for (char c : line) {
    if (c == ':') return true;
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x21 || u > 0x7e) return false;
  }
  return false;
}

// Removes one trailing "\r\n", "\r" or "\n" (feedparser.NLCRE_eol).
std::string_view without_line_end(std::string_view line) {
  if (line.ends_with("\r\n")) return line.substr(0, line.size() - 2);
  if (line.ends_with('\n') || line.ends_with('\r')) return line.substr(0, line.size() - 1);
  return line;
}

void strip_one_line_end(std::string& s) {
  if (s.ends_with("\r\n")) {
    s.resize(s.size() - 2);
  } else if (s.ends_with('\n') || s.ends_with('\r')) {
    s.pop_back();
  }
}

struct BoundaryMatch {
  bool matched = false;
  bool is_close = false;
};

// The feedparser's boundary predicate: the separator, an optional "--",
// spaces or tabs, then only the line end.
BoundaryMatch match_boundary(std::string_view line, std::string_view separator) {
  if (!line.starts_with(separator)) return {};
  std::string_view rest = line.substr(separator.size());
  bool close = false;
  if (rest.starts_with("--")) {
    close = true;
    rest.remove_prefix(2);
  }
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t')) rest.remove_prefix(1);
  if (rest.empty() || rest == "\n" || rest == "\r" || rest == "\r\n") return {true, close};
  return {};
}

// feedparser.BufferedSubFile over a complete buffer: lines with their line
// ends, pushed-back lines, and a stack of boundaries that each look like EOF.
class LineReader {
 public:
  explicit LineReader(std::string_view data) : data_(data) {}

  // The next line, or nullopt at the real end or at a line matching any
  // active boundary (that line stays unread).
  std::optional<std::string_view> readline() {
    std::string_view line;
    if (!pushed_back_.empty()) {
      line = pushed_back_.back();
      pushed_back_.pop_back();
    } else if (pos_ < data_.size()) {
      line = next_physical_line();
    } else {
      return std::nullopt;
    }
    for (auto it = boundaries_.rbegin(); it != boundaries_.rend(); ++it) {
      const bool at_eof = it->empty() ? starts_with_newline(line) : match_boundary(line, *it).matched;
      if (at_eof) {
        pushed_back_.push_back(line);
        return std::nullopt;
      }
    }
    return line;
  }

  void unreadline(std::string_view line) { pushed_back_.push_back(line); }
  void push_boundary(std::string separator) { boundaries_.push_back(std::move(separator)); }
  // An empty line looks like EOF until the matching pop_boundary().
  void push_blank_line_end() { boundaries_.emplace_back(); }
  void pop_boundary() { boundaries_.pop_back(); }

 private:
  std::string_view next_physical_line() {
    const char* begin = data_.data() + pos_;
    const std::size_t left = data_.size() - pos_;
    const auto* lf = static_cast<const char*>(std::memchr(begin, '\n', left));
    const std::size_t lf_len = lf ? static_cast<std::size_t>(lf - begin) : left;
    const auto* cr = static_cast<const char*>(std::memchr(begin, '\r', lf_len));
    std::size_t len;
    if (cr) {
      len = static_cast<std::size_t>(cr - begin) + 1;
      if (len < left && begin[len] == '\n') ++len;
    } else {
      len = lf ? lf_len + 1 : left;
    }
    pos_ += len;
    return {begin, len};
  }

  std::string_view data_;
  std::size_t pos_ = 0;
  std::vector<std::string_view> pushed_back_;
  std::vector<std::string> boundaries_;  // "--boundary" separators; "" stands for a blank line
};

class FeedParser {
 public:
  explicit FeedParser(std::string_view raw) : reader_(raw) {}

  ParsedTree run() {
    parse_part("text/plain", 0);
    return std::move(tree_);
  }

 private:
  // feedparser._parsegen: one message (the mail or a sub-part) from the
  // current position; appends it and its sub-parts to tree_.parts.
  void parse_part(std::string_view default_type, int depth) {
    const std::size_t index = tree_.parts.size();
    tree_.parts.emplace_back();
    tree_.parts[index].depth = depth;
    last_ = index;

    std::vector<std::string_view> header_lines;
    while (auto line = reader_.readline()) {
      if (!is_header_line(*line)) {
        // The empty separator line is dropped; anything else starts the body.
        if (!starts_with_newline(*line)) reader_.unreadline(*line);
        break;
      }
      header_lines.push_back(*line);
    }
    tree_.parts[index].headers = parse_headers(header_lines, index == 0);

    const Header* ct_header = find_header(tree_.parts[index].headers, "content-type");
    std::optional<std::string_view> ct_value;
    if (ct_header) ct_value = ct_header->value;
    tree_.parts[index].content_type = parse_content_type(ct_value, default_type);
    const ContentType& ct = tree_.parts[index].content_type;

    if (depth >= kMaxDepth) {
      read_payload(index);
    } else if (ct.type == "message/delivery-status") {
      tree_.parts[index].is_container = true;
      parse_delivery_status(depth);
    } else if (ct.maintype == "message") {
      tree_.parts[index].is_container = true;
      parse_part("text/plain", depth + 1);
    } else if (ct.maintype == "multipart") {
      parse_multipart(index, ct_value.value_or(""), depth);
    } else {
      read_payload(index);
    }
  }

  // Blocks of headers separated by blank lines, each its own sub-message
  // (text/plain by default, with an empty payload).
  void parse_delivery_status(int depth) {
    while (true) {
      reader_.push_blank_line_end();
      parse_part("text/plain", depth + 1);
      reader_.pop_boundary();
      reader_.readline();  // the blank line, if any
      const auto next = reader_.readline();
      if (!next) break;
      reader_.unreadline(*next);
    }
  }

  void read_payload(std::size_t index) {
    std::string& payload = tree_.parts[index].payload;
    while (auto line = reader_.readline()) payload += *line;
  }

  void parse_multipart(std::size_t index, std::string_view ct_value, int depth) {
    const auto boundary = content_boundary(ct_value);
    if (!boundary) {
      read_payload(index);  // NoBoundaryInMultipartDefect: one opaque payload
      return;
    }
    const std::string separator = "--" + *boundary;
    const std::string child_default =
        tree_.parts[index].content_type.type == "multipart/digest" ? "message/rfc822" : "text/plain";
    bool in_preamble = true;
    std::string preamble;
    while (auto line = reader_.readline()) {
      const BoundaryMatch m = match_boundary(*line, separator);
      if (!m.matched) {
        if (in_preamble) preamble += *line;
        continue;
      }
      if (m.is_close) break;
      if (in_preamble) {
        in_preamble = false;
        tree_.parts[index].is_container = true;
        reader_.unreadline(*line);
        continue;
      }
      // Consecutive boundary lines delimit nothing.
      while (auto next = reader_.readline()) {
        if (!match_boundary(*next, separator).matched) {
          reader_.unreadline(*next);
          break;
        }
      }
      reader_.push_boundary(separator);
      parse_part(child_default, depth + 1);
      // The line end before a boundary belongs to the boundary (RFC 2046).
      Part& last = tree_.parts[last_];
      if (!last.is_container && last.content_type.maintype != "multipart") strip_one_line_end(last.payload);
      reader_.pop_boundary();
      last_ = index;
    }
    if (in_preamble) {
      // StartBoundaryNotFoundDefect: the text seen so far is the payload and
      // the rest (up to an enclosing boundary) is epilogue.
      tree_.parts[index].payload = std::move(preamble);
    }
    while (reader_.readline()) {
    }
  }

  // feedparser._parse_headers with compat32's header_source_parse.
  std::vector<Header> parse_headers(const std::vector<std::string_view>& lines, bool is_root) {
    std::vector<Header> headers;
    bool have_current = false;
    auto finish = [&headers](bool& have) {
      if (!have) return;
      std::string& v = headers.back().value;
      while (!v.empty() && (v.back() == '\r' || v.back() == '\n')) v.pop_back();
      have = false;
    };
    for (std::size_t lineno = 0; lineno < lines.size(); ++lineno) {
      const std::string_view line = lines[lineno];
      if (line.front() == ' ' || line.front() == '\t') {
        // A continuation with no header before it is dropped.
        if (have_current) headers.back().value += line;
        continue;
      }
      finish(have_current);
      if (line.starts_with("From ")) {
        if (lineno == 0) {
          if (is_root) tree_.envelope_from = std::string(without_line_end(line));
        } else if (lineno + 1 == lines.size()) {
          reader_.unreadline(line);  // probably the first body line
          return headers;
        }
        continue;
      }
      const auto colon = line.find(':');
      if (colon == 0) continue;  // no header name
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
      have_current = true;
    }
    finish(have_current);
    return headers;
  }

  LineReader reader_;
  ParsedTree tree_;
  std::size_t last_ = 0;
};

}  // namespace

ParsedTree parse_tree(std::string_view raw) { return FeedParser(raw).run(); }

}  // namespace patchloom::mail::detail
