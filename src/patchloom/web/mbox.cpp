#include "patchloom/web/mbox.hpp"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

#include "patchloom/mail/address.hpp"
#include "patchloom/mail/header_decode.hpp"
#include "patchloom/util/regex.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::web {

namespace {

constexpr std::array<const char*, 7> kDays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

bool has_8bit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// Monday = 0, as Python's weekday().
int weekday(util::Timestamp t) {
  const std::int64_t day = (t >= 0 ? t : t - 86'400'000'000 + 1) / 86'400'000'000;
  return static_cast<int>(((day % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
}

bool qp_header_safe(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '!' ||
         c == '*' || c == '+' || c == '/';
}

std::string qp_header_word(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "=?utf-8?q?";
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == ' ') {
      out += '_';
    } else if (qp_header_safe(c)) {
      out += ch;
    } else {
      out += '=';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out + "?=";
}

std::size_t qp_header_length(std::string_view bytes) {
  std::size_t n = 0;
  for (char ch : bytes) {
    const auto c = static_cast<unsigned char>(ch);
    n += (c == ' ' || qp_header_safe(c)) ? 1 : 3;
  }
  return n;
}

std::string base64_header_word(std::string_view bytes) {
  std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(encoded.find('\0'));
  return "=?utf-8?b?" + encoded + "?=";
}

// Charset('utf-8').header_encode(): SHORTEST picks base64 only when strictly
// shorter than quoted-printable.
std::string utf8_header_word(std::string_view bytes) {
  const std::size_t b64 = (bytes.size() + 2) / 3 * 4;
  return b64 < qp_header_length(bytes) ? base64_header_word(bytes) : qp_header_word(bytes);
}

// One header as the compat32 generator writes it.
void append_header(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ": ";
  // Upstream fails with a server error where Python refuses to fold; we
  // keep the value as it is instead.
  const auto folded = mail::fold_ascii_header(name, value);
  out += folded ? *folded : std::string(value);
  out += '\n';
}

struct HeaderField {
  std::string name;
  std::string value;
};

bool is_header_name_char(unsigned char c) { return c >= 0x21 && c <= 0x7E && c != ':'; }

// What Python's compat32 feedparser reads back from a header block: fields
// with their folding kept ("Name: v\n more" -> value "v\n more"). Lines that
// cannot be headers end the block, as in HeaderParser.
std::vector<HeaderField> parse_header_block(std::string_view text) {
  std::vector<std::string_view> lines;  // each with its line ending
  for (std::size_t i = 0; i < text.size();) {
    std::size_t j = i;
    while (j < text.size() && text[j] != '\n' && text[j] != '\r') ++j;
    if (j < text.size()) j += (text[j] == '\r' && j + 1 < text.size() && text[j + 1] == '\n') ? 2 : 1;
    lines.push_back(text.substr(i, j - i));
    i = j;
  }
  std::vector<HeaderField> fields;
  std::vector<std::string_view> current;
  const auto flush = [&]() {
    if (current.empty()) return;
    const std::string_view first = current.front();
    const std::size_t colon = first.find(':');
    std::string_view rest = first.substr(colon + 1);
    rest.remove_prefix(std::min(rest.size(), rest.find_first_not_of(" \t")));
    std::string value(rest);
    for (std::size_t k = 1; k < current.size(); ++k) value += current[k];
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
    fields.push_back(HeaderField{std::string(first.substr(0, colon)), std::move(value)});
    current.clear();
  };
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string_view line = lines[n];
    std::size_t k = 0;
    while (k < line.size() && is_header_name_char(static_cast<unsigned char>(line[k]))) ++k;
    const bool header_like = util::starts_with(line, "From ") || (k < line.size() && line[k] == ':') ||
                             (!line.empty() && (line[0] == ' ' || line[0] == '\t'));
    if (!header_like) break;  // the end of the headers (an empty line, or junk)
    if (line[0] == ' ' || line[0] == '\t') {
      if (!current.empty()) current.push_back(line);
      continue;
    }
    flush();
    if (util::starts_with(line, "From ")) continue;  // an envelope line: dropped
    if (line.find(':') == 0) continue;                // no name: dropped
    current.push_back(line);
  }
  flush();
  return fields;
}

bool is_separator_line(std::string_view line) {
  return line == "--" || line == "---" || line == "-- " || line == "--- ";
}

// Splits the body once at the first "^-{2,3} ?$" line: before, and the rest
// starting with the newline that ended the separator line.
std::optional<std::pair<std::string_view, std::string_view>> split_postscript(std::string_view body) {
  for (std::size_t start = 0; start <= body.size();) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    if (is_separator_line(body.substr(start, end - start))) return std::pair{body.substr(0, start), body.substr(end)};
    start = end + 1;
  }
  return std::nullopt;
}

// The generator writes the body line by line with its own line ending:
// "\r\n" and a lone "\r" both become "\n".
std::string unix_newlines(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\r') {
      out += text[i];
      continue;
    }
    out += '\n';
    if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
  }
  return out;
}

std::string message_body(const MboxSubmission& s) {
  std::string body;
  if (s.content && !s.content->empty()) {
    body = std::string(util::py_strip(*s.content)) + "\n";
  }
  std::string postscript;
  if (auto parts = split_postscript(body)) {
    postscript = std::string(util::py_rstrip(parts->second));
    body = std::string(util::py_strip(parts->first)) + "\n";
  }
  static const util::Regex kCommentTag("^(Tested|Reviewed|Acked|Signed-off|Nacked|Reported)-by:.*$",
                                       util::Regex::kMultiline | util::Regex::kIgnoreCase);
  for (const auto& comment : s.comment_contents) {
    if (!comment) continue;
    for (const auto& m : kCommentTag.find_all(*comment)) {
      body += m.group(0);
      body += '\n';
    }
  }
  if (!postscript.empty()) body += "---" + postscript + "\n";
  if (s.is_patch && s.diff && !s.diff->empty()) body += "\n" + *s.diff;
  return body.find('\r') == std::string::npos ? body : unix_newlines(body);
}

}  // namespace

