#include "patchloom/ingest/series_resolver.hpp"

#include "patchloom/store/covers.hpp"
#include "patchloom/store/events.hpp"
#include "patchloom/store/patches.hpp"
#include "patchloom/store/series.hpp"
#include "patchloom/util/regex.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::ingest {
namespace {

constexpr std::size_t kMaxMsgid = 255;
// SERIES_DELAY_INTERVAL: markers only match series started within 20 minutes.
constexpr util::Timestamp kSeriesWindow = 20LL * 60 * 1'000'000;

std::string ref_key(std::string_view ref) { return util::py_truncate(ref, kMaxMsgid); }

}  // namespace

std::string series_name_from_cover(std::string_view cover_name) {
  static const util::Regex prefix_re(R"(^\[([^\]]*)\]\s*(.*)$)");
  if (auto m = prefix_re.match(cover_name)) return std::string(m->group(2));
  return std::string(util::py_strip(cover_name));
}

SeriesResolver::SeriesResolver(store::Database& db, long long project_id, util::Timestamp now)
    : db_(db), project_id_(project_id), now_(now) {}

void SeriesResolver::event(std::string_view category, std::optional<long long> patch_id,
                           std::optional<long long> series_id) {
  model::Event e;
  e.project_id = project_id_;
  e.category = category;
  e.date = now_;
  e.patch_id = patch_id;
  e.series_id = series_id;
  store::insert_event(db_, e);
}

// §6.2 step 1: own msgid, then refs; the first registered one wins. The
// version/time guard upstream intends is dead code (E-5), so none here.
std::optional<long long> SeriesResolver::find_by_references(const PatchInSeries& patch) {
  if (auto s = store::find_series_by_reference(db_, project_id_, ref_key(patch.msgid))) return s;
  for (const auto& ref : patch.refs) {
    if (auto s = store::find_series_by_reference(db_, project_id_, ref_key(ref))) return s;
  }
  return std::nullopt;
}

// §6.2 step 2 and §6.3's several-candidates rule: the most recent candidate
// still lacking number x (what upstream settles on after its retries).
std::optional<long long> SeriesResolver::find_by_markers(const PatchInSeries& patch, std::int64_t x,
                                                         std::int64_t n) {
  auto candidates = store::find_series_by_markers(db_, project_id_, patch.submitter_id, patch.version, n,
                                                  patch.date - kSeriesWindow, patch.date + kSeriesWindow);
  if (candidates.empty()) return std::nullopt;
  if (candidates.size() == 1) return candidates.front().id;
  for (const auto& s : candidates) {
    if (!store::series_has_number(db_, s.id, x)) return s.id;
  }
  return std::nullopt;
}

long long SeriesResolver::create_series(util::Timestamp date, long long submitter_id, std::int64_t version,
                                        std::int64_t total) {
  long long id = store::insert_series(db_, project_id_, date, submitter_id, version, total);
  event("series-created", std::nullopt, id);
  return id;
}

std::optional<long long> SeriesResolver::add_patch(const PatchInSeries& patch) {
  std::int64_t x = patch.marker ? patch.marker->x : 0;
  std::int64_t n = patch.marker ? patch.marker->n : 0;
  std::optional<long long> series;
  if (n != 0) {
    series = find_by_references(patch);
    if (!series) series = find_by_markers(patch, x, n);
  } else {
    x = n = 1;  // unnumbered (or n/0): never joins an existing series
  }
  if (!series || store::series_has_number(db_, *series, x)) {
    series = create_series(patch.date, patch.submitter_id, patch.version, n);
    // Only a new series registers references (E-20); a msgid already
    // registered keeps its series.
    for (const auto& ref : patch.refs) store::add_series_reference(db_, project_id_, *series, ref_key(ref));
    store::add_series_reference(db_, project_id_, *series, ref_key(patch.msgid));
  }
  if (x != 0) attach(*series, patch, x);
  return series;
}

