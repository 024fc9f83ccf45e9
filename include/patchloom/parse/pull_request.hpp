#pragma once
// Git pull-request detection (spec/parser.md §4.5).

#include <optional>
#include <string>
#include <string_view>

namespace patchloom::parse {

// The "URL [branch]" of a `git request-pull` message found in `content` (the
// mail's content, never its diff), whitespace runs collapsed; nullopt when the
// content holds no pull request.
std::optional<std::string> parse_pull_request(std::string_view content);

}  // namespace patchloom::parse
