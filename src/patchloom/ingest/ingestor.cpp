#include "patchloom/ingest/ingestor.hpp"

#include <map>
#include <stdexcept>

#include "patchloom/ingest/delegation.hpp"
#include "patchloom/ingest/series_resolver.hpp"
#include "patchloom/mail/header_decode.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/mail/message_id.hpp"
#include "patchloom/parse/submission.hpp"
#include "patchloom/parse/tags.hpp"
#include "patchloom/store/catalog.hpp"
#include "patchloom/store/comments.hpp"
#include "patchloom/store/compression.hpp"
#include "patchloom/store/covers.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/store/events.hpp"
#include "patchloom/store/messages.hpp"
#include "patchloom/store/patches.hpp"
#include "patchloom/store/persons.hpp"
#include "patchloom/store/statement_cache.hpp"
#include "patchloom/store/tags.hpp"
#include "patchloom/util/regex.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::ingest {

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::Patch: return "patch";
    case Outcome::Cover: return "cover";
    case Outcome::Comment: return "comment";
    case Outcome::Dropped: return "dropped";
    case Outcome::Ignored: return "ignored";
    case Outcome::Duplicate: return "duplicate";
    case Outcome::NoProject: return "no-project";
    case Outcome::Rejected: return "rejected";
  }
  return "unknown";
}

namespace {

constexpr std::size_t kMaxName = 255;

struct CachedProject {
  store::IngestProject row;
  std::optional<util::Regex> subject_re;  // unset for the list's default project
  std::vector<DelegationRule> rules;      // upstream order
};

// What the database-free parse plus the parent lookup made of a mail.
struct Classified {
  Outcome outcome = Outcome::Dropped;
  std::optional<long long> patch_parent;
  std::optional<long long> cover_parent;
};

}  // namespace

struct PreparedMail::Data {
  mail::Message message;
  IngestOptions options;
  // Set when the outcome needs no database (rejected, no project, ...).
  std::optional<IngestResult> decided;
  const CachedProject* project = nullptr;
  bool ignored = false;
  parse::Submission submission;
  std::string compressed_raw;
  // (tag id, count) for the tags the content mentions (§8).
  std::vector<std::pair<long long, long long>> tag_increments;
  std::optional<long long> delegate;  // a patch's delegate (header or rules)
  // An unexpected failure while preparing, rethrown by store().
  std::exception_ptr error;
};

PreparedMail::PreparedMail() = default;
PreparedMail::PreparedMail(PreparedMail&&) noexcept = default;
PreparedMail& PreparedMail::operator=(PreparedMail&&) noexcept = default;
PreparedMail::~PreparedMail() = default;

const std::string& PreparedMail::raw() const { return data_->message.raw(); }

namespace {

// parse_submission stops at the ignore hint; the archive still needs these.
parse::Submission archive_fields(const mail::Message& message, const CachedProject& project) {
  parse::Submission s;
  s.ignored = true;
  auto msgid = mail::find_message_id(message);
  if (!msgid) {
    s.error = msgid.error();
    return s;
  }
  s.msgid = *msgid;
  s.subject = mail::clean_header(message, "Subject").value_or("");
  s.refs = mail::find_references(message);
  s.date = parse::find_date(message);
  if (auto author = parse::find_author(message, project.row.listemail)) s.author = *author;
  return s;
}

std::string_view message_kind(Outcome outcome) {
  switch (outcome) {
    case Outcome::Patch: return "patch";
    case Outcome::Cover: return "cover";
    case Outcome::Comment: return "comment";
    default: return "none";
  }
}

}  // namespace

struct Ingestor::Impl {
  explicit Impl(store::Database& database) : db(database), statements(database) {}

  store::Database& db;
  store::StatementCache statements;  // used by the store functions during ingest()
  bool loaded = false;
  std::vector<CachedProject> projects;  // linkname order
  std::vector<model::State> states;
  std::optional<long long> default_state;
  std::vector<store::UserEmail> users;
  std::vector<long long> tag_ids;
  std::optional<parse::TagCounter> tag_counter;
  // Bulk mode (set_commit_every): the open group transaction and its size.
  int commit_every = 1;
  int pending = 0;
  std::optional<store::Transaction> group;

  void flush();

  void load();
  const CachedProject* find_project(const mail::Message& message, const IngestOptions& options) const;
  const CachedProject* project_for_list(std::string_view listid, std::string_view subject) const;
  long long state_for(const parse::Submission& s) const;
  std::optional<long long> delegate_for(const parse::Submission& s, const CachedProject& project) const;

