#pragma once
// Series resolution exactly as upstream (spec/parser.md §6, events §10.4):
// which series a new patch or cover joins, the SeriesReference rows, series
// names, completion events and Depends-on links. Runs inside the caller's
// transaction, with the project locked, so §6.3's sequential semantics hold.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "patchloom/parse/depends_on.hpp"
#include "patchloom/parse/subject.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::store {
class Database;
}

namespace patchloom::ingest {

// A patch row just inserted, with what series matching reads from its mail.
struct PatchInSeries {
  long long patch_id = 0;
  std::string name;  // stored (truncated) name
  std::string msgid;
  std::vector<std::string> refs;  // untruncated, Patchwork's order
  util::Timestamp date = 0;
  long long submitter_id = 0;
  std::int64_t version = 1;
  std::optional<parse::SeriesMarker> marker;
};

class SeriesResolver {
 public:
  // `now` is the date of the events written.
  SeriesResolver(store::Database& db, long long project_id, util::Timestamp now);

  // §6.2-6.3 and Series.add_patch: finds or creates the series and attaches
  // the patch (unless it is a 0/N patch, E-9). Returns the series, if any.
  std::optional<long long> add_patch(const PatchInSeries& patch);

  // §4.1.2 / §6.5: the series registered for the cover's own msgid, or a new
  // one (registering that msgid).
  long long series_for_cover(std::string_view msgid, util::Timestamp date, long long submitter_id,
                             std::int64_t version, std::int64_t total);
  // Series.add_cover_letter (§6.5, §6.6): links the cover unless the series
  // already has one (E-10), and renames the series.
  void add_cover(long long series_id, long long cover_id, std::string_view cover_name);

  // Series.add_dependencies(parse_depends_on(content)) (§6.8).
  void add_dependencies(long long series_id, const std::vector<parse::DependsOn>& depends_on);

 private:
  std::optional<long long> find_by_references(const PatchInSeries& patch);
  std::optional<long long> find_by_markers(const PatchInSeries& patch, std::int64_t x, std::int64_t n);
  long long create_series(util::Timestamp date, long long submitter_id, std::int64_t version, std::int64_t total);
  void attach(long long series_id, const PatchInSeries& patch, std::int64_t number);
  std::optional<long long> resolve_dependency(const parse::DependsOn& dep);
  void event(std::string_view category, std::optional<long long> patch_id, std::optional<long long> series_id);

  store::Database& db_;
  long long project_id_;
  util::Timestamp now_;
};

// _format_name (§6.6): the name without its leading "[...]" group.
std::string series_name_from_cover(std::string_view cover_name);

}  // namespace patchloom::ingest
