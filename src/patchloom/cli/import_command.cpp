#include <CLI/CLI.hpp>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "import_pipeline.hpp"
#include "ingest_report.hpp"
#include "mail_source.hpp"
#include "patchloom/cli/commands.hpp"
#include "patchloom/ingest/ingestor.hpp"
#include "patchloom/store/database.hpp"
#include "patchloom/store/wal_checkpointer.hpp"
#include "rejects.hpp"

namespace patchloom::cli {
namespace {

using Clock = std::chrono::steady_clock;

// sysexits.h EX_TEMPFAIL: the import stopped on database failures; re-run it.
constexpr int kExitTempFail = 75;
// After this many mails in a row fail with an exception the database is
// taken to be gone: stop instead of copying the whole input to the rejects.
constexpr int kMaxConsecutiveFailures = 20;

struct ImportArgs {
  std::vector<std::string> paths;
  std::string rejects;
  std::optional<std::string> list_id;
  bool mboxrd = false;
  bool verbose = false;
  bool no_progress = false;
  unsigned jobs = 0;  // 0: ImportPipeline::default_jobs()
};

struct Counts {
  long long patches = 0, covers = 0, comments = 0, dropped = 0, ignored = 0, duplicates = 0, no_project = 0,
            rejected = 0, errors = 0;

  long long total() const {
    return patches + covers + comments + dropped + ignored + duplicates + no_project + rejected + errors;
  }
  void add(ingest::Outcome outcome) {
    using ingest::Outcome;
    switch (outcome) {
      case Outcome::Patch: ++patches; break;
      case Outcome::Cover: ++covers; break;
      case Outcome::Comment: ++comments; break;
      case Outcome::Dropped: ++dropped; break;
      case Outcome::Ignored: ++ignored; break;
      case Outcome::Duplicate: ++duplicates; break;
      case Outcome::NoProject: ++no_project; break;
      case Outcome::Rejected: ++rejected; break;
    }
  }
};

// The progress line on a terminal, redrawn at most five times a second.
class Progress {
 public:
  Progress(bool enabled, std::uint64_t total_bytes) : enabled_(enabled), total_bytes_(total_bytes) {}

  void update(long long messages, std::uint64_t bytes_done, bool force = false) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::fprintf(stderr, "\r%lld messages, %.0f/s", messages, seconds > 0 ? messages / seconds : 0.0);
    if (total_bytes_ > 0) {
      const double percent = 100.0 * static_cast<double>(bytes_done) / static_cast<double>(total_bytes_);
      std::fprintf(stderr, ", %.1f%%", percent > 100.0 ? 100.0 : percent);
    }
    std::fprintf(stderr, "   ");
    std::fflush(stderr);
  }
  void finish() {
    if (enabled_) std::fputs("\n", stderr);
  }

 private:
  bool enabled_;
  std::uint64_t total_bytes_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_{};
};

// Rejects go next to the database, the one place known to be writable (the
// input may be read-only or stdin); a PostgreSQL site gets them in the
// current directory.
std::string default_rejects_path(const std::string& database) {
  if (database.starts_with("postgres://") || database.starts_with("postgresql://")) return "patchloom.rejects.mbox";
  std::string path = database.starts_with("sqlite:") ? database.substr(7) : database;
  return path + ".rejects.mbox";
}

// Mails are committed in groups (one transaction per kGroupSize mails, a
// savepoint each): a commit per mail rewrote the same B-tree pages into the
// WAL for every mail and was the largest cost of a bulk import. The mails of
// the open group are kept until it commits, so a database error that rolls
// the group back costs nothing: they are ingested again one by one.
constexpr std::size_t kGroupSize = 500;

class Importer {
 public:
  Importer(store::Database& db, const std::string& url, const ImportArgs& args, RejectsFile& rejects)
      : ingestor_(db), args_(args), rejects_(rejects) {
    if (db.is_sqlite()) checkpointer_ = std::make_unique<store::WalCheckpointer>(db, url);
    options_.list_id = args.list_id;
    ingestor_.set_commit_every(std::numeric_limits<int>::max());  // flushed here, every kGroupSize mails
    ingestor_.load();  // before the pipeline's threads prepare mails with it
  }

