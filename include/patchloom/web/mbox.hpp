#pragma once
// Patchwork's mbox downloads (spec/parser.md §11): one patch or cover letter
// rendered as upstream's _submission_to_mbox does, byte for byte, and the
// names and header values of the download responses.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/util/time.hpp"

namespace patchloom::web {

// What the mbox of one patch or cover needs from the database.
struct MboxSubmission {
  long long id = 0;
  bool is_patch = true;
  util::Timestamp date = 0;
  std::string headers;  // the stored `headers` field
  std::optional<std::string> content;
  std::optional<std::string> diff;  // patches only
  std::optional<std::string> submitter_name;
  std::string submitter_email;
  std::optional<std::string> delegate_email;  // patches with a delegate only
  std::vector<std::optional<std::string>> comment_contents;  // the comments' content, by date
};

// The message as upstream writes it: "From patchwork <ctime>" line, the MIME
// and X-Patchwork-* headers, the stored headers re-folded, a blank line and
// the body (content, tags from comments, postscript, diff).
// `list_email` is the project's listemail (DMARC undo on From).
std::string render_mbox(const MboxSubmission& submission, std::string_view list_email);

// Several messages as one mbox (series, bundles, ?series= dependencies).
std::string join_mbox(const std::vector<std::string>& messages);

// Python's email.utils.formataddr((name, email)) with charset utf-8: a
// non-ASCII name becomes one RFC 2047 word (q or b, whichever is shorter).
std::string format_address(const std::optional<std::string>& name, std::string_view email);

// str(obj) made safe as a file name: runs outside [-_A-Za-z0-9.] become '-',
// leading and trailing '-' dropped ("[v2,1/3] foo: bar" -> "v2-1-3-foo-bar").
std::string download_filename(std::string_view name);

// Python's datetime.ctime(): "Wed Jun  1 20:00:54 2016".
std::string ctime_string(util::Timestamp t);
// email.utils.formatdate(t): "Wed, 01 Jun 2016 20:00:54 -0000".
std::string rfc2822_date(util::Timestamp t);

}  // namespace patchloom::web
