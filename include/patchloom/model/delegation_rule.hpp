#pragma once
// Auto-delegation: patches touching `path` (a glob) go to `user_id`; higher
// priority wins. Mirrors table `delegation_rule`.

#include <string>

namespace patchloom::model {

struct DelegationRule {
  long long id = 0;
  long long project_id = 0;
  long long user_id = 0;
  std::string path;
  int priority = 0;
};

}  // namespace patchloom::model