std::string format_address(const std::optional<std::string>& name, std::string_view email) {
  if (!name || name->empty()) return std::string(email);
  if (has_8bit(*name)) return utf8_header_word(*name) + " <" + std::string(email) + ">";
  const bool special = name->find_first_of("()<>@,:;\".[]\\") != std::string::npos;
  std::string escaped;
  for (char c : *name) {
    if (c == '\\' || c == '"') escaped += '\\';
    escaped += c;
  }
  const char* quote = special ? "\"" : "";
  return quote + escaped + quote + " <" + std::string(email) + ">";
}

std::string download_filename(std::string_view name) {
  std::string out;
  bool in_run = false;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '_' || c == '.';
    if (keep) {
      out += ch;
      in_run = false;
    } else if (!in_run) {
      out += '-';
      in_run = true;
    }
  }
  const auto first = out.find_first_not_of('-');
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of('-') - first + 1);
}

std::string ctime_string(util::Timestamp t) {
  const util::CivilTime c = util::to_civil(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %lld", kDays[static_cast<std::size_t>(weekday(t))],
                kMonths[static_cast<std::size_t>(c.month - 1)], c.day, c.hour, c.minute, c.second,
                static_cast<long long>(c.year));
  return buf;
}

std::string rfc2822_date(util::Timestamp t) {
  const util::CivilTime c = util::to_civil(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04lld %02d:%02d:%02d -0000", kDays[static_cast<std::size_t>(weekday(t))],
                c.day, kMonths[static_cast<std::size_t>(c.month - 1)], static_cast<long long>(c.year), c.hour, c.minute,
                c.second);
  return buf;
}

std::string render_mbox(const MboxSubmission& s, std::string_view list_email) {
  const std::string body = message_body(s);
  const std::string submitter = format_address(s.submitter_name, s.submitter_email);

  std::string out = "From patchwork " + ctime_string(s.date) + "\n";
  append_header(out, "Content-Type", "text/plain; charset=\"utf-8\"");
  append_header(out, "MIME-Version", "1.0");
  append_header(out, "Content-Transfer-Encoding", has_8bit(body) ? "8bit" : "7bit");
  append_header(out, "X-Patchwork-Submitter", submitter);
  append_header(out, "X-Patchwork-Id", std::to_string(s.id));
  if (s.is_patch && s.delegate_email) append_header(out, "X-Patchwork-Delegate", *s.delegate_email);

  bool has_date = false;
  for (const HeaderField& h : parse_header_block(s.headers)) {
    if (h.name == "Content-Type" || h.name == "Content-Transfer-Encoding") continue;
    if (util::iequals_ascii(h.name, "Date")) has_date = true;
    if (h.name == "From" && mail::split_from_header(h.value).email == list_email) {
      append_header(out, "X-Patchwork-Original-From", h.value);
      append_header(out, h.name, submitter);
      continue;
    }
    append_header(out, h.name, h.value);
  }
  if (!has_date) append_header(out, "Date", rfc2822_date(s.date));
  out += '\n';
  out += body;
  return out;
}

std::string join_mbox(const std::vector<std::string>& messages) {
  std::string out;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (i != 0) out += '\n';
    out += messages[i];
  }
  return out;
}

}  // namespace patchloom::web
