// Header decoding and re-encoding with the exact behaviour of CPython's
// email.header (compat32): decode_header, make_header / Header.append,
// Header.__str__ and Header.encode with its line formatter, because Patchwork
// stores and compares the strings these produce (spec/parser.md §2.2, §2.3).
//
// Text is held as UTF-32 while it is a Python str: the folding rules count
// code points, and a raw 8-bit byte b of an 'unknown-8bit' chunk is the lone
// surrogate U+DC00+b, as Python's surrogateescape makes it.

#include "patchloom/mail/header_decode.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "patchloom/mail/charset.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::mail {

namespace {

using U32 = std::u32string;
using U32View = std::u32string_view;

constexpr std::string_view kUnknown8bit = "unknown-8bit";
constexpr std::size_t kMaxLineLen = 78;  // email.header.MAXLINELEN
constexpr std::size_t kChromeLen = 7;    // len("=??q??=")

bool is_surrogate_byte(char32_t c) { return c >= 0xDC80 && c <= 0xDCFF; }

// ---------------------------------------------------------------------------
// Python str helpers on UTF-32.

bool is_line_boundary(char32_t c) {
  switch (c) {
    case U'\n': case U'\r': case 0x0B: case 0x0C: case 0x1C: case 0x1D: case 0x1E:
    case 0x85: case 0x2028: case 0x2029:
      return true;
    default:
      return false;
  }
}

// str.splitlines() without keepends.
std::vector<U32View> splitlines(U32View s) {
  std::vector<U32View> lines;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (!is_line_boundary(s[i])) { ++i; continue; }
    lines.push_back(s.substr(start, i - start));
    i += (s[i] == U'\r' && i + 1 < s.size() && s[i + 1] == U'\n') ? 2 : 1;
    start = i;
  }
  if (start < s.size()) lines.push_back(s.substr(start));
  return lines;
}

U32View lstrip(U32View s) {
  std::size_t i = 0;
  while (i < s.size() && util::is_py_space(s[i])) ++i;
  return s.substr(i);
}

// Header._nonctext: whitespace, or one of the comment delimiters.
bool nonctext(char32_t c) { return util::is_py_space(c) || c == U'(' || c == U')' || c == U'\\'; }

U32 utf8_to_u32(std::string_view s) {
  U32 out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) out.push_back(util::next_code_point(s, i));
  return out;
}

// bytes.decode('us-ascii', 'surrogateescape').
U32 bytes_to_escaped(std::string_view bytes) {
  U32 out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(b < 0x80 ? char32_t{b} : char32_t{0xDC00u + b});
  }
  return out;
}

// UTF-8 for display; escaped bytes become U+FFFD (Python's errors='replace').
void append_display(std::string& out, U32View s) {
  for (const char32_t c : s) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c >= 0xD800 && c <= 0xDFFF) {
      out += "\xEF\xBF\xBD";
    } else {
      util::append_utf8(out, c);
    }
  }
}

// ---------------------------------------------------------------------------
// email.charset.Charset, reduced to what Header needs.

enum class HeaderEncoding { kNone, kQuotedPrintable, kBase64, kShortest };

struct Charset {
  std::string input;   // input_charset: lower-cased, after ALIASES; also its identity
  std::string output;  // get_output_charset(): counted in the encoded-word chrome
  std::string input_codec;
  std::string output_codec;  // written into encoded words; empty means None
  HeaderEncoding encoding = HeaderEncoding::kShortest;

  bool is_ascii() const { return input == "us-ascii" || input == "none"; }  // == None/'us-ascii'
  bool is_unknown8bit() const { return input == kUnknown8bit; }
};

std::string_view charset_alias(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kAliases[] = {
      {"latin_1", "iso-8859-1"},  {"latin-1", "iso-8859-1"},  {"latin_2", "iso-8859-2"},
      {"latin-2", "iso-8859-2"},  {"latin_3", "iso-8859-3"},  {"latin-3", "iso-8859-3"},
      {"latin_4", "iso-8859-4"},  {"latin-4", "iso-8859-4"},  {"latin_5", "iso-8859-9"},
      {"latin-5", "iso-8859-9"},  {"latin_6", "iso-8859-10"}, {"latin-6", "iso-8859-10"},
      {"latin_7", "iso-8859-13"}, {"latin-7", "iso-8859-13"}, {"latin_8", "iso-8859-14"},
      {"latin-8", "iso-8859-14"}, {"latin_9", "iso-8859-15"}, {"latin-9", "iso-8859-15"},
      {"latin_10", "iso-8859-16"}, {"latin-10", "iso-8859-16"}, {"cp949", "ks_c_5601-1987"},
      {"euc_jp", "euc-jp"},       {"euc_kr", "euc-kr"},       {"ascii", "us-ascii"},
  };
  for (const auto& [alias, canonical] : kAliases) {
    if (alias == name) return canonical;
  }
  return name;
}

