#pragma once
// Tag counting (spec/parser.md §8): each tag is a Python regex such as
// "^Acked-by:", counted as non-overlapping matches with MULTILINE and
// IGNORECASE over a patch's content and its comments' contents.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/util/regex.hpp"

namespace patchloom::parse {

// The tag patterns of the default fixture, in id order.
inline constexpr std::string_view kDefaultTagPatterns[] = {"^Acked-by:", "^Reviewed-by:", "^Tested-by:"};

// Counts matches of a fixed list of patterns; compile once, count many.
class TagCounter {
 public:
  // Throws std::invalid_argument when a pattern does not compile.
  explicit TagCounter(std::span<const std::string> patterns);
  explicit TagCounter(std::span<const std::string_view> patterns);

  // One count per pattern, in the order given to the constructor.
  std::vector<std::size_t> count(std::string_view text) const;
  // Adds this text's counts to `totals` (sized like the pattern list).
  void add_counts(std::string_view text, std::vector<std::size_t>& totals) const;
  std::size_t size() const { return patterns_.size(); }

 private:
  std::vector<util::Regex> patterns_;
};

// Matches of one tag pattern in one text (MULTILINE | IGNORECASE).
std::size_t count_tag(std::string_view pattern, std::string_view text);

}  // namespace patchloom::parse
