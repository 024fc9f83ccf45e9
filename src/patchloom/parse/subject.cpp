#include "patchloom/parse/subject.hpp"

#include <algorithm>

#include "patchloom/util/regex.hpp"
#include "patchloom/util/text.hpp"
#include "py_int.hpp"

namespace patchloom::parse {

namespace {

using util::Regex;

bool is_separator(char32_t cp) { return cp == ',' || util::is_py_space(cp); }

// Splits on runs of ',' and PyWS, dropping empty tokens (re.split('[,\s]+')).
void split_on_separators(std::string_view text, std::vector<std::string>& out) {
  std::size_t i = 0;
  std::size_t token_start = std::string_view::npos;
  while (i < text.size()) {
    const std::size_t at = i;
    const char32_t cp = util::next_code_point(text, i);
    if (is_separator(cp)) {
      if (token_start != std::string_view::npos) out.emplace_back(text.substr(token_start, at - token_start));
      token_start = std::string_view::npos;
    } else if (token_start == std::string_view::npos) {
      token_start = at;
    }
  }
  if (token_start != std::string_view::npos) out.emplace_back(text.substr(token_start));
}

// prefix_re = ^\[([^\]]*)\]\s*(.*)$ on a string without newlines: the bracket
// contents and the rest with its leading whitespace removed.
bool take_bracket_group(std::string_view s, std::string_view& contents, std::string_view& rest) {
  if (s.empty() || s.front() != '[') return false;
  const std::size_t close = s.find(']', 1);
  if (close == std::string_view::npos) return false;
  contents = s.substr(1, close - 1);
  rest = util::py_lstrip(s.substr(close + 1));
  return true;
}

bool is_dropped(std::string_view token, std::span<const std::string> drop_prefixes) {
  const std::string lower = util::ascii_lower(token);
  if (lower == "patch") return true;
  return std::any_of(drop_prefixes.begin(), drop_prefixes.end(),
                     [&](const std::string& drop) { return util::ascii_lower(drop) == lower; });
}

}  // namespace

std::vector<std::string> split_prefixes(std::string_view text) {
  // Mercurial's "PATCH 2 of 3" keeps "2 of 3" as one token.
  static const Regex hg_re(R"(^PATCH (\d+ of \d+)(.*)$)");
  std::vector<std::string> tokens;
  if (util::starts_with(text, "PATCH ")) {
    if (auto m = hg_re.match(text)) {
      tokens.emplace_back("PATCH");
      tokens.emplace_back(m->group(1));
      split_on_separators(m->group(2), tokens);
      return tokens;
    }
  }
  split_on_separators(text, tokens);
  return tokens;
}

CleanSubject clean_subject(std::string_view subject, std::span<const std::string> drop_prefixes) {
  static const Regex re_re(R"(^(re|fwd?)[:\s]\s*)", Regex::kIgnoreCase);
  std::string s(subject);
  if (auto m = re_re.match(s)) s.replace(0, m->end(), " ");
  s = util::py_collapse_whitespace(s);

  CleanSubject result;
  std::string_view rest = s;
  std::string_view contents;
  std::string_view after;
  while (take_bracket_group(rest, contents, after)) {
    for (auto& token : split_prefixes(contents)) {
      if (!is_dropped(token, drop_prefixes)) result.prefixes.push_back(std::move(token));
    }
    rest = after;
  }
  const std::string tail = util::py_collapse_whitespace(rest);
  if (result.prefixes.empty()) {
    result.name = tail;
    return result;
  }
  result.name = "[";
  for (std::size_t i = 0; i < result.prefixes.size(); ++i) {
    if (i > 0) result.name += ',';
    result.name += result.prefixes[i];
  }
  result.name += "] ";
  result.name += tail;
  return result;
}

std::optional<SeriesMarker> series_marker(std::span<const std::string> prefixes) {
  static const Regex marker_re(R"(.*?([0-9]+)(?:/| of )([0-9]+)$)");
  for (const auto& prefix : prefixes) {
    if (auto m = marker_re.match(prefix)) {
      return SeriesMarker{detail::digits_value(m->group(1)), detail::digits_value(m->group(2))};
    }
  }
  return std::nullopt;
}

std::int64_t subject_version(std::string_view name, std::span<const std::string> prefixes) {
  static const Regex prefix_re(R"(^[vV](\d+)$)");
  static const Regex name_re(R"(\([vV](\d+)\))");
  for (const auto& prefix : prefixes) {
    if (auto m = prefix_re.match(prefix)) return detail::digits_value(m->group(1));
  }
  if (auto m = name_re.search(name)) return detail::digits_value(m->group(1));
  return 1;
}

bool is_reply_subject(std::string_view subject) {
  if (subject.size() < 3 || !util::istarts_with_ascii(subject, "re")) return false;
  std::size_t i = 2;
  const char32_t cp = util::next_code_point(subject, i);
  return cp == ':' || util::is_py_space(cp);
}

}  // namespace patchloom::parse