// email.charset.CHARSETS: header encoding and output conversion.
struct CharsetRule {
  std::string_view name;
  HeaderEncoding encoding;
  std::string_view convert_to;
};

const CharsetRule* charset_rule(std::string_view name) {
  using enum HeaderEncoding;
  static constexpr CharsetRule kRules[] = {
      {"iso-8859-1", kQuotedPrintable, ""},  {"iso-8859-2", kQuotedPrintable, ""},
      {"iso-8859-3", kQuotedPrintable, ""},  {"iso-8859-4", kQuotedPrintable, ""},
      {"iso-8859-9", kQuotedPrintable, ""},  {"iso-8859-10", kQuotedPrintable, ""},
      {"iso-8859-13", kQuotedPrintable, ""}, {"iso-8859-14", kQuotedPrintable, ""},
      {"iso-8859-15", kQuotedPrintable, ""}, {"iso-8859-16", kQuotedPrintable, ""},
      {"windows-1252", kQuotedPrintable, ""}, {"viscii", kQuotedPrintable, ""},
      {"us-ascii", kNone, ""},               {"big5", kBase64, ""},
      {"gb2312", kBase64, ""},               {"euc-jp", kBase64, "iso-2022-jp"},
      {"shift_jis", kBase64, "iso-2022-jp"}, {"iso-2022-jp", kBase64, ""},
      {"koi8-r", kBase64, ""},               {"utf-8", kShortest, "utf-8"},
  };
  for (const auto& rule : kRules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

// email.charset.CODEC_MAP.
std::string codec_for(std::string_view charset) {
  if (charset == "gb2312") return "eucgb2312_cn";
  if (charset == "big5") return "big5_tw";
  if (charset == "us-ascii") return "";
  return std::string(charset);
}

Charset make_charset(std::string_view name) {
  Charset cs;
  cs.input = std::string(charset_alias(util::ascii_lower(name)));
  std::string conv = cs.input;
  if (const CharsetRule* rule = charset_rule(cs.input)) {
    cs.encoding = rule->encoding;
    if (!rule->convert_to.empty()) conv = std::string(rule->convert_to);
  }
  cs.output = std::string(charset_alias(conv));
  cs.input_codec = codec_for(cs.input);
  cs.output_codec = codec_for(cs.output);
  return cs;
}

const Charset& us_ascii() {
  static const Charset cs = make_charset("us-ascii");
  return cs;
}

const Charset& utf8_charset() {
  static const Charset cs = make_charset("utf-8");
  return cs;
}

const Charset& unknown8bit() {
  static const Charset cs = make_charset(kUnknown8bit);
  return cs;
}

// charset._encode(): str to bytes in the output codec.
std::optional<std::string> encode_text(U32View s, std::string_view codec) {
  std::string out;
  if (codec == kUnknown8bit) {  // 'ascii' with surrogateescape
    out.reserve(s.size());
    for (const char32_t c : s) {
      if (c < 0x80) out.push_back(static_cast<char>(c));
      else if (is_surrogate_byte(c)) out.push_back(static_cast<char>(c - 0xDC00));
      else return std::nullopt;
    }
    return out;
  }
  out.reserve(s.size());
  for (const char32_t c : s) {
    if (c >= 0xD800 && c <= 0xDFFF) return std::nullopt;  // no codec encodes lone surrogates
    util::append_utf8(out, c);
  }
  if (codec.empty() || codec == "utf-8") {
    if (codec.empty() && !std::all_of(s.begin(), s.end(), [](char32_t c) { return c < 0x80; })) {
      return std::nullopt;
    }
    return out;
  }
  return encode_strict(out, codec);
}

// ---------------------------------------------------------------------------
// email.header.decode_header for a str (ASCII) header, and for the raw 8-bit
// header that compat32 hands over as an 'unknown-8bit' Header object.

struct RawChunk {
  std::string bytes;
  std::optional<std::string> charset;  // lower-cased; nullopt: unencoded text
};

struct EncodedWord {
  std::size_t start, end;  // the whole =?...?= span
  std::string_view charset, encoding, text;
};

// email.header.ecre: =?charset?[qQbB]?text?= where the charset holds no '?'
// and the text, matched non-greedily, holds no newline.
std::optional<EncodedWord> find_encoded_word(std::string_view s, std::size_t pos) {
  while (true) {
    const std::size_t start = s.find("=?", pos);
    if (start == std::string_view::npos) return std::nullopt;
    pos = start + 1;
    const std::size_t q1 = s.find('?', start + 2);
    if (q1 == std::string_view::npos) return std::nullopt;
    if (q1 + 2 >= s.size() || s[q1 + 2] != '?') continue;
    const char enc = s[q1 + 1];
    if (enc != 'q' && enc != 'Q' && enc != 'b' && enc != 'B') continue;
    const std::size_t text_start = q1 + 3;
    const std::size_t close = s.find("?=", text_start);
    if (close == std::string_view::npos) continue;
    if (s.substr(text_start, close - text_start).find('\n') != std::string_view::npos) continue;
    return EncodedWord{start, close + 2, s.substr(start + 2, q1 - start - 2), s.substr(q1 + 1, 1),
                       s.substr(text_start, close - text_start)};
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// email.quoprimime.header_decode.
std::string q_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '=' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i] == '_' ? ' ' : s[i]);
    }
  }
  return out;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// binascii.a2b_base64 in its default (non-strict) mode: characters outside
