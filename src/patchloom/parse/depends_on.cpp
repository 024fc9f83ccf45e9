#include "patchloom/parse/depends_on.hpp"

#include "patchloom/util/regex.hpp"

namespace patchloom::parse {

std::vector<DependsOn> parse_depends_on(std::string_view content) {
  using util::Regex;
  constexpr unsigned kFlags = Regex::kMultiline | Regex::kIgnoreCase;
  static const Regex url_re(R"(^Depends-on: (http[s]?://[\w\d\-./=&@:%?_+()]+)\s*$)", kFlags);
  static const Regex msgid_re(R"(^Depends-on: (<[^>]+>)\s*$)", kFlags);
  std::vector<DependsOn> found;
  static const Regex any_re("^depends-on: ", kFlags);  // cheap rejection of most contents
  if (!any_re.search(content)) return found;
  for (const auto& m : url_re.find_all(content)) found.push_back({DependsOn::Kind::kUrl, std::string(m.group(1))});
  for (const auto& m : msgid_re.find_all(content)) found.push_back({DependsOn::Kind::kMsgid, std::string(m.group(1))});
  return found;
}

}  // namespace patchloom::parse
