#include "patchloom/parse/pull_request.hpp"

#include "patchloom/util/regex.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::parse {

std::optional<std::string> parse_pull_request(std::string_view content) {
  using util::Regex;
  // Cheap pre-check: almost no mail is a pull request, and the pattern's
  // leading ".*" would otherwise be tried against every content.
  static const Regex marker("^The following changes since commit", Regex::kMultiline | Regex::kIgnoreCase);
  static const Regex pull_re(
      R"(^The following changes since commit.*)"
      R"(^are available in the git repository at:\s*\n)"
      R"(^\s*([\w+-]+(?:://|@)[\w/.@:~-]+[\s\\]*[\w/._-]*)\s*$)",
      Regex::kDotAll | Regex::kMultiline | Regex::kIgnoreCase);
  if (!marker.search(content)) return std::nullopt;
  auto m = pull_re.search(content);
  if (!m) return std::nullopt;
  return util::py_collapse_whitespace(m->group(1));
}

}  // namespace patchloom::parse