// the alphabet are skipped, a complete pad sequence ends the data, and a
// leftover partial quantum is an error.
std::optional<std::string> b_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 3 / 4);
  int quad_pos = 0;
  int pads = 0;
  unsigned left = 0;
  for (const char c : s) {
    if (c == '=') {
      if (quad_pos >= 2 && quad_pos + ++pads >= 4) return out;
      continue;
    }
    const int v = base64_value(c);
    if (v < 0) continue;
    pads = 0;
    const auto u = static_cast<unsigned>(v);
    switch (quad_pos) {
      case 0: left = u; quad_pos = 1; break;
      case 1: out.push_back(static_cast<char>((left << 2) | (u >> 4))); left = u & 0x0F; quad_pos = 2; break;
      case 2: out.push_back(static_cast<char>((left << 4) | (u >> 2))); left = u & 0x03; quad_pos = 3; break;
      default: out.push_back(static_cast<char>((left << 6) | u)); left = 0; quad_pos = 0; break;
    }
  }
  if (quad_pos != 0) return std::nullopt;
  return out;
}

struct Word {
  std::string_view text;
  char encoding;  // 0 for unencoded text, else 'q' or 'b'
  std::string charset;
};

// str.splitlines() for an ASCII string.
std::vector<std::string_view> ascii_splitlines(std::string_view s) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    // Every boundary is below 0x20; most bytes are not.
    if (static_cast<unsigned char>(c) >= 0x20 ||
        (c != '\n' && c != '\r' && c != '\x0B' && c != '\x0C' && c != '\x1C' && c != '\x1D' && c != '\x1E')) {
      ++i;
      continue;
    }
    lines.push_back(s.substr(start, i - start));
    i += (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
    start = i;
  }
  if (start < s.size()) lines.push_back(s.substr(start));
  return lines;
}

bool ascii_isspace(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return util::is_py_space(static_cast<unsigned char>(c)); });
}

std::vector<Word> split_encoded_words(std::string_view header) {
  std::vector<Word> words;
  for (const std::string_view line : ascii_splitlines(header)) {
    std::size_t pos = 0;
    bool first = true;
    while (true) {
      const auto word = find_encoded_word(line, pos);
      std::string_view unencoded = line.substr(pos, word ? word->start - pos : std::string_view::npos);
      if (first) {
        std::size_t k = 0;
        while (k < unencoded.size() && util::is_py_space(static_cast<unsigned char>(unencoded[k]))) ++k;
        unencoded.remove_prefix(k);
        first = false;
      }
      if (!unencoded.empty()) words.push_back(Word{unencoded, 0, {}});
      if (!word) break;
      words.push_back(Word{word->text, static_cast<char>(word->encoding[0] | 0x20), util::ascii_lower(word->charset)});
      pos = word->end;
    }
  }
  // Whitespace between two encoded words is dropped (so is an encoded word
  // whose own text is whitespace, between two others: Python's quirk).
  std::vector<bool> drop(words.size(), false);
  for (std::size_t n = 2; n < words.size(); ++n) {
    if (words[n].encoding != 0 && words[n - 2].encoding != 0 && ascii_isspace(words[n - 1].text)) drop[n - 1] = true;
  }
  std::vector<Word> kept;
  kept.reserve(words.size());
  for (std::size_t n = 0; n < words.size(); ++n) {
    if (!drop[n]) kept.push_back(std::move(words[n]));
  }
  return kept;
}

