#pragma once
// Changes people make to patches, checks and comments (spec/api.md §2.5,
// §2.8, §2.9, §5): who may make them, validation with upstream's messages,
// the write itself and the events it records, in one transaction. Shared by
// the REST API and the web UI's forms, which only translate their input into
// these types and the outcome into their answers.

#include <optional>
#include <string>
#include <vector>

#include "patchloom/store/database.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::store {

// A message about one input field ("state", "delegate", …), as DRF words it.
struct FieldError {
  std::string field;
  std::string message;
};

// What a write came to. `errors` is set for `invalid` (in the order the
// checks ran; callers order them by field), `detail` for the refusals.
struct WriteOutcome {
  enum class Status { done, not_found, not_authenticated, forbidden, invalid, conflict };
  Status status = Status::done;
  std::vector<FieldError> errors;
  std::string detail;
  long long id = 0;  // the object created (checks)

  bool ok() const { return status == Status::done; }
  static WriteOutcome refused(Status status, std::string detail) {
    WriteOutcome out;
    out.status = status;
    out.detail = std::move(detail);
    return out;
  }
  static WriteOutcome invalid(std::vector<FieldError> errors) {
    WriteOutcome out;
    out.status = Status::invalid;
    out.errors = std::move(errors);
    return out;
  }
};

// A requested change of one patch: only the fields present change.
// Nested optionals: outer = "given", inner = the value (nullopt = null).
struct PatchChange {
  std::optional<std::string> state;  // a state name or slug; "Under Review" works, as upstream
  std::optional<std::optional<long long>> delegate;  // a user id
  std::optional<bool> archived;
  std::optional<std::optional<std::string>> commit_ref;
  std::optional<std::optional<std::string>> pull_url;
  std::optional<std::vector<long long>> related;  // patch ids; [] leaves the relation

  bool empty() const { return !state && !delegate && !archived && !commit_ref && !pull_url && !related; }
};

// Django's slugify() of ASCII text (lower-case, punctuation dropped, runs of
// spaces and hyphens to one hyphen); non-ASCII characters are dropped.
std::string slugify(std::string_view text);

// Upstream's Patch.is_editable: a maintainer of the patch's project, the
// user linked to the patch's submitter, or the patch's delegate.
bool can_edit_patch(Database& db, long long patch_id, std::optional<long long> user_id);
bool is_maintainer(Database& db, long long project_id, long long user_id);

// Checks permission (not_found / not_authenticated / forbidden), validates
// every field (invalid, all messages at once), applies the relation rules
// (forbidden with upstream's detail, conflict = 409), then writes and
// records patch-state-changed, patch-delegated and patch-relation-changed
// events with `user_id` as actor. Nothing is written unless the outcome is
// done. Runs in its own transaction, or in a savepoint when the caller has
// one open (bulk updates).
WriteOutcome update_patch(Database& db, long long patch_id, std::optional<long long> user_id,
                          const PatchChange& change);

// A new check result (spec/api.md §2.9). `state` is a label or 0-3.
struct NewCheck {
  std::optional<std::string> state;
  std::optional<std::string> target_url;
  std::string context = "default";
  std::optional<std::string> description;
};
// Permission as update_patch; records check-created. outcome.id = check id.
WriteOutcome create_check(Database& db, long long patch_id, std::optional<long long> user_id, const NewCheck& check);
// 0-3 for "pending", "success", "warning", "fail" or their digits.
std::optional<int> parse_check_state(std::string_view value);

// Sets a comment's `addressed` flag (true, false or null; absent = only the
// permission check). `parent` is "patch" or "cover".
// Permission: the comment's submitter's user, or for patch comments anyone
// who may edit the patch, for cover comments the cover's submitter's user
// or a project maintainer. Records no event (see docs/compatibility.md).
WriteOutcome set_comment_addressed(Database& db, std::string_view parent, long long parent_id, long long comment_id,
                                   std::optional<long long> user_id,
                                   std::optional<std::optional<bool>> addressed);

}  // namespace patchloom::store
