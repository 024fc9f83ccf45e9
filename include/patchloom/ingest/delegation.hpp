#pragma once
// Auto-delegation (spec/parser.md §10.3): which user a new patch is delegated
// to, from the project's DelegationRule rows and the files its diff touches.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace patchloom::ingest {

// Python's fnmatch.fnmatchcase(name, pattern): `*` matches anything
// (including '/' and newlines), `?` one code point, `[seq]` / `[!seq]` sets
// with Python 3.11's range quirks (reversed ranges are dropped), no escapes.
bool fnmatch_case(std::string_view name, std::string_view pattern);

// Upstream's find_filenames(diff): every path named on a `--- ` / `+++ `
// line, minus its first component, /dev/null skipped; sorted and unique.
std::vector<std::string> diff_filenames(std::string_view diff);

struct DelegationRule {
  std::int64_t user_id = 0;
  std::string path;  // fnmatch pattern
  int priority = 0;
};

// Sorts rules into upstream's order: priority descending, then path.
void sort_rules(std::vector<DelegationRule>& rules);

// The delegate for a diff touching `files`, given rules already in upstream
// order: every file must match some rule, and all files must map to the same
// user; otherwise (or with no files) nullopt.
std::optional<std::int64_t> choose_delegate(const std::vector<std::string>& files,
                                            const std::vector<DelegationRule>& rules);

}  // namespace patchloom::ingest
