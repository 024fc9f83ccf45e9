#pragma once
// Internal to the api module: rows loaded in bulk (one query per kind for a
// whole page) and the embedded object shapes of spec/api.md §3.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "patchloom/api/urls.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::api {

struct ProjectRow {
  long long id = 0;
  std::string linkname, name, listid, listemail, web_url, scm_url, webscm_url, subject_match, list_archive_url,
      list_archive_url_format, commit_url_format;
  bool show_dependencies = false;
};

struct PersonRow {
  long long id = 0;
  std::optional<std::string> name;
  std::string email;
  std::optional<long long> user_id;
};

struct UserRow {
  long long id = 0;
  std::string username, first_name, last_name, email;
};

// What PatchEmbedded / CoverEmbedded need.
struct SubmissionRef {
  long long id = 0;
  std::string msgid;
  long long project_id = 0;
  util::Timestamp date = 0;
  std::string name;
};

struct SeriesRow {
  long long id = 0;
  long long project_id = 0;
  std::optional<std::string> name;
  util::Timestamp date = 0;
  long long submitter_id = 0;
  long long version = 1;
  long long total = 0;
  std::optional<long long> cover_letter_id;
};

struct CheckRow {
  long long id = 0;
  long long patch_id = 0;
  long long user_id = 0;
  util::Timestamp date = 0;
  int state = 0;
  std::optional<std::string> target_url;
  std::optional<std::string> description;
  std::string context;
};

// Every project (a handful), by id.
std::map<long long, ProjectRow> load_projects(store::Database& db);
std::map<long long, PersonRow> load_persons(store::Database& db, const std::vector<long long>& ids);
std::map<long long, UserRow> load_users(store::Database& db, const std::vector<long long>& ids);
std::map<long long, SubmissionRef> load_patch_refs(store::Database& db, const std::vector<long long>& ids);
std::map<long long, SubmissionRef> load_cover_refs(store::Database& db, const std::vector<long long>& ids);
std::map<long long, SeriesRow> load_series(store::Database& db, const std::vector<long long>& ids);
SeriesRow series_from_row(const store::Row& row);  // columns as in kSeriesColumns
extern const char* const kSeriesColumns;
// Checks of the given patches, in id order.
std::vector<CheckRow> load_checks(store::Database& db, const std::vector<long long>& patch_ids);
CheckRow check_from_row(const store::Row& row);  // columns as in kCheckColumns
extern const char* const kCheckColumns;

// The combined `check` state of one patch's checks (spec/api.md §4.1).
std::string combined_check_state(const std::vector<const CheckRow*>& checks);
std::string_view check_state_name(int state);

const ProjectRow& project_of(const std::map<long long, ProjectRow>& projects, long long id);

json::object project_embedded(const Ctx& ctx, const ProjectRow& p);
json::object person_embedded(const Ctx& ctx, const PersonRow& p);
json::value person_embedded_or_null(const Ctx& ctx, const std::map<long long, PersonRow>& persons, long long id);
json::object user_embedded(const Ctx& ctx, const UserRow& u);
json::value user_embedded_or_null(const Ctx& ctx, const std::map<long long, UserRow>& users,
                                  std::optional<long long> id);
json::object patch_embedded(const Ctx& ctx, const SubmissionRef& s, const ProjectRow& p);
json::object cover_embedded(const Ctx& ctx, const SubmissionRef& s, const ProjectRow& p);
json::object series_embedded(const Ctx& ctx, const SeriesRow& s, const ProjectRow& p);
json::object check_embedded(const Ctx& ctx, const CheckRow& c);

// `web_url` / `mbox` of patches and covers: /project/{lk}/{kind}/{m}/.
std::string submission_web_path(std::string_view kind, const ProjectRow& p, std::string_view msgid);
// `headers` of a submission or comment.
json::object headers_object(std::string_view block);

// Collects distinct ids in first-seen order.
struct IdSet {
  std::vector<long long> ids;
  void add(long long id);
  void add(const std::optional<long long>& id) {
    if (id) add(*id);
  }
};

}  // namespace patchloom::api
