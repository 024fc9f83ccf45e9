#include "html.hpp"

#include <cstdio>

namespace patchloom::web {

namespace {

// Kept small: the pages must read well without it, and without JavaScript.
constexpr std::string_view kStyle =
    "body{font-family:sans-serif;margin:0;color:#222}"
    "nav{background:#234;padding:.5em 1em;color:#fff}nav a{color:#fff;margin-right:1em}"
    "nav form{display:inline}nav button{background:none;border:0;color:#fff;text-decoration:underline;cursor:pointer}"
    "main{padding:1em}table{border-collapse:collapse}td,th{padding:.2em .5em;border-bottom:1px solid #ddd;"
    "text-align:left;vertical-align:top}th a{color:inherit}"
    "pre{white-space:pre-wrap;background:#f8f8f8;padding:.5em;border:1px solid #eee}"
    ".diff .add{color:#070}.diff .del{color:#a00}.diff .hunk{color:#00a}.diff .file{font-weight:bold}"
    ".filters form{display:inline-block;margin-right:1em}.pager a,.pager b{margin-right:.5em}"
    ".comment{border-top:1px solid #ccc;margin-top:1em}.meta{color:#666}.error{color:#a00}"
    ".check-success{color:#070}.check-warning{color:#a60}.check-fail{color:#a00}";

}  // namespace

std::string link(std::string_view href, std::string_view text) {
  return "<a href=\"" + esc(href) + "\">" + esc(text) + "</a>";
}

bool is_web_url(std::string_view url) { return url.starts_with("http://") || url.starts_with("https://"); }

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
        c == '~' || c == '-') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string format_date(util::Timestamp t) {
  const util::CivilTime c = util::to_civil(t);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d %02d:%02d", static_cast<long long>(c.year), c.month, c.day, c.hour,
                c.minute);
  return buf;
}

std::string csrf_field(const Ctx& ctx) {
  ctx.csrf_used = true;
  return "<input type=\"hidden\" name=\"csrf_token\" value=\"" + esc(ctx.csrf_token) + "\">";
}

http::Response page(const Ctx& ctx, std::string_view title, std::string_view body, int status) {
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta name=\"viewport\" content=\"width=device-width\"><title>";
  html += esc(title);
  html += " - patchloom</title><style>";
  html += kStyle;
  html += "</style></head><body><nav><a href=\"/\">Projects</a>";
  if (ctx.viewer) {
    html += link("/user/", ctx.viewer->username);
    html += "<a href=\"/user/bundles/\">Bundles</a><form method=\"post\" action=\"/user/logout/\">" + csrf_field(ctx) +
            "<button type=\"submit\">Log out</button></form>";
  } else {
    html += "<a href=\"/user/login/\">Log in</a>";
  }
  html += "</nav><main>\n";
  html += body;
  html += "\n</main></body></html>\n";
  auto response = http::Response::html(std::move(html), status);
  response.headers.set("X-Frame-Options", "DENY");
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                                                  "form-action 'self'; frame-ancestors 'none'");
  return response;
}

std::string select(std::string_view name, const std::vector<std::pair<std::string, std::string>>& options,
                   std::string_view selected) {
  std::string out = "<select name=\"" + esc(name) + "\">";
  for (const auto& [value, label] : options) {
    out += "<option value=\"" + esc(value) + "\"";
    if (value == selected) out += " selected";
    out += ">" + esc(label) + "</option>";
  }
  return out + "</select>";
}

}  // namespace patchloom::web
