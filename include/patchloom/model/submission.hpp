#pragma once
// What a mail becomes: a patch, a cover letter or a comment on either, plus
// the raw archive entry every mail gets. Mirror tables `patch`, `cover`,
// `patch_comment`, `cover_comment`, `message` and `message_reference`.

#include <optional>
#include <string>

#include "patchloom/util/time.hpp"

namespace patchloom::model {

struct Patch {
  long long id = 0;
  std::string msgid;  // with angle brackets, as Patchwork stores it
  long long project_id = 0;
  util::Timestamp date = 0;
  std::string headers;
  std::optional<std::string> content;
  std::string name;
  long long submitter_id = 0;
  std::optional<std::string> diff;
  std::optional<std::string> commit_ref;
  std::optional<std::string> pull_url;
  std::optional<long long> delegate_id;
  std::optional<long long> state_id;
  bool archived = false;
  std::optional<std::string> hash;  // 40 hex digits
  std::optional<long long> series_id;
  std::optional<int> number;
  std::optional<long long> related_id;
  std::optional<long long> message_id;  // the raw mail in `message`
};

struct Cover {
  long long id = 0;
  std::string msgid;
  long long project_id = 0;
  util::Timestamp date = 0;
  std::string headers;
  std::optional<std::string> content;
  std::string name;
  long long submitter_id = 0;
  std::optional<long long> message_id;
};

// A comment on a patch or on a cover letter: the two tables have the same
// columns but for the parent, so one struct serves both.
struct Comment {
  enum class Parent { patch, cover };

  long long id = 0;
  Parent parent_kind = Parent::patch;
  long long parent_id = 0;  // patch_id or cover_id
  std::string msgid;
  util::Timestamp date = 0;
  std::string headers;
  std::optional<std::string> content;
  long long submitter_id = 0;
  std::optional<bool> addressed;
  std::optional<long long> message_id;
};

// One archived mail, byte for byte (raw is zlib-compressed, see
// store/compression.hpp). `kind` is what ingest made of it: "patch",
// "cover", "comment" or "none".
struct ArchivedMessage {
  long long id = 0;
  long long project_id = 0;
  std::string msgid;
  util::Timestamp date = 0;
  util::Timestamp received = 0;
  std::string subject;
  std::string from_name;
  std::string from_email;
  std::optional<std::string> in_reply_to;
  std::optional<long long> thread_root_id;
  std::string kind = "none";
  int raw_size = 0;    // uncompressed size
  std::string raw;     // compressed bytes
};

}  // namespace patchloom::model