  void prepare(PreparedMail::Data& mail) const;
  std::vector<std::pair<long long, long long>> tag_increments(const CachedProject& project,
                                                              std::string_view text) const;
  IngestResult store_mail(const PreparedMail::Data& mail);
  Classified classify(const parse::Submission& s, const CachedProject& project);
  long long archive(const PreparedMail::Data& mail, Outcome outcome, util::Timestamp date, util::Timestamp now);
  void event(const CachedProject& project, std::string_view category, util::Timestamp now,
             std::optional<long long> patch_id, std::optional<long long> cover_id = {},
             std::optional<long long> patch_comment_id = {}, std::optional<long long> cover_comment_id = {});
};

// The unit of atomicity of one mail: its own transaction, or a savepoint in
// the group transaction in bulk mode. Rolled back unless committed.
class MailScope {
 public:
  explicit MailScope(Ingestor::Impl& impl) : impl_(impl) {
    if (impl_.commit_every <= 1) {
      tx_.emplace(impl_.db);
      return;
    }
    if (!impl_.group) impl_.group.emplace(impl_.db);
    sp_.emplace(impl_.db);
  }
  MailScope(const MailScope&) = delete;
  MailScope& operator=(const MailScope&) = delete;

  void commit() {
    if (tx_) {
      tx_->commit();
      return;
    }
    sp_->release();
    if (++impl_.pending >= impl_.commit_every) impl_.flush();
  }

 private:
  Ingestor::Impl& impl_;
  std::optional<store::Transaction> tx_;
  std::optional<store::Savepoint> sp_;
};

void Ingestor::Impl::flush() {
  if (group) group->commit();
  group.reset();
  pending = 0;
}

void Ingestor::Impl::load() {
  projects.clear();
  std::map<long long, std::vector<DelegationRule>> rules;
  for (const auto& r : store::list_delegation_rules(db)) {
    rules[r.project_id].push_back(DelegationRule{r.user_id, r.path, r.priority});
  }
  for (auto& row : store::list_ingest_projects(db)) {
    CachedProject p{row, std::nullopt, {}};
    if (!row.subject_match.empty() && util::Regex::validate(row.subject_match).empty()) {
      p.subject_re.emplace(row.subject_match, util::Regex::kIgnoreCase | util::Regex::kMultiline);
    }
    p.rules = std::move(rules[row.id]);
    sort_rules(p.rules);
    projects.push_back(std::move(p));
  }
  states = store::list_states(db);
  default_state.reset();
  for (const auto& st : states) {
    if (st.ordering == 0) default_state = st.id;
  }
  users = store::list_user_emails(db);
  std::vector<std::string> patterns;
  tag_ids.clear();
  for (const auto& tag : store::list_tags(db)) {
    tag_ids.push_back(tag.id);
    patterns.push_back(tag.pattern);
  }
  tag_counter.emplace(std::span<const std::string>(patterns));
  loaded = true;
}

// §3.2: the first project of the list whose subject_match matches, else the
// list's default (empty subject_match).
const CachedProject* Ingestor::Impl::project_for_list(std::string_view listid, std::string_view subject) const {
  const CachedProject* fallback = nullptr;
  for (const auto& p : projects) {
    if (p.row.listid != listid) continue;
    if (p.row.subject_match.empty()) {
      fallback = &p;
    } else if (p.subject_re && p.subject_re->search(subject)) {
      return &p;
    }
  }
  return fallback;
}

const CachedProject* Ingestor::Impl::find_project(const mail::Message& message, const IngestOptions& options) const {
  const mail::Header* subject_header = message.header("Subject");
  std::string subject = subject_header ? mail::clean_header(subject_header->value).value_or("") : "";
  if (options.list_id) return project_for_list(*options.list_id, subject);
  for (const auto& listid : parse::list_id_candidates(message)) {
    if (const CachedProject* p = project_for_list(listid, subject)) return p;
  }
  return nullptr;
}

long long Ingestor::Impl::state_for(const parse::Submission& s) const {
  if (s.state_name && !s.state_name->empty()) {
    for (const auto& st : states) {
      if (util::iequals_ascii(st.name, *s.state_name)) return st.id;
    }
  }
  if (!default_state) throw store::DatabaseError(store::DatabaseError::Kind::other, "no state with ordering 0");
  return *default_state;
}

