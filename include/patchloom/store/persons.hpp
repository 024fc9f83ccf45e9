#pragma once
// Person rows (Patchwork's Person): one per email address seen as a
// submitter. `email` keeps the case it was first seen with; lookups go
// through `email_lower` (ASCII lower case, as Django's iexact on SQLite).

#include <optional>
#include <string>
#include <string_view>

#include "patchloom/model/person.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::store {

// The lower-cased form stored in person.email_lower.
std::string person_email_key(std::string_view email);

std::optional<model::Person> find_person_by_email(Database& db, std::string_view email);
long long insert_person(Database& db, std::string_view email, const std::optional<std::string>& name);
void set_person_name(Database& db, long long person_id, const std::optional<std::string>& name);

// Upstream's get_or_create_author tail (spec/parser.md §2.6 step 6): the
// person with this email in any case, created when missing; a non-empty name
// that differs from the stored one replaces it. Returns the person's id.
long long upsert_person(Database& db, std::string_view email, const std::optional<std::string>& name);

}  // namespace patchloom::store
