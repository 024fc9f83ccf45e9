#include "patchloom/mail/transfer_encoding.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "patchloom/util/text.hpp"

namespace patchloom::mail {
namespace {

constexpr std::uint8_t kNotBase64 = 0xff;

constexpr std::array<std::uint8_t, 256> make_base64_table() {
  std::array<std::uint8_t, 256> table{};
  for (auto& v : table) v = kNotBase64;
  constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    table[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
  }
  return table;
}

constexpr auto kBase64 = make_base64_table();

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One line of binascii.a2b_uu; nullopt where binascii raises Error.
std::optional<std::string> a2b_uu(std::string_view line) {
  // binascii reads the terminating NUL of an empty buffer as the length byte.
  const unsigned char first = line.empty() ? 0 : static_cast<unsigned char>(line[0]);
  std::size_t bin_len = static_cast<std::size_t>((first - ' ') & 077);
  std::size_t pos = line.empty() ? 0 : 1;
  std::string out;
  unsigned leftchar = 0;
  int leftbits = 0;
  while (bin_len > 0) {
    unsigned ch = 0;
    if (pos < line.size()) {
      const auto c = static_cast<unsigned char>(line[pos]);
      if (c != '\n' && c != '\r') {
        if (c < ' ' || c > ' ' + 64) return std::nullopt;  // "Illegal char"
        ch = (c - ' ') & 077u;
      }
      ++pos;
    }
    leftchar = (leftchar << 6) | ch;
    leftbits += 6;
    if (leftbits >= 8) {
      leftbits -= 8;
      out.push_back(static_cast<char>((leftchar >> leftbits) & 0xffu));
      leftchar &= (1u << leftbits) - 1;
      --bin_len;
    }
  }
  for (; pos < line.size(); ++pos) {
    const char c = line[pos];
    if (c != ' ' && c != ' ' + 64 && c != '\n' && c != '\r') return std::nullopt;  // "Trailing garbage"
  }
  return out;
}

// int(field, 8) as Python accepts it: surrounding whitespace, a sign, an
// optional 0o prefix, single underscores between digits.
bool is_python_octal_int(std::string_view field) {
  std::string_view s = util::py_strip(field);
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'O')) {
    s.remove_prefix(2);
    if (!s.empty() && s[0] == '_') s.remove_prefix(1);
  }
  if (s.empty()) return false;
  bool previous_was_digit = false;
  for (char c : s) {
    if (c >= '0' && c <= '7') {
      previous_was_digit = true;
    } else if (c == '_' && previous_was_digit) {
      previous_was_digit = false;
    } else {
      return false;
    }
  }
  return previous_was_digit;
}

// "begin <mode> ...": the mode must be an octal int as Python parses it.
bool is_uu_begin_line(std::string_view line) {
  if (!line.starts_with("begin ")) return false;
  std::string_view mode = line.substr(6);
  mode = mode.substr(0, mode.find(' '));
  return is_python_octal_int(mode);
}

bool is_uu_end_line(std::string_view line) {
  constexpr std::string_view kStripped = " \t\r\n\f";
  const auto b = line.find_first_not_of(kStripped);
  if (b == std::string_view::npos) return false;
  const auto e = line.find_last_not_of(kStripped);
  return line.substr(b, e - b + 1) == "end";
}

// bytes.splitlines(): lines end at "\r\n", "\r" or "\n", which are dropped.
std::vector<std::string_view> split_lines(std::string_view data) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos < data.size()) {
    const auto end = data.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) {
      lines.push_back(data.substr(pos));
      break;
    }
    lines.push_back(data.substr(pos, end - pos));
    pos = end + ((data[end] == '\r' && end + 1 < data.size() && data[end + 1] == '\n') ? 2 : 1);
  }
  return lines;
}