std::optional<long long> Ingestor::Impl::delegate_for(const parse::Submission& s, const CachedProject& project) const {
  if (s.delegate_email && !s.delegate_email->empty()) {
    for (const auto& u : users) {
      if (util::iequals_ascii(u.email, *s.delegate_email)) return u.id;
    }
  }
  if (!s.diff) return std::nullopt;
  return choose_delegate(diff_filenames(*s.diff), project.rules);
}

void Ingestor::Impl::event(const CachedProject& project, std::string_view category, util::Timestamp now,
                           std::optional<long long> patch_id, std::optional<long long> cover_id,
                           std::optional<long long> patch_comment_id, std::optional<long long> cover_comment_id) {
  model::Event fields;
  fields.patch_id = patch_id;
  fields.cover_id = cover_id;
  fields.patch_comment_id = patch_comment_id;
  fields.cover_comment_id = cover_comment_id;
  fields.project_id = project.row.id;
  fields.category = category;
  fields.date = now;
  store::insert_event(db, fields);
}

// §8: counts are additive over the patch content and each comment, so a new
// text adds its matches to the stored counts.
std::vector<std::pair<long long, long long>> Ingestor::Impl::tag_increments(const CachedProject& project,
                                                                            std::string_view text) const {
  std::vector<std::pair<long long, long long>> increments;
  if (!project.row.use_tags || tag_ids.empty()) return increments;
  std::vector<std::size_t> counts = tag_counter->count(text);
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] > 0) increments.emplace_back(tag_ids[i], static_cast<long long>(counts[i]));
  }
  return increments;
}

Classified Ingestor::Impl::classify(const parse::Submission& s, const CachedProject& project) {
  Classified c;
  switch (s.kind) {
    case parse::Kind::kNone: return c;
    case parse::Kind::kPatch: c.outcome = Outcome::Patch; return c;
    case parse::Kind::kCoverCandidate:
      if (s.refs.empty() || store::count_covers_named(db, s.name) == 0) {
        c.outcome = Outcome::Cover;
        return c;
      }
      break;
    case parse::Kind::kCommentCandidate: break;
  }
  // §9: a patch anywhere in the refs beats any cover (E-7).
  for (const auto& ref : s.refs) {
    std::string key = util::py_truncate(ref, kMaxName);
    c.patch_parent = store::find_patch(db, project.row.id, key);
    if (!c.patch_parent) c.patch_parent = store::find_patch_of_comment(db, project.row.id, key);
    if (c.patch_parent) {
      c.outcome = Outcome::Comment;
      return c;
    }
  }
  for (const auto& ref : s.refs) {
    std::string key = util::py_truncate(ref, kMaxName);
    c.cover_parent = store::find_cover(db, project.row.id, key);
    if (!c.cover_parent) c.cover_parent = store::find_cover_of_comment(db, project.row.id, key);
    if (c.cover_parent) {
      c.outcome = Outcome::Comment;
      return c;
    }
  }
  return c;
}

long long Ingestor::Impl::archive(const PreparedMail::Data& mail, Outcome outcome, util::Timestamp date,
                                  util::Timestamp now) {
  const mail::Message& message = mail.message;
  const parse::Submission& s = mail.submission;
  const CachedProject& project = *mail.project;
  model::ArchivedMessage m;
  m.project_id = project.row.id;
  m.msgid = s.msgid;
  m.date = date;
  m.received = now;
  m.subject = s.subject;
  if (s.author) {
    m.from_name = s.author->name.value_or("");
    m.from_email = s.author->email;
  } else if (const mail::Header* from = message.header("From")) {
    m.from_name = mail::clean_header(from->value).value_or("");
  }
  if (!s.refs.empty()) m.in_reply_to = util::py_truncate(s.refs.front(), kMaxName);
  m.kind = std::string(message_kind(outcome));
  m.raw_size = static_cast<int>(message.raw().size());
  m.raw = mail.compressed_raw;
  std::vector<std::string> references;
  for (const auto& ref : s.refs) references.push_back(util::py_truncate(ref, kMaxName));
  auto id = store::insert_message(db, m, references);
  if (!id) throw store::DatabaseError(store::DatabaseError::Kind::unique_violation, "message already archived");
  return *id;
}

namespace {

// Names the List-Ids looked up, so a maintainer can see which project to add.
std::string no_project_reason(const mail::Message& message, const IngestOptions& options) {
  std::vector<std::string> ids = options.list_id ? std::vector<std::string>{*options.list_id}
                                                 : parse::list_id_candidates(message);
  if (ids.empty()) return "no project: the mail has no List-Id";
  std::string reason = "no project for List-Id";
  for (std::size_t i = 0; i < ids.size(); ++i) reason += (i == 0 ? " " : ", ") + ids[i];
  return reason;
}

}  // namespace

