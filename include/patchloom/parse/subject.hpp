#pragma once
// Subject handling as Patchwork does it (spec/parser.md §5): the stored name
// with its kept prefixes, the prefix tokens, the series marker "x/n", the
// version, and reply detection. All functions take the subject after
// mail::clean_header (decoded, NULs removed, whitespace collapsed).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace patchloom::parse {

struct CleanSubject {
  // "[p1,p2] rest" when prefixes were kept, else the bare subject. Not
  // truncated (the store truncates to 255 code points).
  std::string name;
  std::vector<std::string> prefixes;
};

// split_prefixes (§5.2): the tokens of one bracket group's contents.
// "PATCH 2 of 3 v2" -> {"PATCH", "2 of 3", "v2"}.
std::vector<std::string> split_prefixes(std::string_view text);

// clean_subject (§5.1) on an already cleaned subject. `drop_prefixes` are
// compared case-insensitively ("patch" is always dropped); pass the project's
// linkname for the stored name, nothing for the API's `prefixes` field.
CleanSubject clean_subject(std::string_view subject, std::span<const std::string> drop_prefixes = {});

struct SeriesMarker {
  std::int64_t x = 0;  // patch number; 0 for a cover letter
  std::int64_t n = 0;  // series total; 0 means "unnumbered" to the series logic
};

// The first prefix matching ".*?([0-9]+)(?:/| of )([0-9]+)$" (§5.3), or
// nullopt. Numbers too large for int64 saturate at INT64_MAX.
std::optional<SeriesMarker> series_marker(std::span<const std::string> prefixes);

// The version (§5.3): a prefix "vN"/"VN", else "(vN)" anywhere in `name`,
// else 1.
std::int64_t subject_version(std::string_view name, std::span<const std::string> prefixes);

// Reply detection (§4.1, E-3): the cleaned subject starts with "re" followed
// by ':' or whitespace, in any case.
bool is_reply_subject(std::string_view subject);

}  // namespace patchloom::parse
