#include "patchloom/ingest/delegation.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "patchloom/util/text.hpp"

namespace patchloom::ingest {
namespace {

std::u32string to_code_points(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) out.push_back(util::next_code_point(s, i));
  return out;
}

// One element of a compiled pattern.
struct GlobToken {
  enum Kind { Star, Any, Literal, Set, Never } kind = Literal;
  char32_t literal = 0;
  bool negated = false;
  std::vector<std::pair<char32_t, char32_t>> ranges;  // inclusive

  bool matches(char32_t c) const {
    switch (kind) {
      case Any: return true;
      case Literal: return c == literal;
      case Never: return false;
      case Star: return true;
      case Set: break;
    }
    bool in = std::any_of(ranges.begin(), ranges.end(),
                          [c](const auto& r) { return r.first <= c && c <= r.second; });
    return in != negated;
  }
};

// The bracket contents pat[i, j) as Python's fnmatch.translate turns them into
// a regex set, expressed as ranges.
GlobToken compile_set(const std::u32string& pat, std::size_t i, std::size_t j) {
  GlobToken token;
  token.kind = GlobToken::Set;
  std::u32string stuff = pat.substr(i, j - i);
  auto add_literals = [&token](const std::u32string& s, std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) token.ranges.emplace_back(s[k], s[k]);
  };
  if (stuff.find(U'-') == std::u32string::npos) {
    if (stuff.empty()) return GlobToken{GlobToken::Never, 0, false, {}};
    if (stuff == U"!") return GlobToken{GlobToken::Any, 0, false, {}};
    std::size_t start = 0;
    if (stuff[0] == U'!') {
      token.negated = true;
      start = 1;
    }
    add_literals(stuff, start, stuff.size());
    return token;
  }
  std::vector<std::u32string> chunks;
  std::size_t k = pat[i] == U'!' ? i + 2 : i + 1;
  while (true) {
    std::size_t found = k < j ? pat.find(U'-', k) : std::u32string::npos;
    if (found == std::u32string::npos || found >= j) break;
    chunks.push_back(pat.substr(i, found - i));
    i = found + 1;
    k = found + 3;
  }
  std::u32string last = pat.substr(i, j - i);
  if (!last.empty()) {
    chunks.push_back(last);
  } else {
    chunks.back() += U'-';
  }
  for (std::size_t m = chunks.size() - 1; m > 0; --m) {
    if (chunks[m - 1].back() > chunks[m].front()) {
      chunks[m - 1] = chunks[m - 1].substr(0, chunks[m - 1].size() - 1) + chunks[m].substr(1);
      chunks.erase(chunks.begin() + static_cast<std::ptrdiff_t>(m));
    }
  }
  // Joined with '-', each boundary between chunks is a range from the last
  // character of one chunk to the first of the next; the rest are literals.
  std::size_t total = 0;
  for (const auto& c : chunks) total += c.size();
  if (total + chunks.size() - 1 == 0) return GlobToken{GlobToken::Never, 0, false, {}};
  if (chunks.size() == 1 && chunks[0] == U"!") return GlobToken{GlobToken::Any, 0, false, {}};
  for (std::size_t m = 0; m < chunks.size(); ++m) {
    const auto& c = chunks[m];
    std::size_t from = 0;
    std::size_t to = c.size();
    if (m == 0 && !c.empty() && c[0] == U'!') {
      token.negated = true;
      from = 1;
    }
    if (m > 0) from = std::max<std::size_t>(from, 1);
    if (m + 1 < chunks.size()) {
      to = c.empty() ? 0 : c.size() - 1;
      token.ranges.emplace_back(c.empty() ? U'-' : c.back(), chunks[m + 1].front());
    }
    if (from < to) add_literals(c, from, to);
  }
  return token;
}

std::vector<GlobToken> compile_glob(const std::u32string& pat) {
  std::vector<GlobToken> tokens;
  std::size_t i = 0;
  const std::size_t n = pat.size();
  while (i < n) {
    char32_t c = pat[i++];
    if (c == U'*') {
      if (tokens.empty() || tokens.back().kind != GlobToken::Star) tokens.push_back({GlobToken::Star, 0, false, {}});
    } else if (c == U'?') {
      tokens.push_back({GlobToken::Any, 0, false, {}});
    } else if (c == U'[') {
      std::size_t j = i;
      if (j < n && pat[j] == U'!') ++j;
      if (j < n && pat[j] == U']') ++j;
      while (j < n && pat[j] != U']') ++j;
      if (j >= n) {
        tokens.push_back({GlobToken::Literal, U'[', false, {}});
      } else {
        tokens.push_back(compile_set(pat, i, j));
        i = j + 1;
      }
    } else {
      tokens.push_back({GlobToken::Literal, c, false, {}});
    }
  }
  return tokens;
}

}  // namespace

bool fnmatch_case(std::string_view name, std::string_view pattern) {
  const std::u32string text = to_code_points(name);
  const std::vector<GlobToken> tokens = compile_glob(to_code_points(pattern));
  // Classic glob matching with one backtrack point (the last star): every
  // non-star token consumes exactly one code point.
  std::size_t t = 0;
  std::size_t p = 0;
  std::size_t star_p = std::string_view::npos;
  std::size_t star_t = 0;
  while (t < text.size()) {
    if (p < tokens.size() && tokens[p].kind == GlobToken::Star) {
      star_p = p++;
      star_t = t;
    } else if (p < tokens.size() && tokens[p].matches(text[t])) {
      ++p;
      ++t;
    } else if (star_p != std::string_view::npos) {
      p = star_p + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < tokens.size() && tokens[p].kind == GlobToken::Star) ++p;
  return p == tokens.size();
}

std::vector<std::string> diff_filenames(std::string_view diff) {
  std::string text(diff);
  util::replace_all(text, "\r", "");
  text = std::string(util::py_strip(text)) + "\n";
  std::set<std::string> names;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    std::string_view line(text.data() + pos, eol - pos);
    pos = eol + 1;
    if (!(util::starts_with(line, "--- ") || util::starts_with(line, "+++ "))) continue;
    // (\S+): a run of non-PyWS code points right after the space.
    std::size_t start = 4;
    std::size_t end = start;
    while (end < line.size()) {
      std::size_t next = end;
      if (util::is_py_space(util::next_code_point(line, next))) break;
      end = next;
    }
    if (end == start) continue;
    std::string_view path = line.substr(start, end - start);
    if (util::starts_with(path, "/dev/null")) continue;
    std::size_t slash = path.find('/');
    names.insert(slash == std::string_view::npos ? std::string() : std::string(path.substr(slash + 1)));
  }
  return {names.begin(), names.end()};
}

void sort_rules(std::vector<DelegationRule>& rules) {
  std::stable_sort(rules.begin(), rules.end(), [](const DelegationRule& a, const DelegationRule& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    return a.path < b.path;
  });
}

std::optional<std::int64_t> choose_delegate(const std::vector<std::string>& files,
                                            const std::vector<DelegationRule>& rules) {
  std::optional<std::int64_t> delegate;
  for (const auto& file : files) {
    auto rule = std::find_if(rules.begin(), rules.end(),
                             [&file](const DelegationRule& r) { return fnmatch_case(file, r.path); });
    if (rule == rules.end()) return std::nullopt;
    if (delegate && *delegate != rule->user_id) return std::nullopt;
    delegate = rule->user_id;
  }
  return delegate;
}

}  // namespace patchloom::ingest
