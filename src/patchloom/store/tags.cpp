#include "patchloom/store/tags.hpp"

#include "patchloom/store/statement_cache.hpp"

namespace patchloom::store {

std::vector<model::Tag> list_tags(Database& db) {
  std::vector<model::Tag> out;
  sql(db).query_each("SELECT id, name, pattern, abbrev, show_column FROM tag ORDER BY id", {},
                [&out](const Row& r) { out.push_back(model::Tag{r.i64(0), r.text(1), r.text(2), r.text(3), r.boolean(4)}); });
  return out;
}

void add_patch_tags(Database& db, long long patch_id, const std::vector<std::pair<long long, long long>>& increments) {
  for (const auto& [tag_id, count] : increments) {
    if (count <= 0) continue;
    sql(db).exec(
        "INSERT INTO patch_tag (patch_id, tag_id, count) VALUES (:patch, :tag, :count)"
        " ON CONFLICT (patch_id, tag_id) DO UPDATE SET count = patch_tag.count + excluded.count",
        {patch_id, tag_id, count});
  }
}

}  // namespace patchloom::store
