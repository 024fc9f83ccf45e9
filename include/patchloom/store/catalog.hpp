#pragma once
// The small reference tables ingest reads on every mail and therefore caches:
// projects (the fields project selection and DMARC need), states, users'
// emails (X-Patchwork-Delegate) and delegation rules.

#include <optional>
#include <string>
#include <vector>

#include "patchloom/model/delegation_rule.hpp"
#include "patchloom/model/state.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::store {

struct IngestProject {
  long long id = 0;
  std::string linkname;
  std::string listid;
  std::string listemail;
  std::string subject_match;
  bool use_tags = true;
};

struct UserEmail {
  long long id = 0;
  std::string email;
};

// Projects in linkname order (upstream's Project ordering).
std::vector<IngestProject> list_ingest_projects(Database& db);
std::vector<model::State> list_states(Database& db);
// Users with a non-empty email, by id.
std::vector<UserEmail> list_user_emails(Database& db);
std::vector<model::DelegationRule> list_delegation_rules(Database& db);

}  // namespace patchloom::store
