#pragma once
// An entry of a project's event log (spec/parser.md §10.4). Mirrors table
// `event`; which optional ids are set depends on the category.

#include <optional>
#include <string>

#include "patchloom/util/time.hpp"

namespace patchloom::model {

struct Event {
  long long id = 0;
  long long project_id = 0;
  std::string category;  // e.g. "patch-created", "series-completed"
  util::Timestamp date = 0;
  std::optional<long long> actor_id;
  std::optional<long long> patch_id;
  std::optional<long long> series_id;
  std::optional<long long> cover_id;
  std::optional<long long> previous_state_id;
  std::optional<long long> current_state_id;
  std::optional<long long> previous_delegate_id;
  std::optional<long long> current_delegate_id;
  std::optional<long long> previous_relation_id;
  std::optional<long long> current_relation_id;
  std::optional<long long> created_check_id;
  std::optional<long long> cover_comment_id;
  std::optional<long long> patch_comment_id;
};

}  // namespace patchloom::model
