#pragma once
// The raw archive: one `message` row per mail received for a project, with
// its References chain in `message_reference`, whatever Patchwork made of it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/model/submission.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::store {

// Id of the message with this msgid in the project, if archived.
std::optional<long long> find_message(Database& db, long long project_id, std::string_view msgid);
// Inserts the message (id and thread_root_id ignored; raw already
// compressed) and its references (Patchwork's order, spec/parser.md §2.8);
// nullopt when (project, msgid) is already archived (nothing is written then).
std::optional<long long> insert_message(Database& db, const model::ArchivedMessage& message,
                                        const std::vector<std::string>& references);
void set_message_kind(Database& db, long long message_id, std::string_view kind);

}  // namespace patchloom::store
