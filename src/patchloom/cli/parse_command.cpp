#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "patchloom/cli/commands.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/parse/submission.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::cli {

namespace {

namespace json = boost::json;

constexpr std::size_t kStoredNameLength = 255;

constexpr const char* kParseHelp =
    "Print, as JSON, what the parser sees in one mail (standard input without FILE).\n"
    "No database is used, so `kind` is what Patchwork decides before its lookups:\n"
    "  patch    a diff or a pull request, not a reply;\n"
    "  cover    a 0/N mail (with references it is a cover only if no cover of that name exists yet);\n"
    "  comment  stored only if one of its references names a known patch or cover;\n"
    "  none     nothing to store, or a mail upstream rejects: then `error` gives upstream's reason.\n"
    "A rejected mail still exits 0 (the mail was read and judged); unreadable input or bad\n"
    "options exit non-zero. `date` is \"now\" when the Date header is missing or unparsable;\n"
    "`references` lists every ancestor Patchwork uses to thread (In-Reply-To first, then\n"
    "References newest first); `list_id` is the first List-Id candidate.";

json::value optional_string(const std::optional<std::string>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::array string_array(const std::vector<std::string>& values) {
  json::array array;
  for (const auto& value : values) array.emplace_back(value);
  return array;
}

// What the API would show as `kind`; rejections become "none" with `error`.
std::string_view shown_kind(const parse::Submission& s) {
  if (s.error || s.ignored) return "none";
  if (s.author_error && (s.kind == parse::Kind::kPatch || s.kind == parse::Kind::kCoverCandidate)) return "none";
  return parse::to_string(s.kind);
}

std::optional<std::string> shown_error(const parse::Submission& s) {
  if (s.error) return s.error;
  if (s.ignored) return std::nullopt;
  if (s.kind == parse::Kind::kNone || !s.author_error) return std::nullopt;
  if (s.kind == parse::Kind::kCommentCandidate) return *s.author_error + " (if its parent is known)";
  return s.author_error;
}

json::object to_json(const parse::Submission& s) {
  json::object out;
  out["kind"] = shown_kind(s);
  if (auto error = shown_error(s)) out["error"] = *error;
  if (s.ignored) out["ignored"] = true;
  out["msgid"] = s.msgid;
  out["date"] = s.date ? util::format_iso(*s.date) : std::string("now");
  const std::string stored_name = util::py_truncate(s.name, kStoredNameLength);
  out["name"] = stored_name;
  // The API's `prefixes`: the stored name parsed again without the linkname drop.
  out["prefixes"] = string_array(parse::clean_subject(stored_name).prefixes);
  if (s.author) {
    out["submitter"] = json::object{{"name", optional_string(s.author->name)}, {"email", s.author->email}};
  } else {
    out["submitter"] = nullptr;
  }
  out["content"] = s.content;
  out["diff"] = optional_string(s.diff);
  out["hash"] = optional_string(s.hash);
  out["pull_url"] = optional_string(s.pull_url);
  out["version"] = s.version;
  out["series_number"] = s.marker ? json::value(s.marker->x) : json::value(nullptr);
  out["series_total"] = s.marker ? json::value(s.marker->n) : json::value(nullptr);
  out["in_reply_to"] = s.refs.empty() ? json::value(nullptr) : json::value(s.refs.front());
  out["references"] = string_array(s.refs);
  out["list_id"] = s.list_ids.empty() ? json::value(nullptr) : json::value(s.list_ids.front());
  return out;
}

bool read_input(const std::string& path, std::string& raw) {
  if (path.empty() || path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    raw = buffer.str();
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  raw.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

}  // namespace

// `patchloom parse [FILE]`: prints what the parser sees in one mail as JSON.
void register_parse_command(CLI::App& app, GlobalOptions& /*global*/, int& exit_code) {
  auto* cmd = app.add_subcommand("parse", kParseHelp);
  static std::string path;
  static parse::ProjectContext project;
  cmd->add_option("file", path, "mail file (default: standard input)");
  cmd->add_option("--linkname", project.linkname, "project linkname, dropped from subject prefixes (default: none)");
  cmd->add_option("--listemail", project.listemail,
                  "the list's address, to undo DMARC From munging (default: none)");
  cmd->callback([&exit_code] {
    std::string raw;
    if (!read_input(path, raw)) {
      std::cerr << "patchloom parse: cannot read " << (path.empty() ? std::string("standard input") : path) << "\n";
      exit_code = 1;
      return;
    }
    const mail::Message message = mail::Message::parse(std::move(raw));
    std::cout << json::serialize(to_json(parse::parse_submission(message, project))) << "\n";
    exit_code = 0;
  });
}

}  // namespace patchloom::cli