// Series.add_patch plus the pre_save signals of the patch (§6.6, §6.7, §10.4).
void SeriesResolver::attach(long long series_id, const PatchInSeries& patch, std::int64_t number) {
  std::optional<model::Series> series = store::get_series(db_, series_id);
  if (!series) return;
  if ((!series->name || series->name->empty()) && number == 1) store::set_series_name(db_, series_id, patch.name);

  if (store::count_series_patches_below(db_, series_id, number) == number - 1) {
    event("patch-completed", patch.patch_id, series_id);
    std::int64_t next = number + 1;
    for (const auto& [id, successor] : store::series_patches_above(db_, series_id, number)) {
      if (successor != next) break;
      event("patch-completed", id, series_id);
      ++next;
    }
  }
  if (store::count_series_patches(db_, series_id) + 1 >= series->total) event("series-completed", std::nullopt, series_id);
  store::set_patch_series(db_, patch.patch_id, series_id, number);
}

long long SeriesResolver::series_for_cover(std::string_view msgid, util::Timestamp date, long long submitter_id,
                                           std::int64_t version, std::int64_t total) {
  if (auto s = store::find_series_by_reference(db_, project_id_, ref_key(msgid))) return *s;
  long long id = create_series(date, submitter_id, version, total);
  store::add_series_reference(db_, project_id_, id, ref_key(msgid));
  return id;
}

void SeriesResolver::add_cover(long long series_id, long long cover_id, std::string_view cover_name) {
  std::optional<model::Series> series = store::get_series(db_, series_id);
  if (!series || series->cover_letter_id) return;  // E-10: the cover stays unlinked
  store::set_series_cover(db_, series_id, cover_id);
  // Names are upgraded, never downgraded: a cover-based name replaces none or
  // the name taken from patch 1, but not a user-chosen one.
  bool replace = !series->name || series->name->empty();
  if (!replace) replace = store::series_first_patch_name(db_, series_id) == series->name;
  if (replace) store::set_series_name(db_, series_id, series_name_from_cover(cover_name));
}

std::optional<long long> SeriesResolver::resolve_dependency(const parse::DependsOn& dep) {
  if (dep.kind == parse::DependsOn::Kind::kMsgid) {
    if (auto patch = store::first_patch_series_any_project(db_, dep.value)) return *patch;
    if (auto cover = store::first_cover_series_any_project(db_, dep.value)) return *cover;
    return std::nullopt;
  }
  // A URL of this site: only its path and query matter (Django's resolve()).
  std::string_view url = dep.value;
  std::size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  std::size_t slash = url.find('/', scheme + 3);
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view rest = url.substr(slash);
  std::size_t hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  std::size_t question = rest.find('?');
  std::string_view path = rest.substr(0, question);
  std::string_view query = question == std::string_view::npos ? std::string_view{} : rest.substr(question + 1);
  static const util::Regex list_re(R"(^/project/[^/]+/list/$)");
  static const util::Regex patch_re(R"(^/project/[^/]+/patch/([^/]+)/$)");
  if (list_re.match(path)) {
    // The last series= parameter, as Django's QueryDict.get does.
    std::optional<std::string> value;
    std::size_t start = 0;
    while (start <= query.size()) {
      std::size_t amp = query.find('&', start);
      std::string_view param = query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
      if (util::starts_with(param, "series=")) value = std::string(param.substr(7));
      if (amp == std::string_view::npos) break;
      start = amp + 1;
    }
    if (!value || value->empty() || value->size() > 18 ||
        value->find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    long long id = std::stoll(*value);
    if (!store::series_project(db_, id)) return std::nullopt;
    return id;
  }
  if (auto m = patch_re.match(path)) {
    std::string msgid(m->group(1));
    util::replace_all(msgid, "%2F", "/");
    if (auto patch = store::first_patch_series_any_project(db_, "<" + msgid + ">")) return *patch;
  }
  return std::nullopt;
}

void SeriesResolver::add_dependencies(long long series_id, const std::vector<parse::DependsOn>& depends_on) {
  for (const auto& dep : depends_on) {
    std::optional<long long> target = resolve_dependency(dep);
    if (!target || *target == series_id) continue;
    if (store::series_project(db_, *target) != project_id_) continue;
    store::add_series_dependency(db_, series_id, *target);
  }
}

}  // namespace patchloom::ingest
