#include "patchloom/store/catalog.hpp"

namespace patchloom::store {

std::vector<IngestProject> list_ingest_projects(Database& db) {
  std::vector<IngestProject> out;
  db.query_each("SELECT id, linkname, listid, listemail, subject_match, use_tags FROM project ORDER BY linkname", {},
                [&out](const Row& r) {
                  out.push_back(IngestProject{r.i64(0), r.text(1), r.text(2), r.text(3), r.text(4), r.boolean(5)});
                });
  return out;
}

std::vector<model::State> list_states(Database& db) {
  std::vector<model::State> out;
  db.query_each("SELECT id, name, slug, ordering, action_required FROM state ORDER BY ordering", {},
                [&out](const Row& r) { out.push_back(model::State{r.i64(0), r.text(1), r.text(2), r.i32(3), r.boolean(4)}); });
  return out;
}

std::vector<UserEmail> list_user_emails(Database& db) {
  std::vector<UserEmail> out;
  db.query_each("SELECT id, email FROM users WHERE email <> '' ORDER BY id", {},
                [&out](const Row& r) { out.push_back(UserEmail{r.i64(0), r.text(1)}); });
  return out;
}

std::vector<model::DelegationRule> list_delegation_rules(Database& db) {
  std::vector<model::DelegationRule> out;
  db.query_each("SELECT id, project_id, user_id, path, priority FROM delegation_rule ORDER BY priority DESC, path", {},
                [&out](const Row& r) { out.push_back(model::DelegationRule{r.i64(0), r.i64(1), r.i64(2), r.text(3), r.i32(4)}); });
  return out;
}

}  // namespace patchloom::store
