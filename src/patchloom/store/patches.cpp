#include "patchloom/store/patches.hpp"

#include "patchloom/store/statement_cache.hpp"

namespace patchloom::store {

std::optional<long long> find_patch(Database& db, long long project_id, std::string_view msgid) {
  return sql(db).query_value<long long>("SELECT id FROM patch WHERE project_id = :project AND msgid = :msgid",
                                   {project_id, msgid});
}

long long insert_patch(Database& db, const model::Patch& p) {
  return sql(db).insert(
      "INSERT INTO patch (msgid, project_id, date, headers, content, name, submitter_id, diff, pull_url,"
      " delegate_id, state_id, archived, hash, message_id) VALUES (:msgid, :project, :date, :headers, :content,"
      " :name, :submitter, :diff, :pull_url, :delegate, :state, 0, :hash, :message)",
      {p.msgid, p.project_id, p.date, p.headers, p.content, p.name, p.submitter_id, p.diff, p.pull_url, p.delegate_id,
       p.state_id, p.hash, p.message_id});
}

void set_patch_series(Database& db, long long patch_id, long long series_id, long long number) {
  sql(db).exec("UPDATE patch SET series_id = :series, number = :number WHERE id = :id", {series_id, number, patch_id});
}

bool series_has_number(Database& db, long long series_id, long long number) {
  return sql(db).query_one("SELECT 1 FROM patch WHERE series_id = :series AND number = :number LIMIT 1",
                      {series_id, number})
      .has_value();
}

long long count_series_patches_below(Database& db, long long series_id, long long number) {
  return sql(db).query_value<long long>("SELECT COUNT(*) FROM patch WHERE series_id = :series AND number < :number",
                                   {series_id, number})
      .value_or(0);
}

long long count_series_patches(Database& db, long long series_id) {
  return sql(db).query_value<long long>("SELECT COUNT(*) FROM patch WHERE series_id = :series", {series_id}).value_or(0);
}

std::vector<std::pair<long long, long long>> series_patches_above(Database& db, long long series_id,
                                                                  long long number) {
  std::vector<std::pair<long long, long long>> out;
  sql(db).query_each("SELECT id, number FROM patch WHERE series_id = :series AND number > :number ORDER BY number, id",
                {series_id, number}, [&out](const Row& r) { out.emplace_back(r.i64(0), r.i64(1)); });
  return out;
}

std::optional<std::string> series_first_patch_name(Database& db, long long series_id) {
  return sql(db).query_value<std::string>("SELECT name FROM patch WHERE series_id = :series AND number = 1 LIMIT 1",
                                     {series_id});
}

std::optional<std::optional<long long>> first_patch_series_any_project(Database& db, std::string_view msgid) {
  auto row = sql(db).query_one("SELECT series_id FROM patch WHERE msgid = :msgid ORDER BY id LIMIT 1", {msgid});
  if (!row) return std::nullopt;
  return row->opt_i64(0);
}

}  // namespace patchloom::store
