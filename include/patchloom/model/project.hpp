#pragma once
// A project: one mailing list (or one subject_match slice of a list).
// Mirrors table `project`.

#include <string>

namespace patchloom::model {

struct Project {
  long long id = 0;
  std::string linkname;  // URL slug, unique
  std::string name;      // unique
  std::string listid;    // List-Id without angle brackets
  std::string listemail;
  std::string subject_match;  // regex; '' = the list's default project
  std::string web_url;
  std::string scm_url;
  std::string webscm_url;
  std::string list_archive_url;
  std::string list_archive_url_format;
  std::string commit_url_format;
  bool send_notifications = false;
  bool use_tags = true;
  bool show_dependencies = false;
};

}  // namespace patchloom::model
