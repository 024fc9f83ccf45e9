#pragma once
// Internal to the archive module: what the pages read from the database.
// Thread assembly costs a handful of indexed lookups: the root is found by
// following the oldest reference upwards (usually one step, since References
// carries the whole chain), then one recursive query collects every message
// that references a thread member (message_reference_msgid_idx).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/archive/thread.hpp"
#include "patchloom/store/database.hpp"

namespace patchloom::archive {

struct ListInfo {
  long long id = 0;
  std::string linkname;
  std::string name;
  std::string listemail;
};

// More than this many messages in one thread are not shown (public-inbox
// caps a thread query at 1,000 too).
inline constexpr std::size_t kMaxThreadMessages = 1000;

std::optional<ListInfo> find_list(store::Database& db, std::string_view linkname);
std::vector<ListInfo> all_lists(store::Database& db);
// The project holding `bare_msgid` (the lowest project id when several do).
std::optional<ListInfo> list_of_message(store::Database& db, std::string_view bare_msgid);

// The archived messages with this Message-ID in the project (summaries, refs
// filled); empty when unknown.
std::optional<MessageSummary> find_summary(store::Database& db, long long project_id, std::string_view bare_msgid);

// Every message of the thread holding `message`, arrival order, refs filled.
std::vector<MessageSummary> thread_messages(store::Database& db, long long project_id, const MessageSummary& message);

// Raw (uncompressed) mails by message row id, in the order of `ids`; a row
// that cannot be read yields "".
std::vector<std::string> raw_messages(store::Database& db, const std::vector<long long>& ids);

// Summaries of the project's messages matching `condition` (SQL over the
// alias m; `params` bind its placeholders in order), sorted by `order`;
// refs hold only the oldest reference (the topic key).
std::vector<MessageSummary> list_messages(store::Database& db, long long project_id, std::string_view condition,
                                          store::Params params, std::string_view order, std::size_t limit);

// Messages by Date, newest first: `limit` rows with date < before (or all
// when nullopt), refs holding only the oldest reference.
std::vector<MessageSummary> recent_messages(store::Database& db, long long project_id,
                                            std::optional<util::Timestamp> before, std::size_t limit);
// Oldest first from date >= after.
std::vector<MessageSummary> messages_after(store::Database& db, long long project_id, util::Timestamp after,
                                           std::size_t limit);

// Search over subjects and senders: every term must match (case-insensitive
// substring); "s:" limits a term to the subject, "f:" to the sender.
std::vector<MessageSummary> search_messages(store::Database& db, long long project_id, std::string_view query,
                                            std::size_t limit);

}  // namespace patchloom::archive
