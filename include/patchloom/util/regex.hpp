#pragma once
// A compiled PCRE2 pattern with Python `re` semantics for the subset
// Patchwork's regexes use: UTF-8 subjects, Unicode-aware \w, \s, \d (PCRE2_UCP),
// and the three Python entry points match (anchored at the start), search
// (anywhere) and fullmatch (the whole string). Patterns are compiled once and
// JIT-compiled; a Regex is immutable and safe to share between threads (each
// call makes its own match data).
//
// Note: PCRE2's \s under UCP is close to, but not exactly, Python's PyWS
// (U+001C..U+001F are whitespace to Python only). Code that must honour PyWS
// exactly uses util/text.hpp instead of \s.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace patchloom::util {

struct RegexMatch {
  // groups[0] is the whole match; an unset group is std::nullopt.
  std::vector<std::optional<std::string_view>> groups;
  std::vector<std::size_t> starts;  // byte offsets of each group (npos if unset)
  std::string_view group(std::size_t i) const { return groups.at(i).value_or(std::string_view{}); }
  bool has(std::size_t i) const { return i < groups.size() && groups[i].has_value(); }
  std::size_t start(std::size_t i = 0) const { return starts.at(i); }
  std::size_t end(std::size_t i = 0) const { return starts.at(i) + group(i).size(); }
};

class Regex {
 public:
  enum Flags : unsigned {
    kNone = 0,
    kIgnoreCase = 1u << 0,
    kMultiline = 1u << 1,
    kDotAll = 1u << 2,
    kAsciiOnly = 1u << 3,  // disables UCP: \w \s \d match ASCII only
  };

  explicit Regex(std::string_view pattern, unsigned flags = kNone);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Python re.match: anchored at `pos`.
  std::optional<RegexMatch> match(std::string_view subject, std::size_t pos = 0) const;
  // Python re.search: first match at or after `pos`.
  std::optional<RegexMatch> search(std::string_view subject, std::size_t pos = 0) const;
  // Python re.fullmatch.
  std::optional<RegexMatch> fullmatch(std::string_view subject) const;
  // Python re.findall-style iteration over non-overlapping matches.
  std::vector<RegexMatch> find_all(std::string_view subject) const;
  // Python re.sub with a literal replacement (no group references).
  std::string replace_all(std::string_view subject, std::string_view replacement) const;
  // Number of non-overlapping matches (len(re.findall(...))).
  std::size_t count(std::string_view subject) const;

  // Compiles `pattern` to check it; returns the PCRE2 error text, or "" when valid.
  static std::string validate(std::string_view pattern, unsigned flags = kNone);

 private:
  std::optional<RegexMatch> run(std::string_view subject, std::size_t pos, unsigned options) const;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace patchloom::util
