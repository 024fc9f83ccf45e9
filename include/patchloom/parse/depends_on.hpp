#pragma once
// "Depends-on:" lines in a patch's or cover's content (spec/parser.md §6.8).
// Only extraction lives here; resolving them to series needs the database
// and is ingest's job.

#include <string>
#include <string_view>
#include <vector>

namespace patchloom::parse {

struct DependsOn {
  enum class Kind { kUrl, kMsgid };
  Kind kind;
  // The URL (http or https, as written) or the "<msgid>" with its brackets.
  std::string value;
};

// Every line "Depends-on: http(s)://..." or "Depends-on: <msgid>" (any case,
// trailing whitespace allowed), URLs first, then message-ids, each in text
// order. The result is a set to its user; duplicates are kept.
std::vector<DependsOn> parse_depends_on(std::string_view content);

}  // namespace patchloom::parse
