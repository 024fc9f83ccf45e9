#include "browsable.hpp"

#include <string>

#include "patchloom/util/html.hpp"

namespace patchloom::api {
namespace {

constexpr std::string_view kStyle =
    "body{font-family:sans-serif;margin:2em;max-width:70em}"
    "pre{background:#f5f5f5;border:1px solid #ddd;padding:1em;overflow:auto;white-space:pre-wrap}"
    ".request{background:#eef}h1{margin-bottom:.2em}.description{color:#555}";

// Escapes indented JSON and makes every string value that is an absolute
// http(s) URL a link, as DRF's page does, so the API can be walked in a browser.
std::string linked_json(std::string_view json) {
  const std::string escaped = util::escape_html(json);
  constexpr std::string_view kQuote = "&quot;";
  std::string out;
  out.reserve(escaped.size() + escaped.size() / 8);
  std::size_t pos = 0;
  for (;;) {
    std::size_t open = escaped.find(kQuote, pos);
    if (open == std::string::npos) break;
    std::size_t start = open + kQuote.size();
    std::size_t close = escaped.find(kQuote, start);
    if (close == std::string::npos) break;
    std::string_view value(escaped.data() + start, close - start);
    out.append(escaped, pos, start - pos);
    // A string value (not a key) that starts like a URL and holds no escaped
    // quote; the text is already escaped, so it is safe inside href="...".
    const bool is_url = (value.starts_with("http://") || value.starts_with("https://")) &&
                        value.find('\\') == std::string_view::npos &&
                        escaped.compare(close + kQuote.size(), 1, ":") != 0;
    if (is_url) {
      out += "<a href=\"";
      out += value;
      out += "\">";
      out += value;
      out += "</a>";
    } else {
      out += value;
    }
    out += kQuote;
    pos = close + kQuote.size();
  }
  out.append(escaped, pos, std::string::npos);
  return out;
}

void append_header_line(std::string& page, std::string_view name, const http::Response& response) {
  auto value = response.headers.get(name);
  if (!value) return;
  page += "<b>";
  page += name;
  page += ":</b> ";
  util::append_escaped_html(page, *value);
  page += '\n';
}

}  // namespace

http::Response browsable_page(std::string_view view_name, const http::Request& request, http::Response json_response) {
  std::string page;
  page.reserve(json_response.body.size() * 2 + 1024);
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>";
  util::append_escaped_html(page, view_name);
  page += " \xe2\x80\x93 Patchwork REST API</title><style>";
  page += kStyle;
  page += "</style></head>\n<body>\n<h1>";
  util::append_escaped_html(page, view_name);
  page += "</h1>\n<p class=\"description\">Patchwork REST API. Add <code>?format=json</code> for the JSON alone; "
          "clients send <code>Accept: application/json</code>.</p>\n<pre class=\"request\"><b>";
  util::append_escaped_html(page, request.method);
  page += "</b> ";
  util::append_escaped_html(page, request.target);
  page += "</pre>\n<pre class=\"response\"><b>HTTP ";
  page += std::to_string(json_response.status);
  page += ' ';
  page += http::reason_phrase(json_response.status);
  page += "</b>\n";
  for (std::string_view name : {"Allow", "Content-Type", "Link", "Location", "Vary"})
    append_header_line(page, name, json_response);
  page += '\n';
  page += linked_json(json_response.body);
  page += "</pre>\n</body>\n</html>\n";

  http::Response html = http::Response::html(std::move(page), json_response.status);
  for (std::string_view name : {"Allow", "Link", "Location", "Vary", "X-Frame-Options"}) {
    if (auto value = json_response.headers.get(name)) html.headers.set(name, std::string(*value));
  }
  return html;
}

}  // namespace patchloom::api