// nullopt: HeaderParseError (a base64 word that does not decode).
std::optional<std::vector<RawChunk>> decode_header(std::string_view raw) {
  std::vector<RawChunk> chunks;
  const bool eight_bit = std::any_of(raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  if (eight_bit) {
    chunks.push_back(RawChunk{std::string(raw), std::string(kUnknown8bit)});
    return chunks;
  }
  if (!find_encoded_word(raw, 0)) {
    chunks.push_back(RawChunk{std::string(raw), std::nullopt});
    return chunks;
  }
  for (Word& w : split_encoded_words(raw)) {
    std::string bytes;
    std::optional<std::string> charset;
    if (w.encoding == 0) {
      bytes = std::string(w.text);
    } else if (w.encoding == 'q') {
      bytes = q_decode(w.text);
      charset = std::move(w.charset);
    } else {
      std::string padded(w.text);
      if (padded.size() % 4 != 0) padded.append(4 - padded.size() % 4, '=');
      auto decoded = b_decode(padded);
      if (!decoded) return std::nullopt;
      bytes = std::move(*decoded);
      charset = std::move(w.charset);
    }
    if (!chunks.empty() && chunks.back().charset == charset) {
      if (!charset) chunks.back().bytes.push_back(' ');
      chunks.back().bytes += bytes;
    } else {
      chunks.push_back(RawChunk{std::move(bytes), std::move(charset)});
    }
  }
  return chunks;
}

// ---------------------------------------------------------------------------
// email.header.Header: chunks of (str, Charset).

struct Chunk {
  U32 text;
  const Charset* charset;
};

struct HeaderValue {
  std::vector<Chunk> chunks;
  std::vector<Charset> charsets;  // storage for the chunks' charsets
};

// Header.append(bytes, charset); false where Python raises (unknown codec,
// undecodable bytes, text the output codec cannot encode).
bool append_chunk(std::vector<Chunk>& chunks, std::string_view bytes, const Charset& charset) {
  const std::string& input_codec = charset.input_codec.empty() ? us_ascii().input : charset.input_codec;
  U32 text;
  if (input_codec == kUnknown8bit) {
    text = bytes_to_escaped(bytes);
  } else {
    const auto decoded = decode_strict(bytes, input_codec);
    if (!decoded) return false;
    text = utf8_to_u32(*decoded);
  }
  const Charset* cs = &charset;
  // Both arms must be views: with a std::string arm the result is a temporary
  // string, and the view would dangle once this statement ends.
  const std::string_view output_codec =
      charset.output_codec.empty() ? std::string_view("us-ascii") : std::string_view(charset.output_codec);
  if (output_codec != kUnknown8bit && !encode_text(text, charset.output_codec)) {
    if (output_codec != "us-ascii") return false;
    cs = &utf8_charset();
  }
  chunks.push_back(Chunk{std::move(text), cs});
  return true;
}

// Header._normalize: adjacent chunks of one charset become one, joined by a space.
void normalize(std::vector<Chunk>& chunks) {
  std::vector<Chunk> merged;
  merged.reserve(chunks.size());
  for (Chunk& c : chunks) {
    if (!merged.empty() && merged.back().charset->input == c.charset->input) {
      merged.back().text.push_back(U' ');
      merged.back().text += c.text;
    } else {
      merged.push_back(std::move(c));
    }
  }
  chunks = std::move(merged);
}

// make_header(decode_header(...)), with Patchwork's retry of every chunk as
// unknown-8bit when a charset fails.
std::optional<HeaderValue> make_header(std::string_view raw) {
  auto raw_chunks = decode_header(raw);
  if (!raw_chunks) return std::nullopt;
  HeaderValue h;
  h.charsets.reserve(raw_chunks->size());
  for (const RawChunk& rc : *raw_chunks) {
    h.charsets.push_back(rc.charset ? make_charset(*rc.charset) : us_ascii());
  }
  bool ok = true;
  for (std::size_t i = 0; i < raw_chunks->size() && ok; ++i) {
    ok = append_chunk(h.chunks, (*raw_chunks)[i].bytes, h.charsets[i]);
  }
  if (!ok) {
    h.chunks.clear();
    for (const RawChunk& rc : *raw_chunks) append_chunk(h.chunks, rc.bytes, unknown8bit());
  }
  normalize(h.chunks);
  return h;
}

// Header.__str__.
std::string header_str(const HeaderValue& h) {
  std::string out;
  const Charset* last = nullptr;
  bool last_space = false;
  bool first = true;
  for (const Chunk& c : h.chunks) {
    const Charset* next = c.charset;
    if (!first) {
      const bool has_space = !c.text.empty() && nonctext(c.text.front());
      const bool last_ascii = last == nullptr || last->is_ascii();
      if (!last_ascii) {
        if (next->is_ascii() && !has_space) {
          out.push_back(' ');
          next = nullptr;
        }
      } else if (!next->is_ascii() && !last_space) {
        out.push_back(' ');
      }
    }
    first = false;
    last_space = !c.text.empty() && nonctext(c.text.back());
    last = next;
    append_display(out, c.text);
  }
  return out;
}

// ---------------------------------------------------------------------------
// email.header._Accumulator and _ValueFormatter.

// Parts are views into the value for a plain us-ascii value (bytes are code
// points there) and owned U32 otherwise.
template <class Str>
struct Part {
  Str fws;
  Str text;
};

template <class Str>
bool is_transition(const Part<Str>& p) {
  return p.fws.size() == 1 && p.fws[0] == ' ' && p.text.empty();
}

template <class Str>
class Accumulator {
 public:
  explicit Accumulator(std::size_t initial_size) : initial_size_(initial_size) {}

  void push(Str fws, Str text) {
    length_ += fws.size() + text.size();
    parts_.push_back(Part<Str>{std::move(fws), std::move(text)});
  }
  Part<Str> pop() {
    if (parts_.empty()) return Part<Str>{};
    Part<Str> p = std::move(parts_.back());
    parts_.pop_back();
    length_ -= p.fws.size() + p.text.size();
    return p;
  }
  std::vector<Part<Str>> pop_from(std::size_t i) {
    std::vector<Part<Str>> tail(std::make_move_iterator(parts_.begin() + static_cast<std::ptrdiff_t>(i)),
                                std::make_move_iterator(parts_.end()));
    parts_.resize(i);
    recount();
    return tail;
  }
  void reset(std::vector<Part<Str>> parts = {}) {
    parts_ = std::move(parts);
    initial_size_ = 0;
    recount();
  }
  std::size_t length() const { return initial_size_ + length_; }
  std::size_t initial_size() const { return initial_size_; }
  std::size_t part_count() const { return parts_.size(); }
  const Part<Str>& operator[](std::size_t i) const { return parts_[i]; }
  std::basic_string<typename Str::value_type> str() const {
    std::basic_string<typename Str::value_type> s;
    s.reserve(length_);
    for (const Part<Str>& p : parts_) {
      s += p.fws;
      s += p.text;
    }
    return s;
  }
  bool is_onlyws() const {
    if (initial_size_ != 0) return false;
    if (parts_.empty()) return true;
    const auto space = [](auto c) { return util::is_py_space(static_cast<char32_t>(c)); };
    return length_ > 0 && std::all_of(parts_.begin(), parts_.end(), [&](const Part<Str>& p) {
             return std::all_of(p.fws.begin(), p.fws.end(), space) && std::all_of(p.text.begin(), p.text.end(), space);
           });
  }

 private:
  void recount() {
    length_ = 0;
    for (const Part<Str>& p : parts_) length_ += p.fws.size() + p.text.size();
  }
  std::size_t initial_size_;
  std::size_t length_ = 0;
  std::vector<Part<Str>> parts_;
};

std::vector<std::optional<U32>> encode_lines(U32View text, const Charset& charset, std::ptrdiff_t first_max,
                                             std::ptrdiff_t next_max);

template <class Str>
class ValueFormatter {
 public:
  using Char = typename Str::value_type;
  using View = std::basic_string_view<Char>;
  using Owned = std::basic_string<Char>;

  ValueFormatter(std::size_t header_len, std::size_t max_len) : max_len_(max_len), current_(header_len) {
    continuation_ws_.push_back('\t');
  }

  std::string finish() {
    newline();
    std::string out;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      if (i > 0) out.push_back('\n');
      if constexpr (std::is_same_v<Char, char>) {
        out += lines_[i];
      } else {
        append_display(out, lines_[i]);
      }
    }
    return out;
  }

  void newline() {
    Part<Str> end = current_.pop();
    if (!is_transition(end)) current_.push(std::move(end.fws), std::move(end.text));
    if (current_.length() > 0) {
      if (current_.is_onlyws() && !lines_.empty()) {
        lines_.back() += current_.str();
      } else {
        lines_.push_back(current_.str());
      }
    }
    current_.reset();
  }

  void add_transition() { current_.push(Str(space_view()), Str{}); }

  // re.split('([ \t]+)', fws + text) gives word, space, word, ...; each
  // word goes in with the whitespace before it ('' for a leading word).
  // `line` is fws + text, which callers always have in one piece.
  void ascii_split(View line) {
    std::size_t i = 0;
    View space;
    while (true) {
      std::size_t j = i;
      while (j < line.size() && !is_fws(line[j])) ++j;
      if (i > 0 || j > 0) append_part(Str(space), Str(line.substr(i, j - i)));
      if (j == line.size()) break;
      i = j;
      while (i < line.size() && is_fws(line[i])) ++i;
      space = line.substr(j, i - j);
    }
  }

  void feed_encoded(View fws, View text, const Charset& charset) {
    const auto ssize = [](std::size_t n) { return static_cast<std::ptrdiff_t>(n); };
    std::vector<std::optional<U32>> encoded =
        encode_lines(text, charset, ssize(max_len_) - ssize(current_.length()),
                     ssize(max_len_) - ssize(continuation_ws_.size()));
    if (encoded.empty()) return;
    if (encoded.front()) append_part(Str(fws), std::move(*encoded.front()));
    if (encoded.size() == 1) return;
    newline();
    current_.push(Str(continuation_ws_), std::move(*encoded.back()));
    for (std::size_t i = 1; i + 1 < encoded.size(); ++i) lines_.push_back(continuation_ws_ + *encoded[i]);
  }

 private:
  static bool is_fws(char32_t c) { return c == ' ' || c == '\t'; }
  static View space_view() {
    static constexpr Char kSpace[] = {' ', '\0'};
    return View(kSpace, 1);
  }

  void append_part(Str fws, Str text) {
    current_.push(std::move(fws), std::move(text));
    if (current_.length() <= max_len_) return;
    for (const char ch : {';', ',', ' ', '\t'}) {
      for (std::size_t i = current_.part_count() - 1; i > 0; --i) {
        if (ch == ' ' || ch == '\t') {
          const Str& f = current_[i].fws;
          if (!f.empty() && f.front() == static_cast<typename Str::value_type>(ch)) return split_at(i);
        }
        const Str& prev = current_[i - 1].text;
        if (!prev.empty() && prev.back() == static_cast<typename Str::value_type>(ch)) return split_at(i);
      }
    }
    Part<Str> last = current_.pop();
    if (current_.initial_size() > 0) {
      newline();
      if (last.fws.empty()) last.fws = Str(space_view());
    }
    current_.push(std::move(last.fws), std::move(last.text));
  }

  void split_at(std::size_t i) {
    std::vector<Part<Str>> remainder = current_.pop_from(i);
    lines_.push_back(current_.str());
    current_.reset(std::move(remainder));
  }

  std::size_t max_len_;
  Owned continuation_ws_;
  std::vector<Owned> lines_;
  Accumulator<Str> current_;
};

