#include "queries.hpp"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "patchloom/archive/msgid.hpp"
#include "patchloom/store/compression.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::archive {

namespace {

constexpr std::string_view kSummaryColumns =
    "m.id, m.msgid, m.subject, m.from_name, m.from_email, m.date, m.received";

MessageSummary summary_of(const store::Row& row) {
  MessageSummary s;
  s.id = row.i64(0);
  s.msgid = bare_msgid(row.text(1));
  s.subject = row.text(2);
  s.from_name = row.text(3);
  s.from_email = row.text(4);
  s.date = row.i64(5);
  s.received = row.i64(6);
  return s;
}

ListInfo list_of(const store::Row& row) {
  return ListInfo{row.i64(0), row.text(1), row.text(2), row.text(3)};
}

// "(:i0, :i1, ...)" for ids[begin, end), appended to params.
std::string id_list(const std::vector<long long>& ids, std::size_t begin, std::size_t end, store::Params& params) {
  std::string out = "(";
  for (std::size_t i = begin; i < end; ++i) {
    if (i != begin) out += ", ";
    out += ":i" + std::to_string(params.size());
    params.emplace_back(ids[i]);
  }
  return out + ")";
}

constexpr std::size_t kIdBatch = 500;

// Fills refs (bare, in stored order) of every summary.
void load_refs(store::Database& db, std::vector<MessageSummary>& messages) {
  std::unordered_map<long long, std::size_t> index;
  std::vector<long long> ids;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    index.emplace(messages[i].id, i);
    ids.push_back(messages[i].id);
  }
  for (std::size_t begin = 0; begin < ids.size(); begin += kIdBatch) {
    const std::size_t end = std::min(ids.size(), begin + kIdBatch);
    store::Params params;
    const std::string sql = "SELECT message_id, msgid FROM message_reference WHERE message_id IN " +
                            id_list(ids, begin, end, params) + " ORDER BY message_id, position";
    db.query_each(sql, params, [&](const store::Row& row) {
      auto it = index.find(row.i64(0));
      if (it != index.end()) messages[it->second].refs.push_back(bare_msgid(row.text(1)));
    });
  }
}

std::optional<long long> message_row(store::Database& db, long long project_id, const std::string& stored) {
  return db.query_value<long long>("SELECT id FROM message WHERE project_id = :p AND msgid = :m",
                                   {project_id, stored});
}

// The stored msgid at the top of the thread holding message `id`: follow
// the oldest known reference upwards; an unknown oldest reference is a ghost
// root that the whole thread still shares.
std::string thread_root(store::Database& db, long long project_id, long long id, std::string stored) {
  std::unordered_set<long long> seen{id};
  for (int step = 0; step < 64; ++step) {
    auto refs = db.query("SELECT msgid FROM message_reference WHERE message_id = :id ORDER BY position DESC LIMIT 64",
                         {id});
    if (refs.empty()) return stored;
    std::optional<long long> next;
    for (const auto& ref : refs) {
      next = message_row(db, project_id, ref.text(0));
      if (next) break;
    }
    if (!next) return refs.front().text(0);
    if (!seen.insert(*next).second) return stored;
    id = *next;
    stored = *db.query_value<std::string>("SELECT msgid FROM message WHERE id = :id", {id});
  }
  return stored;
}

}  // namespace

std::optional<ListInfo> find_list(store::Database& db, std::string_view linkname) {
  auto row = db.query_one("SELECT id, linkname, name, listemail FROM project WHERE linkname = :l", {linkname});
  if (!row) return std::nullopt;
  return list_of(*row);
}

std::vector<ListInfo> all_lists(store::Database& db) {
  std::vector<ListInfo> out;
  for (const auto& row : db.query("SELECT id, linkname, name, listemail FROM project ORDER BY linkname"))
    out.push_back(list_of(row));
  return out;
}

std::optional<ListInfo> list_of_message(store::Database& db, std::string_view bare) {
  for (const std::string& stored : {"<" + std::string(bare) + ">", std::string(bare)}) {
    auto row = db.query_one(
        "SELECT p.id, p.linkname, p.name, p.listemail FROM message m JOIN project p ON p.id = m.project_id"
        " WHERE m.msgid = :m ORDER BY p.id LIMIT 1",
        {stored});
    if (row) return list_of(*row);
  }
  return std::nullopt;
}

