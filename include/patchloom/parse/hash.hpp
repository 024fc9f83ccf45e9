#pragma once
// The patch hash (spec/parser.md §7): SHA-1 over a normalised form of the
// diff (file names without their first path component, hunk headers reduced
// to their counts, only '-', '+' and ' ' lines), as Patchwork's hasher
// computes it, so that the same change gets the same hash in both systems.

#include <string>
#include <string_view>

namespace patchloom::parse {

// 40 lower-case hex digits. Diffs with no hashable line (pure renames, mode
// changes, binary-only) give the SHA-1 of nothing.
std::string hash_diff(std::string_view diff);

}  // namespace patchloom::parse
