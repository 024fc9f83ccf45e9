#include "patchloom/store/events.hpp"

#include "patchloom/store/statement_cache.hpp"

namespace patchloom::store {

long long insert_event(Database& db, const model::Event& e) {
  return sql(db).insert(
      "INSERT INTO event (project_id, category, date, actor_id, patch_id, series_id, cover_id, previous_state_id,"
      " current_state_id, previous_delegate_id, current_delegate_id, previous_relation_id, current_relation_id, created_check_id, cover_comment_id,"
      " patch_comment_id) VALUES (:project, :category, :date, :actor, :patch, :series, :cover, :previous_state,"
      " :current_state, :previous_delegate, :current_delegate, :previous_relation, :current_relation, :check, :cover_comment, :patch_comment)",
      {e.project_id, e.category, e.date, e.actor_id, e.patch_id, e.series_id, e.cover_id, e.previous_state_id,
       e.current_state_id, e.previous_delegate_id, e.current_delegate_id, e.previous_relation_id, e.current_relation_id, e.created_check_id, e.cover_comment_id,
       e.patch_comment_id});
}

}  // namespace patchloom::store