  // Stores every mail the pipeline yields; false when the database looks gone.
  bool run(ImportPipeline& pipeline, Progress& progress) {
    while (true) {
      std::optional<ingest::PreparedMail> mail;
      try {
        mail = pipeline.next();
      } catch (const std::exception& e) {
        // Preparing a batch ran out of memory or worse: its mails (up to 32)
        // are gone with it, so say so rather than count one error.
        ++counts_.errors;
        std::cerr << "\npatchloom import: error: a batch of mails could not be parsed (" << e.what()
                  << "); import the same input again to store them\n";
        continue;
      }
      if (!mail) break;
      if (!ingest_one(std::move(*mail))) return false;
      if (++in_group_ >= kGroupSize && !flush()) return false;
      progress.update(counts_.total(), pipeline.bytes_read());
    }
    return flush();
  }

  const Counts& counts() const { return counts_; }
  const ingest::Ingestor& ingestor() const { return ingestor_; }
  const ingest::IngestOptions& options() const { return options_; }

 private:
  // A mail of the open group that wrote something, with what it counted as.
  struct Pending {
    ingest::PreparedMail mail;
    ingest::Outcome outcome;
  };

  bool ingest_one(ingest::PreparedMail mail) {
    ingest::IngestResult result;
    try {
      result = ingestor_.store(mail);
    } catch (const std::exception& e) {
      // In a group, the whole group was rolled back: its mails and this one
      // again, each alone; alone, the mail goes to the rejects.
      if (grouped_) return replay_group(&mail);
      return fail(mail.raw(), e);
    }
    consecutive_failures_ = 0;
    counts_.add(result.outcome);
    if (is_reject(result.outcome)) rejects_.append(mail.raw(), describe(result));
    if (args_.verbose) std::cerr << describe(result) << "\n";
    if (grouped_ && writes(result.outcome)) pending_.push_back(Pending{std::move(mail), result.outcome});
    return true;
  }

  // Commits the open group; on failure its mails are ingested again one by one.
  bool flush() {
    in_group_ = 0;
    try {
      ingestor_.flush();
    } catch (const std::exception&) {
      return replay_group(nullptr);
    }
    pending_.clear();
    if (checkpointer_) checkpointer_->committed();
    return true;
  }

  // After a rollback: the mails of the group, then `failed` (the mail whose
  // ingest threw, if any), each in its own transaction.
  bool replay_group(ingest::PreparedMail* failed) {
    std::vector<Pending> group = std::move(pending_);
    pending_.clear();
    in_group_ = 0;
    ingestor_.set_commit_every(1);
    grouped_ = false;
    bool ok = true;
    for (auto& pending : group) {
      uncount(pending.outcome);
      if (ok) ok = ingest_one(std::move(pending.mail));
    }
    if (ok && failed != nullptr) ok = ingest_one(std::move(*failed));
    ingestor_.set_commit_every(std::numeric_limits<int>::max());
    grouped_ = true;
    if (checkpointer_) checkpointer_->committed();
    return ok;
  }

  bool fail(const std::string& raw, const std::exception& e) {
    ++counts_.errors;
    rejects_.append(raw, std::string("error: ") + e.what());
    std::cerr << "\npatchloom import: error: " << e.what() << "\n";
    return ++consecutive_failures_ < kMaxConsecutiveFailures;
  }

  static bool writes(ingest::Outcome outcome) {
    using ingest::Outcome;
    return outcome != Outcome::Duplicate && outcome != Outcome::NoProject && outcome != Outcome::Rejected;
  }

  void uncount(ingest::Outcome outcome) {
    Counts one;
    one.add(outcome);
    counts_.patches -= one.patches;
    counts_.covers -= one.covers;
    counts_.comments -= one.comments;
    counts_.dropped -= one.dropped;
    counts_.ignored -= one.ignored;
  }