// Everything that needs no database, so it may run on any thread. A mail
// whose outcome is already known here (rejected, no project) gets `decided`.
void Ingestor::Impl::prepare(PreparedMail::Data& mail) const {
  // Without the projects every mail would look like one for no project.
  if (!loaded) throw std::logic_error("Ingestor::prepare() before load()");
  const mail::Message& message = mail.message;
  IngestResult result;
  if (auto error = parse::missing_header_error(message)) {
    result.outcome = Outcome::Rejected;
    result.reason = *error;
    mail.decided = std::move(result);
    return;
  }
  // Upstream drops an ignored mail before looking for its project; the
  // archive still keeps it when the project is known.
  mail.ignored = parse::is_ignored(message);
  mail.project = find_project(message, mail.options);
  if (!mail.project) {
    result.outcome = mail.ignored ? Outcome::Ignored : Outcome::NoProject;
    result.reason = mail.ignored ? "X-Patchwork-Hint: ignore" : no_project_reason(message, mail.options);
    mail.decided = std::move(result);
    return;
  }
  const CachedProject& project = *mail.project;
  parse::Submission& s = mail.submission;
  s = mail.ignored ? archive_fields(message, project)
                   : parse::parse_submission(message, {project.row.linkname, project.row.listemail});
  if (s.error) {
    result.msgid = s.msgid;
    result.project_id = project.row.id;
    result.outcome = mail.ignored ? Outcome::Ignored : Outcome::Rejected;
    result.reason = mail.ignored ? "X-Patchwork-Hint: ignore" : *s.error;
    mail.decided = std::move(result);
    return;
  }
  // Level 1: a mail is written once and read rarely; speed matters more.
  mail.compressed_raw = store::compress(message.raw(), 1);
  if (mail.ignored) return;
  mail.tag_increments = tag_increments(project, s.content);
  if (s.kind == parse::Kind::kPatch) mail.delegate = delegate_for(s, project);
}

