#include "patchloom/http/request.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <optional>

namespace patchloom::http {

std::optional<std::string_view> QueryParams::get(std::string_view key) const {
  for (const auto& [k, v] : params_) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::vector<std::string_view> QueryParams::get_all(std::string_view key) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : params_) {
    if (k == key) out.emplace_back(v);
  }
  return out;
}

namespace {

std::optional<boost::urls::url_view> parse_target(std::string_view target) {
  if (!target.empty() && target.front() == '/') {
    auto origin = boost::urls::parse_origin_form(target);
    if (!origin) return std::nullopt;
    return *origin;
  }
  auto absolute = boost::urls::parse_absolute_uri(target);
  // Only "scheme://authority[/path]" names a resource here: "x:y" or
  // "x:/y" would leave a path not starting at the root (or none at all).
  if (!absolute || !absolute->has_authority()) return std::nullopt;
  if (const auto path = absolute->encoded_path(); !path.empty() && path.front() != '/') return std::nullopt;
  if (absolute->encoded_path().empty()) {
    // "http://host" is "http://host/" (RFC 9112 §3.2.2).
    return *boost::urls::parse_origin_form("/");
  }
  return *absolute;
}

}  // namespace

Result<void> set_target(Request& request, std::string_view target) {
  auto parsed = parse_target(target);
  if (!parsed) return make_error("malformed request target");
  const boost::urls::url_view& url = *parsed;

  request.target = std::string(target);
  request.raw_path = std::string(url.encoded_path());
  if (request.raw_path.empty()) request.raw_path = "/";
  request.path = url.path();
  if (request.path.empty()) request.path = "/";
  request.raw_query = url.has_query() ? std::string(url.encoded_query()) : std::string();

  // Forms encode a space as '+': read it back as one (Django's QueryDict does).
  boost::urls::encoding_opts form_decoding;
  form_decoding.space_as_plus = true;
  request.query = QueryParams();
  if (url.has_query()) {
    for (const auto& param : url.params(form_decoding)) {
      if (param.key.empty() && !param.has_value) continue;  // "a&&b": no parameter between the '&'
      request.query.add(param.key, param.value);
    }
  }
  return {};
}

}  // namespace patchloom::http
