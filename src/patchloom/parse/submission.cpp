#include "patchloom/parse/submission.hpp"

#include <array>

#include "patchloom/mail/address.hpp"
#include "patchloom/mail/date.hpp"
#include "patchloom/mail/header_decode.hpp"
#include "patchloom/mail/message_id.hpp"
#include "patchloom/parse/diff.hpp"
#include "patchloom/parse/hash.hpp"
#include "patchloom/parse/pull_request.hpp"
#include "patchloom/util/regex.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::parse {

namespace {

constexpr std::size_t kFieldLength = 255;
constexpr std::string_view kInvalidFrom = "Invalid 'From' header";

// The cleaned value of the first `name` header, only when present and
// non-empty (upstream's `clean_header(mail.get(name, ''))` tested for truth).
std::optional<std::string> non_empty_header(const mail::Message& message, std::string_view name) {
  auto value = mail::clean_header(message, name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

// §2.6 step 5: the display name without its " via <list>" suffix, or nullopt.
std::optional<std::string> strip_via(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  std::size_t cut = name->rfind(" via ");
  if (cut == std::string::npos) {
    if (!name->ends_with(" via")) return std::nullopt;
    cut = name->size() - 4;
  }
  std::string_view stripped = util::py_strip(std::string_view(*name).substr(0, cut));
  while (!stripped.empty() && stripped.front() == '\'') stripped.remove_prefix(1);
  while (!stripped.empty() && stripped.back() == '\'') stripped.remove_suffix(1);
  return std::string(stripped);
}

// Undoes a list's DMARC From rewrite (§2.6 step 5): X-Original-From, else a
// Reply-To or Cc entry whose name is the munged name without " via <list>".
Author unmunge(const mail::Message& message, Author munged) {
  const std::optional<std::string> stripped_name = strip_via(munged.name);
  if (auto original = non_empty_header(message, "X-Original-From")) {
    const mail::NameAndEmail address = mail::split_from(*original);
    // Upstream crashes when this address is invalid (E-12); fall through instead.
    if (address.email) return Author{stripped_name, *address.email};
  }
  for (std::string_view header : {"Reply-To", "Cc"}) {
    for (const mail::Header* h : message.all_headers(header)) {
      const auto cleaned = mail::clean_header(h->value);
      if (!cleaned) continue;
      std::size_t start = 0;
      while (start <= cleaned->size()) {
        std::size_t comma = cleaned->find(',', start);
        if (comma == std::string::npos) comma = cleaned->size();
        const mail::NameAndEmail address = mail::split_from(std::string_view(*cleaned).substr(start, comma - start));
        start = comma + 1;
        if (address.name != stripped_name) continue;
        // Upstream stores a NULL email here and fails the insert (E-12);
        // keep the munged sender instead.
        if (!address.email) return munged;
        return Author{stripped_name, *address.email};
      }
    }
  }
  return munged;
}

Kind classify(const Submission& s) {
  if (!s.diff && s.content.empty()) return Kind::kNone;
  if (!s.is_comment && (s.diff || s.pull_url)) return Kind::kPatch;
  if (!s.is_comment && s.marker && s.marker->x == 0) return Kind::kCoverCandidate;
  return Kind::kCommentCandidate;
}

void fill_content(const mail::Message& message, Submission& s) {
  std::string text;
  if (s.is_comment) {
    text = find_comment_content(message.text_parts());
  } else {
    Content content = find_patch_content(message.text_parts());
    s.diff = std::move(content.diff);
    text = std::move(content.message);
  }
  s.pull_url = parse_pull_request(text);
  s.depends_on = parse_depends_on(text);
  if (s.diff) s.hash = hash_diff(*s.diff);
  // Every stored submission turns "\r\n" into "\n" on save (content only).
  util::replace_all(text, "\r\n", "\n");
  s.content = std::move(text);
}

}  // namespace

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::kPatch: return "patch";
    case Kind::kCoverCandidate: return "cover";
    case Kind::kCommentCandidate: return "comment";
    case Kind::kNone: break;
  }
  return "none";
}

std::optional<std::string> missing_header_error(const mail::Message& message) {
  if (!message.has_header("From")) return "Missing 'From' header";
  if (!message.has_header("Subject")) return "Missing 'Subject' header";
  if (!message.has_header("Message-Id")) return "Missing 'Message-Id' header";
  return std::nullopt;
}

bool is_ignored(const mail::Message& message) {
  const auto hint = non_empty_header(message, "X-Patchwork-Hint");
  return hint && util::ascii_lower(*hint) == "ignore";
}

std::vector<std::string> list_id_candidates(const mail::Message& message) {
  static const util::Regex bracketed(R"(.*<([^>]+)>.*)", util::Regex::kDotAll);
  std::vector<std::string> ids;
  for (std::string_view header : {"List-ID", "X-Mailing-List", "X-list"}) {
    const auto value = non_empty_header(message, header);
    if (!value) continue;
    if (auto m = bracketed.match(*value)) {
      ids.emplace_back(m->group(1));
      continue;
    }
    // ^(\S+)$: a cleaned value has no inner whitespace other than ' '.
    bool has_space = false;
    for (std::size_t i = 0; i < value->size() && !has_space;) has_space = util::is_py_space(util::next_code_point(*value, i));
    if (!has_space) ids.push_back(*value);
  }
  return ids;
}

Result<Author> find_author(const mail::Message& message, std::string_view listemail) {
  const auto from = non_empty_header(message, "From");
  if (!from) return make_error(std::string(kInvalidFrom));
  const mail::NameAndEmail address = mail::split_from(*from);
  if (!address.email) return make_error(std::string(kInvalidFrom));
  Author author{address.name, *address.email};
  if (!listemail.empty() && util::ascii_lower(author.email) == util::ascii_lower(listemail)) {
    return unmunge(message, std::move(author));
  }
  return author;
}

std::optional<util::Timestamp> find_date(const mail::Message& message) {
  const auto value = non_empty_header(message, "Date");
  if (!value) return std::nullopt;
  return mail::parse_mail_date(*value);
}

Submission parse_submission(const mail::Message& message, const ProjectContext& project) {
  Submission s;
  if ((s.error = missing_header_error(message))) return s;
  if ((s.ignored = is_ignored(message))) return s;
  s.list_ids = list_id_candidates(message);

  Result<std::string> msgid = mail::find_message_id(message);
  if (!msgid) {
    s.error = msgid.error();
    return s;
  }
  s.msgid = std::move(msgid.value());

  auto subject = mail::clean_header(message, "Subject");
  if (!subject) {
    s.error = "Invalid 'Subject' header";
    return s;
  }
  s.subject = std::move(*subject);
  const std::array<std::string, 1> drop = {project.linkname};
  CleanSubject cleaned = clean_subject(s.subject, drop);
  s.name = std::move(cleaned.name);
  s.prefixes = std::move(cleaned.prefixes);
  s.is_comment = is_reply_subject(s.subject);
  s.marker = series_marker(s.prefixes);
  s.version = subject_version(s.name, s.prefixes);
  s.refs = mail::find_references(message);
  s.date = find_date(message);
  s.headers = mail::stored_headers(message);

  fill_content(message, s);
  s.kind = classify(s);

  Result<Author> author = find_author(message, project.listemail);
  if (author) {
    s.author = std::move(author.value());
  } else {
    s.author_error = author.error();
  }
  s.delegate_email = non_empty_header(message, "X-Patchwork-Delegate");
  s.state_name = non_empty_header(message, "X-Patchwork-State");
  s.action_required = message.has_header("X-Patchwork-Action-Required");
  return s;
}

}  // namespace patchloom::parse
