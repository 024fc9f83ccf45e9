#include "patchloom/api/mail_headers.hpp"

#include "patchloom/parse/subject.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::api {

namespace {

// compat32's headerRE without the "From " alternative: a field name of
// printable ASCII other than ':' (possibly empty), then ':'.
std::size_t header_colon(std::string_view line) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c == ':') return i;
    if (c < 0x21 || c > 0x7e) return std::string_view::npos;
  }
  return std::string_view::npos;
}

struct RawHeader {
  std::string name;
  std::string value;
};

std::string finish_value(std::string value) {
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
  return value;
}

std::vector<RawHeader> split_headers(std::string_view block) {
  std::vector<RawHeader> headers;
  std::size_t pos = 0;
  while (pos < block.size()) {
    std::size_t end = block.find('\n', pos);
    const bool has_newline = end != std::string_view::npos;
    std::string_view line = block.substr(pos, has_newline ? end - pos : std::string_view::npos);
    std::string_view with_ending = block.substr(pos, has_newline ? end - pos + 1 : std::string_view::npos);
    pos = has_newline ? end + 1 : block.size();

    if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
      if (!headers.empty()) headers.back().value += with_ending;
      continue;
    }
    if (util::starts_with(line, "From ")) {  // a unixfrom line (or a defect): skipped
      continue;
    }
    const std::size_t colon = header_colon(line);
    if (line.empty() || line == "\r" || colon == std::string_view::npos) break;
    std::string_view value = with_ending.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }
  for (auto& h : headers) h.value = finish_value(std::move(h.value));
  return headers;
}

}  // namespace

std::vector<HeaderEntry> parse_header_block(std::string_view block) {
  const auto headers = split_headers(block);
  std::vector<HeaderEntry> out;
  for (const auto& h : headers) {
    bool seen = false;
    for (const auto& e : out) seen = seen || e.name == h.name;
    if (seen) continue;
    HeaderEntry entry{h.name, {}};
    for (const auto& other : headers)
      if (util::iequals_ascii(other.name, h.name)) entry.values.push_back(other.value);
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<std::string> name_prefixes(std::string_view name) { return parse::clean_subject(name).prefixes; }

}  // namespace patchloom::api
