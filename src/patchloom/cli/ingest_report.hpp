#pragma once
// One line saying what ingest made of a mail, shared by `patchloom ingest`
// (its stderr line for the MTA log) and `patchloom import --verbose`.

#include <string>

#include "patchloom/ingest/ingestor.hpp"

namespace patchloom::cli {

// e.g. "patch 123 <msgid>", "comment 7 on cover <msgid>",
// "no-project <msgid>: no project for List-Id ...".
std::string describe(const ingest::IngestResult& result);

// Whether the mail belongs in the rejects file (it could not be stored).
inline bool is_reject(ingest::Outcome outcome) {
  return outcome == ingest::Outcome::Rejected || outcome == ingest::Outcome::NoProject;
}

}  // namespace patchloom::cli