IngestResult Ingestor::Impl::store_mail(const PreparedMail::Data& mail) {
  if (mail.error) std::rethrow_exception(mail.error);
  if (mail.decided) return *mail.decided;
  const parse::Submission& s = mail.submission;
  const CachedProject& project = *mail.project;
  const bool ignored = mail.ignored;
  const IngestOptions& options = mail.options;
  IngestResult result;
  result.msgid = s.msgid;
  result.project_id = project.row.id;
  const util::Timestamp now = util::now_utc();
  const util::Timestamp date = s.date.value_or(now);

  MailScope tx(*this);
  db.lock_project(project.row.id);
  if (store::find_message(db, project.row.id, s.msgid)) {
    result.outcome = Outcome::Duplicate;
    result.reason = "Message-ID already stored for this project";
    return result;  // the transaction rolls back; nothing was written
  }
  if (ignored) {
    result.outcome = Outcome::Ignored;
    result.reason = "X-Patchwork-Hint: ignore";
    if (options.keep_unclassified) result.message_id = archive(mail, Outcome::Ignored, date, now);
    tx.commit();
    return result;
  }
  Classified c = classify(s, project);
  if (c.outcome != Outcome::Dropped && !s.author) {
    result.outcome = Outcome::Rejected;
    result.reason = s.author_error.value_or("Invalid 'From' header");
    return result;
  }
  if (c.outcome == Outcome::Dropped) {
    result.outcome = Outcome::Dropped;
    result.reason = s.kind == parse::Kind::kNone ? "no content" : "reply to an unknown message";
    if (options.keep_unclassified) result.message_id = archive(mail, Outcome::Dropped, date, now);
    tx.commit();
    return result;
  }

  const long long author = store::upsert_person(db, s.author->email, s.author->name);
  result.message_id = archive(mail, c.outcome, date, now);
  const std::string name = util::py_truncate(s.name, kMaxName);
  SeriesResolver series(db, project.row.id, now);

  if (c.outcome == Outcome::Patch) {
    model::Patch p;
    p.msgid = s.msgid;
    p.project_id = project.row.id;
    p.date = date;
    p.headers = s.headers;
    p.content = s.content;
    p.name = name;
    p.submitter_id = author;
    p.diff = s.diff;
    p.pull_url = s.pull_url;
    p.delegate_id = mail.delegate;
    p.state_id = state_for(s);
    p.hash = s.hash;
    p.message_id = result.message_id;
    const long long patch_id = store::insert_patch(db, p);
    event(project, "patch-created", now, patch_id);
    store::add_patch_tags(db, patch_id, mail.tag_increments);
    PatchInSeries in{patch_id, name, s.msgid, s.refs, date, author, s.version, s.marker};
    std::optional<long long> series_id = series.add_patch(in);
    if (series_id) series.add_dependencies(*series_id, s.depends_on);
    result.outcome = Outcome::Patch;
    result.object_id = patch_id;
  } else if (c.outcome == Outcome::Cover) {
    const long long series_id =
        series.series_for_cover(s.msgid, date, author, s.version, s.marker ? s.marker->n : 0);
    model::Cover cover;
    cover.msgid = s.msgid;
    cover.project_id = project.row.id;
    cover.date = date;
    cover.headers = s.headers;
    cover.content = s.content;
    cover.name = name;
    cover.submitter_id = author;
    cover.message_id = result.message_id;
    const long long cover_id = store::insert_cover(db, cover);
    event(project, "cover-created", now, std::nullopt, cover_id);
    series.add_cover(series_id, cover_id, name);
    series.add_dependencies(series_id, s.depends_on);
    result.outcome = Outcome::Cover;
    result.object_id = cover_id;
  } else {
    model::Comment comment;
    comment.msgid = s.msgid;
    comment.date = date;
    comment.headers = s.headers;
    comment.content = s.content;
    comment.submitter_id = author;
    comment.message_id = result.message_id;
    if (c.patch_parent) {
      comment.parent_id = *c.patch_parent;
      if (s.action_required) comment.addressed = false;
      auto id = store::insert_comment(db, comment);
      if (!id) throw store::DatabaseError(store::DatabaseError::Kind::unique_violation, "duplicate patch comment");
      event(project, "patch-comment-created", now, c.patch_parent, std::nullopt, id);
      store::add_patch_tags(db, *c.patch_parent, mail.tag_increments);
      result.object_id = *id;
    } else {
      comment.parent_kind = model::Comment::Parent::cover;
      comment.parent_id = *c.cover_parent;
      auto id = store::insert_comment(db, comment);
      if (!id) throw store::DatabaseError(store::DatabaseError::Kind::unique_violation, "duplicate cover comment");
      event(project, "cover-comment-created", now, std::nullopt, c.cover_parent, std::nullopt, id);
      result.object_id = *id;
      result.cover_comment = true;
    }
    result.outcome = Outcome::Comment;
  }
  tx.commit();
  return result;
}

Ingestor::Ingestor(store::Database& db) : impl_(std::make_unique<Impl>(db)) {}

Ingestor::~Ingestor() {
  try {
    impl_->flush();
  } catch (const std::exception&) {
    // A destructor must not throw: the open group is rolled back instead.
    impl_->group.reset();
  }
}

PreparedMail Ingestor::prepare(std::string raw_mail, const IngestOptions& options) const {
  PreparedMail prepared;
  prepared.data_ = std::make_unique<PreparedMail::Data>();
  PreparedMail::Data& mail = *prepared.data_;
  mail.options = options;
  mail.message = mail::Message::parse(std::move(raw_mail), options.line_ends);
  try {
    impl_->prepare(mail);
  } catch (...) {
    mail.error = std::current_exception();
  }
  return prepared;
}

IngestResult Ingestor::store(const PreparedMail& mail) {
  try {
    // No load here: a prepared mail carries its project from the caches it
    // was prepared with (prepare() refuses to run without them).
    store::StatementCache::Use use(impl_->statements);
    return impl_->store_mail(*mail.data_);
  } catch (...) {
    // A database error loses the whole uncommitted group.
    impl_->group.reset();
    impl_->pending = 0;
    throw;
  }
}

IngestResult Ingestor::ingest(std::string raw_mail, const IngestOptions& options) {
  if (!impl_->loaded) load();
  return store(prepare(std::move(raw_mail), options));
}

void Ingestor::load() {
  store::StatementCache::Use use(impl_->statements);
  impl_->load();
}

void Ingestor::set_commit_every(int mails) {
  impl_->flush();
  impl_->commit_every = mails < 1 ? 1 : mails;
}

void Ingestor::flush() { impl_->flush(); }

void Ingestor::reload() { impl_->loaded = false; }

}  // namespace patchloom::ingest
