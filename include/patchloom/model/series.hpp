#pragma once
// Series of patches and the message-ids that tie later mails to them.
// Mirror tables `series`, `series_reference` and `series_dependency`.

#include <optional>
#include <string>

#include "patchloom/util/time.hpp"

namespace patchloom::model {

struct Series {
  long long id = 0;
  std::optional<long long> project_id;
  std::optional<long long> cover_letter_id;
  std::optional<std::string> name;
  util::Timestamp date = 0;
  long long submitter_id = 0;
  int version = 1;
  int total = 0;
};

struct SeriesReference {
  long long id = 0;
  long long project_id = 0;
  long long series_id = 0;
  std::string msgid;
};

}  // namespace patchloom::model