  ingest::Ingestor ingestor_;
  const ImportArgs& args_;
  RejectsFile& rejects_;
  ingest::IngestOptions options_;
  Counts counts_;
  int consecutive_failures_ = 0;
  bool grouped_ = true;
  std::size_t in_group_ = 0;
  std::vector<Pending> pending_;
  // Declared last: destroyed first, with its final copy, while the
  // Ingestor's connection is still open.
  std::unique_ptr<store::WalCheckpointer> checkpointer_;
};

void print_summary(const Counts& c, double seconds, const RejectsFile& rejects) {
  std::fprintf(stderr,
               "patchloom import: imported %lld messages in %.1f s (%.0f/s): %lld patches, %lld covers, "
               "%lld comments, %lld dropped (archived only), %lld ignored, %lld duplicates, %lld no-project, "
               "%lld rejected, %lld errors\n",
               c.total(), seconds, seconds > 0 ? static_cast<double>(c.total()) / seconds : 0.0, c.patches, c.covers,
               c.comments, c.dropped, c.ignored, c.duplicates, c.no_project, c.rejected, c.errors);
  if (rejects.count() > 0)
    std::fprintf(stderr, "patchloom import: %lld mails kept in %s (read back with --mboxrd)\n", rejects.count(),
                 rejects.path().c_str());
}

int import_all(const GlobalOptions& global, const ImportArgs& args) {
  std::vector<std::unique_ptr<MailSource>> sources;
  std::uint64_t total_bytes = 0;
  for (const auto& path : args.paths) {
    auto source = open_mail_source(path, args.mboxrd ? mail::MboxQuoting::mboxrd : mail::MboxQuoting::python_compat);
    if (!source) {
      std::cerr << "patchloom import: " << source.error() << "\n";
      return 1;
    }
    total_bytes += (*source)->size_hint();
    sources.push_back(std::move(*source));
  }

  // The source files survive a crash, and re-importing them is safe (a
  // duplicate is a no-op), so a bulk import can skip the flush per mail.
  store::OpenOptions open_options;
  open_options.migrate = true;  // a new database is created, an old one upgraded
  open_options.synchronous = store::Synchronous::normal;
  auto db = store::Database::open(global.database, open_options);
  // The same trade on PostgreSQL: commits stop waiting for the WAL flush
  // (a crash loses the last moments, never consistency).
  if (db.is_postgresql()) db.exec("SET synchronous_commit = off");
  RejectsFile rejects(args.rejects.empty() ? default_rejects_path(global.database) : args.rejects);
  Importer importer(db, global.database, args, rejects);

  Progress progress(!args.no_progress && ::isatty(2) != 0, total_bytes);
  const auto start = Clock::now();
  ImportPipeline pipeline(importer.ingestor(), importer.options(), sources,
                          args.jobs > 0 ? args.jobs : ImportPipeline::default_jobs());
  const bool completed = importer.run(pipeline, progress);
  pipeline.stop();
  std::string read_errors;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string& error = pipeline.read_errors()[i];
    if (!error.empty()) read_errors += "patchloom import: " + args.paths[i] + ": " + error + "\n";
  }
  progress.update(importer.counts().total(), pipeline.bytes_read(), true);
  progress.finish();
  print_summary(importer.counts(), std::chrono::duration<double>(Clock::now() - start).count(), rejects);
  std::cerr << read_errors;
  if (!completed) {
    std::cerr << "patchloom import: stopped after " << kMaxConsecutiveFailures
              << " failures in a row; fix the database and run the same import again (duplicates are skipped)\n";
    return kExitTempFail;
  }
  if (!read_errors.empty()) return 1;
  return importer.counts().errors > 0 ? 1 : 0;
}

}  // namespace

void register_import_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "import",
      "Import mbox files (plain or gzip), maildirs, or - for an mbox on stdin; mails that cannot be stored "
      "are appended to a rejects mbox");
  static ImportArgs args;
  cmd->add_option("paths", args.paths, "mbox file, mbox.gz, maildir (with cur/ and new/), or -")->required();
  cmd->add_option("--rejects", args.rejects, "mbox receiving mails that could not be stored [default: <db>.rejects.mbox]");
  cmd->add_option("--list-id", args.list_id, "use this List-Id for every mail instead of their headers");
  cmd->add_flag("--mboxrd", args.mboxrd,
                "unquote >From lines (mboxrd); by default lines are kept as they are, as Patchwork does");
  cmd->add_flag("-v,--verbose", args.verbose, "print one line per mail");
  cmd->add_flag("--no-progress", args.no_progress, "no progress line even on a terminal");
  cmd->add_option("-j,--jobs", args.jobs,
                  "threads parsing and compressing mails while one writes the database [default: cores - 1]");
  cmd->callback([&global, &exit_code] { exit_code = import_all(global, args); });
}

}  // namespace patchloom::cli
