// The whole database-free ingest path on raw bytes: Message::parse then
// parse_submission, once as parsearchive reads a mail (line ends kept, with a
// project whose list address enables DMARC un-munging) and once as parsemail
// does (universal newlines, no project).

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "patchloom/mail/address.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/parse/hash.hpp"
#include "patchloom/parse/submission.hpp"
#include "patchloom/util/text.hpp"

namespace {

using patchloom::fuzz::has_nul;
using patchloom::fuzz::has_outer_py_space;
using patchloom::fuzz::is_sha1_hex;
using namespace patchloom;

constexpr std::size_t kFieldLength = 255;

void check_unset_after_error(const parse::Submission& s) {
  PATCHLOOM_FUZZ_CHECK(s.name.empty() && s.headers.empty() && !s.diff && !s.hash);
  PATCHLOOM_FUZZ_CHECK(!s.author && !s.author_error);
  PATCHLOOM_FUZZ_CHECK(s.kind == parse::Kind::kNone);
}

void check_author(const parse::Submission& s) {
  PATCHLOOM_FUZZ_CHECK(s.author.has_value() != s.author_error.has_value());
  if (!s.author) return;
  const std::string& email = s.author->email;
  PATCHLOOM_FUZZ_CHECK(util::code_point_count(email) <= kFieldLength);
  // Truncation can cut a valid address into an invalid one, so only an
  // address that was not cut must still pass the check it was chosen by.
  if (util::code_point_count(email) < kFieldLength) PATCHLOOM_FUZZ_CHECK(mail::is_valid_email(email));
  if (s.author->name) PATCHLOOM_FUZZ_CHECK(util::code_point_count(*s.author->name) <= kFieldLength);
}

void check_content(const parse::Submission& s) {
  if (s.diff) {
    PATCHLOOM_FUZZ_CHECK(!s.diff->empty() && !has_nul(*s.diff));
    PATCHLOOM_FUZZ_CHECK(s.hash && is_sha1_hex(*s.hash));
    PATCHLOOM_FUZZ_CHECK(*s.hash == parse::hash_diff(*s.diff));
    PATCHLOOM_FUZZ_CHECK(!s.is_comment);  // a reply never carries a diff
  } else {
    PATCHLOOM_FUZZ_CHECK(!s.hash);
  }
  PATCHLOOM_FUZZ_CHECK(!has_nul(s.content));
  // No check for outer whitespace: clean_content strips before it deletes
  // NULs, so a decoded "\0 text" keeps its space, as upstream's does.
  PATCHLOOM_FUZZ_CHECK(util::is_valid_utf8(s.content));
  if (s.pull_url) {
    PATCHLOOM_FUZZ_CHECK(!s.pull_url->empty() && !has_outer_py_space(*s.pull_url));
    PATCHLOOM_FUZZ_CHECK(s.pull_url->find("  ") == std::string::npos);
  }
}

// §4.1 before the database: the same decision tree, spelled out again.
parse::Kind expected_kind(const parse::Submission& s) {
  if (!s.diff && s.content.empty()) return parse::Kind::kNone;
  if (!s.is_comment && (s.diff || s.pull_url)) return parse::Kind::kPatch;
  if (!s.is_comment && s.marker && s.marker->x == 0) return parse::Kind::kCoverCandidate;
  return parse::Kind::kCommentCandidate;
}

void check_submission(const mail::Message& message, const parse::ProjectContext& project) {
  const parse::Submission s = parse::parse_submission(message, project);
  PATCHLOOM_FUZZ_CHECK(!parse::to_string(s.kind).empty());
  if (s.error || s.ignored) {
    PATCHLOOM_FUZZ_CHECK(!(s.error && s.ignored));
    check_unset_after_error(s);
    return;
  }
  PATCHLOOM_FUZZ_CHECK(!s.msgid.empty() && util::code_point_count(s.msgid) <= kFieldLength);
  PATCHLOOM_FUZZ_CHECK(util::is_valid_utf8(s.msgid) && util::is_valid_utf8(s.subject));
  PATCHLOOM_FUZZ_CHECK(util::is_valid_utf8(s.name));
  for (const auto& prefix : s.prefixes) PATCHLOOM_FUZZ_CHECK(!prefix.empty());
  if (s.marker) PATCHLOOM_FUZZ_CHECK(s.marker->x >= 0 && s.marker->n >= 0);
  PATCHLOOM_FUZZ_CHECK(s.version >= 0);
  PATCHLOOM_FUZZ_CHECK(!has_nul(s.headers));
  for (const auto& ref : s.refs) PATCHLOOM_FUZZ_CHECK(!ref.empty());
  if (s.date) PATCHLOOM_FUZZ_CHECK(!util::format_iso(*s.date).empty());
  check_content(s);
  PATCHLOOM_FUZZ_CHECK(s.kind == expected_kind(s));
  check_author(s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string raw(reinterpret_cast<const char*>(data), size);
  check_submission(mail::Message::parse(raw, mail::LineEnds::keep),
                   parse::ProjectContext{"linuxppc-dev", "linuxppc-dev@lists.ozlabs.org"});
  check_submission(mail::Message::parse(raw, mail::LineEnds::universal), parse::ProjectContext{});
  return 0;
}
