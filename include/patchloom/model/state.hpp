#pragma once
// Patch states and the tags counted in patch mails. Mirror tables `state`,
// `tag` and `patch_tag`.

#include <string>

namespace patchloom::model {

struct State {
  long long id = 0;
  std::string name;
  std::string slug;
  int ordering = 0;
  bool action_required = true;
};

struct Tag {
  long long id = 0;
  std::string name;     // e.g. "Acked-by"
  std::string pattern;  // regex matched against comment lines
  std::string abbrev;   // e.g. "A"
  bool show_column = true;
};

// How many times one tag occurs on one patch (its mail and comments).
struct PatchTag {
  long long patch_id = 0;
  long long tag_id = 0;
  int count = 0;
};

}  // namespace patchloom::model
