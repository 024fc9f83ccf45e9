#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>

#include "ingest_report.hpp"
#include "patchloom/cli/commands.hpp"
#include "patchloom/ingest/ingestor.hpp"
#include "patchloom/store/database.hpp"
#include "rejects.hpp"

namespace patchloom::cli {
namespace {

// sysexits.h: the MTA keeps the mail queued and retries later.
constexpr int kExitTempFail = 75;

std::string read_stdin() {
  std::string data;
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(0, buffer, sizeof buffer);
    if (n == 0) return data;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(std::string("cannot read standard input: ") + std::strerror(errno));
    data.append(buffer, static_cast<std::size_t>(n));
  }
}

struct IngestArgs {
  std::optional<std::string> list_id;
  std::string rejects;
};

// Exit status contract (an MTA acts on it): 0 whenever the mail has been
// dealt with for good -- stored, duplicate, ignored on purpose, refused as
// broken or for no known project (upstream's parsemail.sh always exits 0 so
// the MTA never bounces list mail); 75 whenever something threw (database
// locked or unreachable, disk full), so the MTA retries and nothing is lost.
int deliver(const GlobalOptions& global, const IngestArgs& args) {
  std::string raw;
  ingest::IngestResult result;
  try {
    raw = read_stdin();
    store::OpenOptions open_options;
    open_options.migrate = true;  // a new database is created, an old one upgraded
    open_options.synchronous = store::Synchronous::full;  // acknowledged means on disk
    auto db = store::Database::open(global.database, open_options);
    ingest::Ingestor ingestor(db);
    ingest::IngestOptions options;
    options.list_id = args.list_id;
    options.line_ends = mail::LineEnds::universal;  // as parsemail reads stdin
    result = ingestor.ingest(raw, options);
  } catch (const std::exception& e) {
    std::cerr << "patchloom ingest: temporary failure, the MTA should retry: " << e.what() << "\n";
    return kExitTempFail;
  }
  std::cerr << "patchloom ingest: " << describe(result) << "\n";
  if (is_reject(result.outcome)) {
    try {
      RejectsFile rejects(args.rejects);
      rejects.append(raw, describe(result));
      if (rejects.enabled()) std::cerr << "patchloom ingest: kept in " << rejects.path() << "\n";
    } catch (const std::exception& e) {
      // The verdict is final; only the copy failed. Retrying would not help.
      std::cerr << "patchloom ingest: " << e.what() << "\n";
    }
  }
  return 0;
}

}  // namespace

void register_ingest_command(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("ingest",
                                 "Store one mail read on stdin (for an MTA pipe); exit 75 asks the MTA to retry");
  static IngestArgs args;
  cmd->add_option("--list-id", args.list_id, "use this List-Id instead of the mail's headers");
  cmd->add_option("--rejects", args.rejects,
                  "append mails that could not be stored (broken, no project) to this mbox");
  cmd->callback([&global, &exit_code] { exit_code = deliver(global, args); });
}

}  // namespace patchloom::cli
