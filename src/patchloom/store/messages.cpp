#include "patchloom/store/messages.hpp"

#include "patchloom/store/statement_cache.hpp"

namespace patchloom::store {

std::optional<long long> find_message(Database& db, long long project_id, std::string_view msgid) {
  return sql(db).query_value<long long>("SELECT id FROM message WHERE project_id = :project AND msgid = :msgid",
                                   {project_id, msgid});
}

std::optional<long long> insert_message(Database& db, const model::ArchivedMessage& m,
                                        const std::vector<std::string>& references) {
  auto id = sql(db).try_insert(
      "INSERT INTO message (project_id, msgid, date, received, subject, from_name, from_email, in_reply_to, kind,"
      " raw_size, raw) VALUES (:project, :msgid, :date, :received, :subject, :from_name, :from_email,"
      " :in_reply_to, :kind, :raw_size, :raw) ON CONFLICT DO NOTHING",
      {m.project_id, m.msgid, m.date, m.received, m.subject, m.from_name, m.from_email, m.in_reply_to, m.kind,
       m.raw_size, Bytes{m.raw}});
  if (!id) return std::nullopt;
  for (std::size_t i = 0; i < references.size(); ++i) {
    sql(db).exec("INSERT INTO message_reference (message_id, position, msgid) VALUES (:message, :position, :msgid)",
            {*id, static_cast<long long>(i), references[i]});
  }
  return id;
}

void set_message_kind(Database& db, long long message_id, std::string_view kind) {
  sql(db).exec("UPDATE message SET kind = :kind WHERE id = :id", {kind, message_id});
}

}  // namespace patchloom::store
