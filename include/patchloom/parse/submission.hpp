#pragma once
// Everything Patchwork derives from one mail before it touches the database
// (spec/parser.md §1.3 steps 1, 2 and 4-9, §2.6 steps 1-5, §3.1, §3.3, §4.1).
// What needs the database stays with ingest: the project lookup (from
// `list_ids` and `subject`), whether a 0/N mail with references is really a
// cover (no Cover anywhere has its name), a comment's parent, the Person row
// (the latest non-empty name wins), series, delegation and states.
//
// Typical use by ingest: parse the mail, check `error` and `ignored`, find
// the project from `list_ids` (and `subject` for subject_match), then call
// parse_submission again with the project's linkname and listemail — or call
// it once up front when the project is known (`patchloom parse --linkname`).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/mail/message.hpp"
#include "patchloom/parse/depends_on.hpp"
#include "patchloom/parse/subject.hpp"
#include "patchloom/util/result.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::parse {

// What §4.1's decision tree says before the database is consulted.
enum class Kind {
  kNone,              // nothing to store: no diff and no content (§1.3 step 8)
  kPatch,             // not a reply, and a diff or a pull URL
  kCoverCandidate,    // 0/N, not a reply, no diff/pull: a cover unless it has refs
                      // and a Cover with the same name exists (E-8); then a comment candidate
  kCommentCandidate,  // everything else: a comment if a ref names a known patch or cover
};
std::string_view to_string(Kind kind);  // "none", "patch", "cover", "comment"

struct Author {
  std::optional<std::string> name;  // nullopt: none given (bare address); "" stays ""
  std::string email;                // validated, stripped, at most 255 code points
};

struct ProjectContext {
  std::string linkname;   // dropped from subject prefixes; "" for none
  std::string listemail;  // for DMARC un-munging; "" for none
};

struct Submission {
  // Upstream's ValueError raised before classification: "Missing 'From'
  // header" (then Subject, Message-Id), "Broken 'Message-Id' header",
  // "Invalid 'Subject' header". When set, the fields after it are unset.
  std::optional<std::string> error;
  bool ignored = false;  // X-Patchwork-Hint: ignore (any case); nothing else is filled

  std::string msgid;                  // find_message_id, at most 255 code points
  std::string subject;                // clean_header(Subject): Re: and [PATCH] still in it
  std::string name;                   // clean_subject with the linkname dropped; not truncated
  std::vector<std::string> prefixes;  // the prefixes kept in `name`
  std::optional<SeriesMarker> marker;
  std::int64_t version = 1;
  bool is_comment = false;            // a reply subject (§4.1)
  std::vector<std::string> refs;      // In-Reply-To entries, then References newest first; untruncated
  std::optional<util::Timestamp> date;  // naive UTC; nullopt means "now" (unparsable or missing Date)
  std::string headers;                // the stored `headers` text (§2.3)

  std::optional<std::string> diff;
  std::string content;                // as stored: clean_content'ed, "\r\n" turned into "\n"
  std::optional<std::string> pull_url;
  std::optional<std::string> hash;    // hash_diff(diff) when there is a diff
  std::vector<DependsOn> depends_on;  // from the content (§6.8)

  // The author (§2.6 steps 1-5). Upstream reads it only once the mail is
  // known to be stored, so a bad From rejects a patch or cover (or a comment
  // whose parent exists) but not a dropped mail: `author_error` holds
  // "Invalid 'From' header" then.
  std::optional<Author> author;
  std::optional<std::string> author_error;

  std::optional<std::string> delegate_email;  // cleaned X-Patchwork-Delegate, when present
  std::optional<std::string> state_name;      // cleaned X-Patchwork-State, when present
  bool action_required = false;               // X-Patchwork-Action-Required present (any value)
  std::vector<std::string> list_ids;          // §3.1 candidates, in lookup order

  Kind kind = Kind::kNone;
};

// Runs every database-free step on `message`. Never throws for a bad mail.
Submission parse_submission(const mail::Message& message, const ProjectContext& project = {});

// §1.3 step 1: upstream's message for a missing From, Subject or Message-Id
// header (checked in that order; an empty header counts as present).
std::optional<std::string> missing_header_error(const mail::Message& message);

// §1.3 step 2: X-Patchwork-Hint is "ignore" in any case.
bool is_ignored(const mail::Message& message);

// §3.1: the List-Id candidates of List-ID, X-Mailing-List and X-list (first
// occurrence of each), in that order.
std::vector<std::string> list_id_candidates(const mail::Message& message);

// §2.6 steps 1-5: the author from the first From header; `listemail` turns
// on DMARC un-munging when the From address is the list's own. Fails with
// "Invalid 'From' header". Upstream crashes on a munged From without a name
// (E-12); this returns the munged address unchanged instead.
Result<Author> find_author(const mail::Message& message, std::string_view listemail);

// The submission date (§2.7): nullopt means "now".
std::optional<util::Timestamp> find_date(const mail::Message& message);

}  // namespace patchloom::parse
