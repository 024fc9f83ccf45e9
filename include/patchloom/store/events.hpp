#pragma once
// Event rows (spec/parser.md §10.4).

#include "patchloom/model/event.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::store {

// Inserts the event (its id is ignored); returns the new id.
long long insert_event(Database& db, const model::Event& event);

}  // namespace patchloom::store
