// Subject handling (spec/parser.md §5) on arbitrary text: first the raw bytes
// (the functions must survive anything), then the clean_header'ed subject as
// the parser passes it, with metamorphic checks between related calls.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "patchloom/mail/header_decode.hpp"
#include "patchloom/parse/subject.hpp"
#include "patchloom/util/text.hpp"

namespace {

using namespace patchloom;

// The Mercurial "N of M" token is the only one that may hold a space.
bool is_of_token(std::string_view token) {
  const std::size_t of = token.find(" of ");
  if (of == std::string_view::npos || of == 0 || of + 4 == token.size()) return false;
  const auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return digits(token.substr(0, of)) && digits(token.substr(of + 4));
}

void check_tokens(const std::vector<std::string>& tokens) {
  for (const auto& token : tokens) {
    PATCHLOOM_FUZZ_CHECK(!token.empty());
    PATCHLOOM_FUZZ_CHECK(token.find(',') == std::string::npos);
  }
}

std::string joined_name(const std::vector<std::string>& prefixes, std::string_view rest) {
  std::string name = "[";
  for (std::size_t i = 0; i < prefixes.size(); ++i) name += (i ? "," : "") + prefixes[i];
  return name + "] " + std::string(rest);
}

void check_cleaned(std::string_view subject) {
  static const std::array<std::string, 1> kDrop = {"qemu-devel"};
  static const std::array<std::string, 1> kDropUpper = {"QEMU-Devel"};
  const parse::CleanSubject dropped = parse::clean_subject(subject, kDrop);
  const parse::CleanSubject kept = parse::clean_subject(subject);
  PATCHLOOM_FUZZ_CHECK(util::is_valid_utf8(dropped.name));
  check_tokens(dropped.prefixes);
  for (const auto& prefix : dropped.prefixes) {
    PATCHLOOM_FUZZ_CHECK(prefix.find(' ') == std::string::npos || is_of_token(prefix));
    PATCHLOOM_FUZZ_CHECK(util::ascii_lower(prefix) != "patch");
    PATCHLOOM_FUZZ_CHECK(util::ascii_lower(prefix) != "qemu-devel");
  }
  // The drop list filters tokens and nothing else, case-insensitively.
  std::vector<std::string> filtered;
  for (const auto& prefix : kept.prefixes) {
    if (util::ascii_lower(prefix) != "qemu-devel") filtered.push_back(prefix);
  }
  PATCHLOOM_FUZZ_CHECK(filtered == dropped.prefixes);
  const parse::CleanSubject upper = parse::clean_subject(subject, kDropUpper);
  PATCHLOOM_FUZZ_CHECK(upper.name == dropped.name && upper.prefixes == dropped.prefixes);

  if (!dropped.prefixes.empty()) {
    PATCHLOOM_FUZZ_CHECK(util::starts_with(dropped.name, joined_name(dropped.prefixes, "")));
    // The API re-derives `prefixes` from the stored name (§5.1 step 7); for
    // prefixes without the Mercurial "N of M" form that gives them back.
    const bool plain = std::none_of(dropped.prefixes.begin(), dropped.prefixes.end(),
                                    [](const std::string& p) { return p.find(' ') != std::string::npos; });
    if (plain) PATCHLOOM_FUZZ_CHECK(parse::clean_subject(dropped.name).prefixes == dropped.prefixes);
  }

  if (const auto marker = parse::series_marker(dropped.prefixes)) {
    PATCHLOOM_FUZZ_CHECK(marker->x >= 0 && marker->n >= 0);
  }
  PATCHLOOM_FUZZ_CHECK(parse::subject_version(dropped.name, dropped.prefixes) >= 0);
  // Reply detection only looks at the start of the subject.
  PATCHLOOM_FUZZ_CHECK(parse::is_reply_subject("Re: " + std::string(subject)));
  PATCHLOOM_FUZZ_CHECK(!parse::is_reply_subject("[" + std::string(subject)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  // Uncleaned text: only "does not crash" and the token shape hold here.
  const parse::CleanSubject any = parse::clean_subject(raw);
  (void)parse::series_marker(any.prefixes);
  (void)parse::subject_version(any.name, any.prefixes);
  (void)parse::is_reply_subject(raw);
  check_tokens(parse::split_prefixes(raw));

  if (const auto cleaned = mail::clean_header(raw)) check_cleaned(*cleaned);
  return 0;
}
