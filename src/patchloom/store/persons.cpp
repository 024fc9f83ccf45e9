#include "patchloom/store/persons.hpp"

#include "patchloom/store/statement_cache.hpp"

#include "patchloom/util/text.hpp"

namespace patchloom::store {

std::string person_email_key(std::string_view email) { return util::ascii_lower(email); }

std::optional<model::Person> find_person_by_email(Database& db, std::string_view email) {
  auto row = sql(db).query_one("SELECT id, email, name FROM person WHERE email_lower = :key ORDER BY id LIMIT 1",
                          {person_email_key(email)});
  if (!row) return std::nullopt;
  model::Person p;
  p.id = row->i64(0);
  p.email = row->text(1);
  p.name = row->opt_text(2);
  return p;
}

long long insert_person(Database& db, std::string_view email, const std::optional<std::string>& name) {
  return sql(db).insert("INSERT INTO person (email, email_lower, name) VALUES (:email, :key, :name)",
                   {email, person_email_key(email), name});
}

void set_person_name(Database& db, long long person_id, const std::optional<std::string>& name) {
  sql(db).exec("UPDATE person SET name = :name WHERE id = :id", {name, person_id});
}

long long upsert_person(Database& db, std::string_view email, const std::optional<std::string>& name) {
  auto person = find_person_by_email(db, email);
  if (!person) return insert_person(db, email, name);
  if (name && !name->empty() && person->name != name) set_person_name(db, person->id, name);
  return person->id;
}

}  // namespace patchloom::store