constexpr bool qp_safe(unsigned char b) {
  return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '!' ||
         b == '*' || b == '+' || b == '/' || b == ' ';
}

std::size_t qp_length(std::string_view bytes) {
  std::size_t n = 0;
  for (const char c : bytes) n += qp_safe(static_cast<unsigned char>(c)) ? 1 : 3;
  return n;
}

std::size_t base64_length(std::size_t n) { return (n + 2) / 3 * 4; }

U32 encoded_word(std::string_view bytes, std::string_view codec, bool base64) {
  if (bytes.empty()) return U32{};
  static constexpr char kHex[] = "0123456789ABCDEF";
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out = "=?";
  out += codec;
  out += base64 ? "?b?" : "?q?";
  if (base64) {
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
      const auto v = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                     (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8) |
                     static_cast<unsigned char>(bytes[i + 2]);
      out += {kB64[v >> 18], kB64[(v >> 12) & 63], kB64[(v >> 6) & 63], kB64[v & 63]};
    }
    if (i + 1 == bytes.size()) {
      const auto v = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
      out += {kB64[v >> 18], kB64[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == bytes.size()) {
      const auto v = (static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16) |
                     (static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8);
      out += {kB64[v >> 18], kB64[(v >> 12) & 63], kB64[(v >> 6) & 63], '='};
    }
  } else {
    for (const char c : bytes) {
      const auto b = static_cast<unsigned char>(c);
      if (b == ' ') out.push_back('_');
      else if (qp_safe(b)) out.push_back(c);
      else out += {'=', kHex[b >> 4], kHex[b & 15]};
    }
  }
  out += "?=";
  return U32(out.begin(), out.end());
}

// Codecs whose encoding of a string is the concatenation of the encodings
// of its characters, so line lengths can be summed instead of re-encoded.
bool is_stateless_codec(std::string_view codec) {
  const auto name = python_codec(codec);
  if (!name) return codec == kUnknown8bit;
  return !(util::starts_with(*name, "iso2022") || util::starts_with(*name, "utf-16") ||
           util::starts_with(*name, "utf-32") || *name == "utf-7" || *name == "hz" || *name == "utf-8-sig");
}

// Charset.header_encode_lines: encoded words cut at character boundaries
// so that each fits its line; nullopt first means nothing fit on the
// current line.
std::vector<std::optional<U32>> encode_lines(U32View text, const Charset& charset, std::ptrdiff_t first_max,
                                             std::ptrdiff_t next_max) {
  const std::string codec = charset.output_codec.empty() ? "us-ascii" : charset.output_codec;
  const auto all_bytes = encode_text(text, charset.output_codec);
  if (!all_bytes) throw std::runtime_error("header text does not encode in its own charset");
  bool base64 = charset.encoding == HeaderEncoding::kBase64;
  if (charset.encoding == HeaderEncoding::kShortest) {
    base64 = base64_length(all_bytes->size()) < qp_length(*all_bytes);
  }
  const auto length_of = [&](std::string_view bytes) { return base64 ? base64_length(bytes.size()) : qp_length(bytes); };
  const bool stateless = is_stateless_codec(codec);
  const std::ptrdiff_t extra = static_cast<std::ptrdiff_t>(charset.output.size() + kChromeLen);
  const auto ssize = [](std::size_t n) { return static_cast<std::ptrdiff_t>(n); };

  std::vector<std::optional<U32>> lines;
  std::ptrdiff_t max_len = first_max - extra;
  std::size_t begin = 0;  // current line = text[begin, i)
  std::string line_bytes;
  std::size_t line_qp = 0;  // qp_length(line_bytes), kept as we go
  const auto encoded_length = [&](std::string_view one) {
    return base64 ? base64_length(line_bytes.size() + one.size()) : line_qp + qp_length(one);
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const std::string one = encode_text(text.substr(i, 1), charset.output_codec).value_or(std::string{});
    std::string whole;  // stateful codecs: the line re-encoded with this character
    if (!stateless) whole = encode_text(text.substr(begin, i + 1 - begin), charset.output_codec).value_or(std::string{});
    const std::size_t length = stateless ? encoded_length(one) : length_of(whole);
    if (ssize(length) > max_len) {
      if (lines.empty() && i == begin) {
        lines.emplace_back(std::nullopt);
      } else {
        lines.emplace_back(encoded_word(line_bytes, codec, base64));
      }
      begin = i;
      line_bytes = one;
      line_qp = qp_length(one);
      max_len = next_max - extra;
    } else if (stateless) {
      line_bytes += one;
      line_qp += qp_length(one);
    } else {
      line_bytes = std::move(whole);
    }
  }
  if (!stateless || text.empty()) {
    // A BOM or a shift sequence belongs to the line, even an empty one.
    line_bytes = encode_text(text.substr(begin), charset.output_codec).value_or(std::string{});
  }
  lines.emplace_back(encoded_word(line_bytes, codec, base64));
  return lines;
}

// email.header._embedded_header: \n[^ \t]+:
bool has_embedded_header(std::string_view value) {
  for (std::size_t nl = value.find('\n'); nl != std::string_view::npos; nl = value.find('\n', nl + 1)) {
    for (std::size_t k = nl + 1; k < value.size() && value[k] != ' ' && value[k] != '\t'; ++k) {
      if (value[k] == ':' && k > nl + 1) return true;
    }
  }
  return false;
}

// Header.encode(splitchars=';, \t', maxlinelen=78, linesep='\n'); nullopt
// when the result looks like it carries an embedded header.
std::optional<std::string> encode_header(const HeaderValue& h, std::size_t header_len) {
  ValueFormatter<U32> formatter(header_len, kMaxLineLen);
  // `line` is fws + text; only encoded text needs the two apart.
  const auto feed = [&formatter](U32View line, std::size_t fws_len, const Charset& charset) {
    if (charset.encoding == HeaderEncoding::kNone) {
      formatter.ascii_split(line);
    } else {
      formatter.feed_encoded(line.substr(0, fws_len), line.substr(fws_len), charset);
    }
  };
  const Charset* last = nullptr;
  bool has_space_set = false;
  bool last_space = false;
  for (const Chunk& c : h.chunks) {
    if (has_space_set) {
      const bool has_space = !c.text.empty() && nonctext(c.text.front());
      if (!last->is_ascii()) {
        if (!has_space || !c.charset->is_ascii()) formatter.add_transition();
      } else if (!c.charset->is_ascii() && !last_space) {
        formatter.add_transition();
      }
    }
    last_space = !c.text.empty() && nonctext(c.text.back());
    last = c.charset;
    has_space_set = true;
    const std::vector<U32View> lines = splitlines(c.text);
    feed(lines.empty() ? U32View{} : lines.front(), 0, *c.charset);
    for (std::size_t i = 1; i < lines.size(); ++i) {
      formatter.newline();
      if (c.charset->encoding != HeaderEncoding::kNone) {
        U32 line = U"\t ";
        line += lstrip(lines[i]);
        feed(line, 1, *c.charset);
      } else {
        feed(lines[i], 0, *c.charset);
      }
    }
    if (lines.size() > 1) formatter.newline();
  }
  if (!h.chunks.empty()) formatter.add_transition();
  std::string value = formatter.finish();
  if (has_embedded_header(value)) return std::nullopt;
  return value;
}

// sanitise_header() then encode(): the stored form, or nullopt when dropped.
std::optional<std::string> sanitised_encoding(std::string_view raw, std::size_t header_len, HeaderValue* keep) {
  auto h = make_header(raw);
  if (!h) return std::nullopt;
  auto encoded = encode_header(*h, header_len);
  if (encoded && keep != nullptr) *keep = std::move(*h);
  return encoded;
}

// decode_header leaves an ASCII value without encoded words as one
// us-ascii chunk whose text is the value itself.
bool is_plain_ascii_chunk(std::string_view raw) {
  return std::none_of(raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }) &&
         !find_encoded_word(raw, 0);
}