std::optional<MessageSummary> find_summary(store::Database& db, long long project_id, std::string_view bare) {
  for (const std::string& stored : {"<" + std::string(bare) + ">", std::string(bare)}) {
    auto row = db.query_one("SELECT " + std::string(kSummaryColumns) +
                                " FROM message m WHERE m.project_id = :p AND m.msgid = :m",
                            {project_id, stored});
    if (!row) continue;
    std::vector<MessageSummary> one{summary_of(*row)};
    load_refs(db, one);
    return std::move(one.front());
  }
  return std::nullopt;
}

std::vector<MessageSummary> thread_messages(store::Database& db, long long project_id, const MessageSummary& message) {
  const std::string stored =
      *db.query_value<std::string>("SELECT msgid FROM message WHERE id = :id", {message.id});
  const std::string root = thread_root(db, project_id, message.id, stored);
  std::vector<MessageSummary> out;
  db.query_each(
      "WITH RECURSIVE thread_ids(msgid) AS ("
      " SELECT CAST(:root AS VARCHAR(255))"
      " UNION"
      " SELECT m.msgid FROM thread_ids t"
      " JOIN message_reference r ON r.msgid = t.msgid"
      " JOIN message m ON m.id = r.message_id"
      " WHERE m.project_id = :p1)"
      " SELECT " + std::string(kSummaryColumns) +
          " FROM message m WHERE m.project_id = :p2 AND m.msgid IN (SELECT msgid FROM thread_ids)"
          " ORDER BY m.id LIMIT " + std::to_string(kMaxThreadMessages),
      {root, project_id, project_id}, [&](const store::Row& row) { out.push_back(summary_of(row)); });
  // A message whose references form a loop may not be reached from the root.
  if (std::none_of(out.begin(), out.end(), [&](const MessageSummary& m) { return m.id == message.id; })) {
    out.push_back(message);
    out.back().refs.clear();
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  }
  load_refs(db, out);
  return out;
}

std::vector<std::string> raw_messages(store::Database& db, const std::vector<long long>& ids) {
  std::unordered_map<long long, std::string> by_id;
  for (std::size_t begin = 0; begin < ids.size(); begin += kIdBatch) {
    const std::size_t end = std::min(ids.size(), begin + kIdBatch);
    store::Params params;
    db.query_each("SELECT id, raw FROM message WHERE id IN " + id_list(ids, begin, end, params), params,
                  [&](const store::Row& row) {
                    auto raw = store::uncompress(row.bytes(1).data);
                    by_id[row.i64(0)] = raw ? std::move(*raw) : std::string();
                  });
  }
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (long long id : ids) out.push_back(std::move(by_id[id]));
  return out;
}

std::vector<MessageSummary> list_messages(store::Database& db, long long project_id, std::string_view condition,
                                          store::Params params, std::string_view order, std::size_t limit) {
  params.insert(params.begin(), project_id);
  std::vector<MessageSummary> out;
  db.query_each("SELECT " + std::string(kSummaryColumns) +
                    ", (SELECT r.msgid FROM message_reference r WHERE r.message_id = m.id"
                    " ORDER BY r.position DESC LIMIT 1) FROM message m WHERE m.project_id = :p AND (" +
                    std::string(condition) + ") ORDER BY " + std::string(order) + " LIMIT " + std::to_string(limit),
                params, [&](const store::Row& row) {
                  out.push_back(summary_of(row));
                  if (auto oldest = row.opt_text(7)) out.back().refs.push_back(bare_msgid(*oldest));
                });
  return out;
}

std::vector<MessageSummary> recent_messages(store::Database& db, long long project_id,
                                            std::optional<util::Timestamp> before, std::size_t limit) {
  if (!before) return list_messages(db, project_id, "1 = 1", {}, "m.date DESC, m.id DESC", limit);
  return list_messages(db, project_id, "m.date < :before", {*before}, "m.date DESC, m.id DESC", limit);
}

std::vector<MessageSummary> messages_after(store::Database& db, long long project_id, util::Timestamp after,
                                           std::size_t limit) {
  return list_messages(db, project_id, "m.date >= :after", {after}, "m.date, m.id", limit);
}

}  // namespace patchloom::archive
