#pragma once
// One mail in, Patchwork's objects out (spec/parser.md §1.3, §3, §4.1, §6,
// §8, §9, §10), in one database transaction.
//
// Contract
// - ingest() never throws for a bad mail: a mail upstream would reject with a
//   ValueError comes back as Outcome::Rejected with upstream's message in
//   `reason`, and nothing of it is stored. It throws only for database
//   failures (locked, connection lost, disk full): the caller should report a
//   temporary failure and may retry the same mail later.
// - Everything one mail produces (message row, person, series, patch, cover,
//   comment, tags, events) is written in ONE transaction, committed before
//   ingest() returns, or rolled back on an exception (see set_commit_every()
//   for grouping mails in bulk imports).
// - Concurrency: on SQLite the transaction is BEGIN IMMEDIATE, so writers
//   serialise; on PostgreSQL the transaction takes
//   pg_advisory_xact_lock(project id) before any read that decides series
//   membership, so deliveries to one project serialise and the sequential
//   semantics of §6.3 hold in arrival order.
// - Thread safety: an Ingestor is NOT thread-safe (it owns caches and uses
//   one Database connection). Use one Ingestor per thread/connection; several
//   processes or threads may ingest into the same database at once.
// - Caches: projects, states, tags, users and delegation rules are loaded
//   once per Ingestor. Call reload() after changing them (e.g. a project
//   added by the CLI while an Ingestor is alive).
//
// What is stored for each outcome (all within the mail's project):
// - Patch / Cover / Comment: the Patchwork row (patch, cover, patch_comment
//   or cover_comment) linked to its `message` row, plus person, series,
//   series_reference, patch_tag and event rows exactly as upstream.
// - Dropped: Patchwork would store nothing (a reply whose parent is unknown,
//   a mail with no usable text, ...). With keep_unclassified (the default)
//   the mail is still stored in `message` (kind 'none') so the archive is
//   complete; no person is created.
// - Ignored (X-Patchwork-Hint: ignore): like Dropped (archived only, when
//   its project is known and keep_unclassified is set).
// - NoProject, Rejected: nothing stored.
// - Duplicate: a mail whose Message-ID is already stored for this project
//   (in `message`, or as a patch/cover of the project): nothing changes.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "patchloom/mail/message.hpp"

namespace patchloom::store {
class Database;
}

namespace patchloom::ingest {

struct IngestOptions {
  // Forced List-Id (parsemail --list-id); subject_match still applies.
  std::optional<std::string> list_id;
  // Store mails Patchwork drops (Dropped, Ignored) in the `message` table.
  bool keep_unclassified = true;
  // keep for mbox imports (parsearchive); universal for one mail from an MTA
  // (parsemail reads stdin through universal newlines). The stored raw mail
  // is the bytes as received either way.
  mail::LineEnds line_ends = mail::LineEnds::keep;
};

enum class Outcome {
  Patch,
  Cover,
  Comment,
  Dropped,    // no Patchwork object; archived in `message` only
  Ignored,    // X-Patchwork-Hint: ignore; archived in `message` only
  Duplicate,  // same Message-ID already stored for this project
  NoProject,  // no project for its List-Id / subject
  Rejected,   // broken mail (upstream ValueError); `reason` says why
};

// "patch", "cover", "comment", "dropped", "ignored", "duplicate",
// "no-project", "rejected".
std::string_view to_string(Outcome outcome);

struct IngestResult {
  Outcome outcome = Outcome::Dropped;
  std::string msgid;             // as Patchwork computes it; may be "" if Rejected early
  std::string reason;            // human-readable; upstream's message for Rejected
  std::int64_t object_id = 0;    // patch / cover / patch_comment / cover_comment id
  std::int64_t project_id = 0;   // 0 when no project was found
  std::int64_t message_id = 0;   // `message` row id, 0 when nothing was archived
  bool cover_comment = false;    // for Outcome::Comment: true if on a cover
};

// A mail after everything ingest() does without the database: parsed, its
// project found, its submission extracted, its raw bytes compressed, its tags
// counted and its delegate chosen. Bulk imports prepare mails on several
// threads and store them, in input order, on the one that owns the
// connection. Move-only; valid until the Ingestor that made it is reloaded.
class PreparedMail {
 public:
  PreparedMail();
  PreparedMail(PreparedMail&&) noexcept;
  PreparedMail& operator=(PreparedMail&&) noexcept;
  ~PreparedMail();

  // The mail as received, for a rejects file.
  const std::string& raw() const;

  struct Data;

 private:
  friend class Ingestor;
  std::unique_ptr<Data> data_;
};

class Ingestor {
 public:
  explicit Ingestor(store::Database& db);
  ~Ingestor();
  Ingestor(const Ingestor&) = delete;
  Ingestor& operator=(const Ingestor&) = delete;

  // Parses and stores one raw mail (LF or CRLF). See the contract above.
  // The same as store(prepare(raw_mail, options)).
  IngestResult ingest(std::string raw_mail, const IngestOptions& options = {});

  // The database-free half of ingest(). Never throws: an unexpected failure
  // is kept in the result and rethrown by store(). Safe to call from several
  // threads at once (also while another thread calls store()) once the
  // caches are loaded: call load() first.
  PreparedMail prepare(std::string raw_mail, const IngestOptions& options = {}) const;
  // The database half: stores a prepared mail exactly as ingest() would. The
  // mail is left intact, so it can be stored again after a rolled-back group.
  IngestResult store(const PreparedMail& mail);

  // Loads the caches (projects, states, tags, users, delegation rules) now
  // instead of on first use; prepare() needs them.
  void load();

  // Forgets cached projects, states, tags, users and delegation rules.
  void reload();

  // Bulk imports: commit a group of up to `mails` mails in one transaction
  // instead of one transaction each (1, the default, restores that). Each
  // mail still runs in its own savepoint, so a rejected or duplicate mail
  // leaves nothing behind, but mails become visible and durable only when
  // their group is committed: when it is full, on flush(), on another
  // set_commit_every() or when the Ingestor is destroyed. A database error
  // rolls back the whole uncommitted group before it is rethrown; the caller
  // must re-ingest those mails. The group holds the write lock (and on
  // PostgreSQL the project locks) until it commits.
  void set_commit_every(int mails);
  // Commits the open group, if any. Throws on database errors.
  void flush();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace patchloom::ingest
