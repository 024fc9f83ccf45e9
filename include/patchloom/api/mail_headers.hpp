#pragma once
// The `headers` object of patches, covers and comments (spec/api.md §4.3):
// the stored header block parsed as Python's compat32 parser does in
// headers-only mode, grouped by name.

#include <string>
#include <string_view>
#include <vector>

namespace patchloom::api {

struct HeaderEntry {
  std::string name;                 // spelled as at its first appearance
  std::vector<std::string> values;  // every value of the name, any case, in order
};

// Keys in order of first appearance of each exact spelling; each key gets
// the values of every header whose name equals it case-insensitively.
std::vector<HeaderEntry> parse_header_block(std::string_view block);

// The API's `prefixes` of a stored patch name: "[v2,1/2] x" -> {"v2","1/2"}.
std::vector<std::string> name_prefixes(std::string_view name);

}  // namespace patchloom::api
