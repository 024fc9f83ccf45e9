#pragma once
// A CI result on a patch. Mirrors table `check_result`.

#include <optional>
#include <string>

#include "patchloom/util/time.hpp"

namespace patchloom::model {

struct Check {
  // Stored as these numbers (Patchwork's Check.STATE_CHOICES).
  enum class State { pending = 0, success = 1, warning = 2, fail = 3 };

  long long id = 0;
  long long patch_id = 0;
  long long user_id = 0;
  util::Timestamp date = 0;
  State state = State::pending;
  std::optional<std::string> target_url;
  std::optional<std::string> description;
  std::string context = "default";
};

}  // namespace patchloom::model
