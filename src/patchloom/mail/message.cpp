#include "patchloom/mail/message.hpp"

#include <exception>

#include "feed_parser.hpp"
#include "patchloom/mail/charset.hpp"
#include "patchloom/mail/transfer_encoding.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::mail {
namespace {

// encodings.normalize_encoding plus codecs.lookup's lower-casing: runs of
// characters other than ASCII letters, digits and '.' become one '_'.
std::string normalize_codec_name(std::string_view name) {
  std::string out;
  bool pending_underscore = false;
  for (char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.';
    if (!keep) {
      pending_underscore = true;
      continue;
    }
    if (pending_underscore && !out.empty()) out += '_';
    pending_underscore = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

// Names codecs.lookup resolves to a codec that is not a text encoding
// (encodings/aliases.py and the codec modules themselves).
bool is_python_bytes_codec(std::string_view charset) {
  static constexpr std::string_view kNames[] = {
      "base64",  "base_64",       "base64_codec", "bz2",     "bz2_codec", "hex",    "hex_codec",
      "quopri",  "quoted_printable", "quotedprintable", "quopri_codec", "rot13", "rot_13", "uu",
      "uu_codec", "zip",          "zlib",         "zlib_codec"};
  std::string name = normalize_codec_name(charset);
  for (std::string_view candidate : kNames) {
    if (name == candidate) return true;
  }
  util::replace_all(name, ".", "_");
  for (std::string_view candidate : kNames) {
    if (name == candidate) return true;
  }
  return false;
}

// _find_content's charset choice (spec/parser.md §2.4): a declared charset
// that Python knows decodes strictly and drops the part on failure; no
// usable charset means the utf-8 / windows-1252 / iso-8859-1 fallbacks.
std::optional<std::string> part_text(const Part& part, const std::optional<std::string>& charset) {
  const std::string bytes = part.decoded_payload();
  if (charset && python_codec(*charset)) return decode_strict(bytes, *charset);
  return decode_with_fallbacks(bytes);
}

std::string universal_newlines(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\r') {
      out.push_back(raw[i]);
      continue;
    }
    out.push_back('\n');
    if (i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
  }
  return out;
}

std::vector<TextPart> collect_text_parts(const std::vector<Part>& parts, std::optional<std::string>& error) {
  std::vector<TextPart> out;
  for (const Part& part : parts) {
    if (part.is_container || part.content_type.maintype != "text") continue;
    const auto charset = part.charset();
    if (charset && !error && is_python_bytes_codec(*charset)) {
      error = "LookupError: '" + *charset + "' is not a text encoding";
    }
    if (auto text = part_text(part, charset)) out.push_back({std::move(*text), part.content_type.subtype});
  }
  return out;
}

}  // namespace

const Header* find_header(const std::vector<Header>& headers, std::string_view name) {
  for (const Header& h : headers) {
    if (util::iequals_ascii(h.name, name)) return &h;
  }
  return nullptr;
}

std::string Part::decoded_payload() const {
  const Header* cte = header("content-transfer-encoding");
  return decode_transfer_encoding(payload, cte ? std::string_view(cte->value) : std::string_view());
}

std::optional<std::string> Part::charset() const {
  const Header* ct = header("content-type");
  if (!ct) return std::nullopt;
  return content_charset(ct->value);
}

Message Message::parse(std::string raw, LineEnds line_ends) {
  Message message;
  message.raw_ = std::move(raw);
  try {
    const bool translate = line_ends == LineEnds::universal && message.raw_.find('\r') != std::string::npos;
    detail::ParsedTree tree =
        translate ? detail::parse_tree(universal_newlines(message.raw_)) : detail::parse_tree(message.raw_);
    message.envelope_from_ = std::move(tree.envelope_from);
    message.parts_ = std::move(tree.parts);
    message.text_parts_ = collect_text_parts(message.parts_, message.content_error_);
  } catch (const std::exception&) {
    // Only resource exhaustion gets here; a mail without structure is still
    // a mail (raw bytes kept), as the contract promises.
    message.parts_ = std::vector<Part>(1);
    message.text_parts_.clear();
  }
  return message;
}

const Header* Message::header(std::string_view name) const { return find_header(headers(), name); }

std::vector<const Header*> Message::all_headers(std::string_view name) const {
  std::vector<const Header*> out;
  for (const Header& h : headers()) {
    if (util::iequals_ascii(h.name, name)) out.push_back(&h);
  }
  return out;
}

}  // namespace patchloom::mail
