#include "ingest_report.hpp"

namespace patchloom::cli {

std::string describe(const ingest::IngestResult& result) {
  using ingest::Outcome;
  std::string line(ingest::to_string(result.outcome));
  switch (result.outcome) {
    case Outcome::Patch:
    case Outcome::Cover:
      line += " " + std::to_string(result.object_id);
      break;
    case Outcome::Comment:
      line += " " + std::to_string(result.object_id) + (result.cover_comment ? " on cover" : " on patch");
      break;
    case Outcome::Dropped:
      if (result.message_id != 0) line += " (archived as message " + std::to_string(result.message_id) + ")";
      break;
    default:
      break;
  }
  if (!result.msgid.empty()) line += " " + result.msgid;
  if (!result.reason.empty()) line += ": " + result.reason;
  return line;
}

}  // namespace patchloom::cli