// encode_header() for a plain us-ascii chunk, on views of its bytes instead
// of UTF-32 copies.
std::optional<std::string> encode_plain_ascii(std::string_view raw, std::size_t header_len) {
  // One line that fits: the formatter splits it into words and joins them
  // back unchanged (most headers of a mail; the full path is the costly part
  // of storing one).
  if (header_len + raw.size() <= kMaxLineLen &&
      raw.find_first_of(std::string_view("\n\r\x0B\x0C\x1C\x1D\x1E", 7)) == std::string_view::npos) {
    return std::string(raw);
  }
  ValueFormatter<std::string_view> formatter(header_len, kMaxLineLen);
  const std::vector<std::string_view> lines = ascii_splitlines(raw);
  formatter.ascii_split(lines.empty() ? std::string_view{} : lines.front());
  for (std::size_t i = 1; i < lines.size(); ++i) {
    formatter.newline();
    formatter.ascii_split(lines[i]);
  }
  if (lines.size() > 1) formatter.newline();
  formatter.add_transition();
  std::string value = formatter.finish();
  if (has_embedded_header(value)) return std::nullopt;
  return value;
}

bool is_plain_ascii_header(std::string_view raw) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if (c >= 0x80 || c == 0x0B || c == 0x0C || (c >= 0x1C && c <= 0x1E)) return false;
    if (c == '=' && i + 1 < raw.size() && raw[i + 1] == '?') return false;
    if (c == '\n' || c == '\r') {
      // A line break must be followed by folding whitespace for the fast
      // path: then no re-encoded line can look like an embedded header.
      std::size_t k = i + 1;
      if (c == '\r' && k < raw.size() && raw[k] == '\n') ++k;
      if (k < raw.size() && raw[k] != ' ' && raw[k] != '\t') return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> clean_header(std::string_view raw_value) {
  std::string text;
  if (is_plain_ascii_header(raw_value)) {
    // One us-ascii chunk whose str() is the value itself, and that cannot fold
    // into an embedded header.
    text = std::string(raw_value);
  } else if (is_plain_ascii_chunk(raw_value)) {
    if (!encode_plain_ascii(raw_value, 0)) return std::nullopt;
    text = std::string(raw_value);
  } else {
    HeaderValue h;
    if (!sanitised_encoding(raw_value, 0, &h)) return std::nullopt;
    text = header_str(h);
  }
  if (text.find('\0') != std::string::npos) text = util::remove_nuls(text);
  return util::py_collapse_whitespace(text);
}

std::optional<std::string> clean_header(const Message& message, std::string_view name) {
  const Header* h = message.header(name);
  if (h == nullptr) return std::nullopt;
  return clean_header(h->value);
}

std::optional<std::string> encode_stored_header(std::string_view name, std::string_view raw_value) {
  // Python counts the name in characters, and an 8-bit byte of a name is one.
  if (is_plain_ascii_chunk(raw_value)) return encode_plain_ascii(raw_value, name.size() + 2);
  return sanitised_encoding(raw_value, name.size() + 2, nullptr);
}

std::string stored_headers(const Message& message) {
  std::string out;
  std::size_t estimate = 0;
  for (const Header& h : message.headers()) estimate += h.name.size() + h.value.size() + 4;
  out.reserve(estimate + estimate / 8);
  bool first = true;
  for (const Header& h : message.headers()) {
    const auto encoded = encode_stored_header(h.name, h.value);
    if (!encoded) continue;
    if (!first) out.push_back('\n');
    first = false;
    out += h.name;
    out += ": ";
    out += *encoded;
  }
  if (out.find('\0') != std::string::npos) out = util::remove_nuls(out);
  return out;
}

std::optional<std::string> fold_ascii_header(std::string_view name, std::string_view value) {
  if (std::any_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
    return std::nullopt;
  return encode_plain_ascii(value, name.size() + 2);
}

}  // namespace patchloom::mail