// email.message._decode_uu; nullopt where it raises ValueError.
std::optional<std::string> python_decode_uu(std::string_view payload) {
  const std::vector<std::string_view> lines = split_lines(payload);
  std::size_t i = 0;
  while (i < lines.size() && !is_uu_begin_line(lines[i])) ++i;
  if (i == lines.size()) return std::nullopt;  // "`begin` line not found"
  std::string out;
  for (++i; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (line.empty()) return std::nullopt;  // "Truncated input"
    if (is_uu_end_line(line)) break;
    auto data = a2b_uu(line);
    if (!data) {
      // Python's workaround for encoders that pad lines: decode only the
      // characters the length byte asks for.
      const auto count = static_cast<std::size_t>(
          ((((static_cast<unsigned char>(line[0]) - 32) & 63) * 4) + 5) / 3);
      data = a2b_uu(line.substr(0, count));
      if (!data) return std::nullopt;
    }
    out += *data;
  }
  return out;
}

}  // namespace

std::string decode_base64_lenient(std::string_view payload) {
  std::string joined;
  joined.reserve(payload.size());
  for (char c : payload) {
    if (c != '\r' && c != '\n') joined.push_back(c);
  }
  std::string out;
  out.reserve(joined.size() / 4 * 3 + 3);
  int quad_pos = 0;
  int pads = 0;
  unsigned leftchar = 0;
  for (char c : joined) {
    if (c == '=') {
      if (quad_pos >= 2 && quad_pos + ++pads >= 4) return out;  // padding completes the quad
      continue;
    }
    const std::uint8_t v = kBase64[static_cast<unsigned char>(c)];
    if (v == kNotBase64) continue;
    pads = 0;
    switch (quad_pos) {
      case 0:
        leftchar = v;
        quad_pos = 1;
        break;
      case 1:
        out.push_back(static_cast<char>((leftchar << 2) | (v >> 4)));
        leftchar = v & 0x0fu;
        quad_pos = 2;
        break;
      case 2:
        out.push_back(static_cast<char>((leftchar << 4) | (v >> 2)));
        leftchar = v & 0x03u;
        quad_pos = 3;
        break;
      default:
        out.push_back(static_cast<char>((leftchar << 6) | v));
        quad_pos = 0;
        break;
    }
  }
  // A lone trailing data character cannot be padded into a quad: Python gives
  // up and returns the encoded bytes.
  if (quad_pos == 1) return joined;
  return out;
}

std::string decode_quoted_printable(std::string_view payload) {
  std::string out;
  out.reserve(payload.size());
  std::size_t i = 0;
  const std::size_t n = payload.size();
  while (i < n) {
    const char c = payload[i];
    if (c != '=') {
      out.push_back(c);
      ++i;
      continue;
    }
    ++i;
    if (i >= n) break;
    if (payload[i] == '\n' || payload[i] == '\r') {
      // Soft line break: "=\r" swallows everything up to the next LF.
      if (payload[i] != '\n') {
        while (i < n && payload[i] != '\n') ++i;
      }
      if (i < n) ++i;
    } else if (payload[i] == '=') {
      out.push_back('=');
      ++i;
    } else if (i + 1 < n && hex_value(payload[i]) >= 0 && hex_value(payload[i + 1]) >= 0) {
      out.push_back(static_cast<char>(hex_value(payload[i]) * 16 + hex_value(payload[i + 1])));
      i += 2;
    } else {
      out.push_back('=');
    }
  }
  return out;
}

std::string decode_uuencode(std::string_view payload) {
  auto decoded = python_decode_uu(payload);
  return decoded ? std::move(*decoded) : std::string(payload);
}

std::string decode_transfer_encoding(std::string_view payload, std::string_view cte) {
  const std::string encoding = util::ascii_lower(cte);
  if (encoding == "quoted-printable") return decode_quoted_printable(payload);
  if (encoding == "base64") return decode_base64_lenient(payload);
  if (encoding == "x-uuencode" || encoding == "uuencode" || encoding == "uue" || encoding == "x-uue") {
    return decode_uuencode(payload);
  }
  return std::string(payload);
}

}  // namespace patchloom::mail
