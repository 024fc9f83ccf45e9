#pragma once
// URL pieces of API bodies and headers (spec/api.md §1.5, §1.6).

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace patchloom::api {

// The `{m}` of web/mbox URLs: angle brackets stripped, '/' -> "%2F", then
// percent-encoded as Django's reverse() does (so a slash becomes "%252F").
std::string encode_msgid_for_path(std::string_view msgid);
// Django's path encoding of one segment (bundle owner and name in URLs).
std::string encode_path(std::string_view text);
// Python's urllib.parse.quote_plus: space -> '+', only [A-Za-z0-9_.~-] literal.
std::string quote_plus(std::string_view text);

// A submission's or comment's list_archive_url: `format` with "{}" replaced
// by the msgid without brackets; nullopt when the format is empty.
std::optional<std::string> list_archive_url(std::string_view format, std::string_view msgid);

using QueryList = std::vector<std::pair<std::string, std::string>>;

// DRF's replace_query_param / remove_query_param: the query (decoded pairs,
// in request order) with `page` set to `page` (or removed when nullopt),
// serialised with keys sorted (stable within a key) and quote_plus. Returns
// "" or "?…".
std::string page_query(const QueryList& query, std::optional<long long> page);

// The Link header of a paginated answer; `url_without_query` is the absolute
// request URL up to the path. Entries: next, prev, first, last.
std::string link_header(std::string_view url_without_query, const QueryList& query, long long page,
                        long long last_page);

}  // namespace patchloom::api
