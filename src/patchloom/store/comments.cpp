#include "patchloom/store/comments.hpp"

#include "patchloom/store/statement_cache.hpp"

namespace patchloom::store {

std::optional<long long> find_patch_of_comment(Database& db, long long project_id, std::string_view msgid) {
  return sql(db).query_value<long long>(
      "SELECT c.patch_id FROM patch_comment c JOIN patch p ON p.id = c.patch_id"
      " WHERE c.msgid = :msgid AND p.project_id = :project ORDER BY c.date DESC, c.id DESC LIMIT 1",
      {msgid, project_id});
}

std::optional<long long> find_cover_of_comment(Database& db, long long project_id, std::string_view msgid) {
  return sql(db).query_value<long long>(
      "SELECT c.cover_id FROM cover_comment c JOIN cover v ON v.id = c.cover_id"
      " WHERE c.msgid = :msgid AND v.project_id = :project ORDER BY c.date DESC, c.id DESC LIMIT 1",
      {msgid, project_id});
}

std::optional<long long> insert_comment(Database& db, const model::Comment& c) {
  const bool on_patch = c.parent_kind == model::Comment::Parent::patch;
  std::string text = on_patch ? "INSERT INTO patch_comment (msgid, patch_id," : "INSERT INTO cover_comment (msgid, cover_id,";
  text += " date, headers, content, submitter_id, addressed, message_id) VALUES (:msgid, :parent, :date, :headers,"
         " :content, :submitter, :addressed, :message) ON CONFLICT DO NOTHING";
  return sql(db).try_insert(text, {c.msgid, c.parent_id, c.date, c.headers, c.content, c.submitter_id, c.addressed,
                             c.message_id});
}

}  // namespace patchloom::store
