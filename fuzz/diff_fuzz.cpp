// The diff state machine (spec/parser.md §4.2), the body-part choice (§2.4),
// clean_content (§2.5), the patch hash (§7) and pull-request detection
// (§4.5) on arbitrary text.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/parse/diff.hpp"
#include "patchloom/parse/hash.hpp"
#include "patchloom/parse/pull_request.hpp"
#include "patchloom/util/text.hpp"

namespace {

using patchloom::fuzz::has_nul;
using patchloom::fuzz::has_outer_py_space;
using patchloom::fuzz::is_sha1_hex;
using namespace patchloom;

constexpr std::string_view kEmptySha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

std::size_t size_of(const std::optional<std::string>& s) { return s ? s->size() : 0; }

void check_split(std::string_view text) {
  const parse::PatchSplit split = parse::parse_patch(text);
  // Every line (each with its '\n', the piece after the last '\n' included)
  // lands in exactly one of the two buffers.
  PATCHLOOM_FUZZ_CHECK(size_of(split.diff) + size_of(split.comment) == text.size() + 1);
  if (split.diff) PATCHLOOM_FUZZ_CHECK(!split.diff->empty());
  if (split.comment) PATCHLOOM_FUZZ_CHECK(!split.comment->empty());

  const std::string hash = parse::hash_diff(split.diff.value_or(""));
  PATCHLOOM_FUZZ_CHECK(is_sha1_hex(hash));
  if (!split.diff) PATCHLOOM_FUZZ_CHECK(hash == kEmptySha1);
}

void check_content(std::string_view text) {
  const std::string cleaned = parse::clean_content(text);
  PATCHLOOM_FUZZ_CHECK(!has_nul(cleaned));
  // strip() runs before the NULs go, so "\0 x" keeps its space (as in Python).
  if (!has_nul(text)) PATCHLOOM_FUZZ_CHECK(!has_outer_py_space(cleaned));
  PATCHLOOM_FUZZ_CHECK(cleaned.size() <= text.size());
  if (const auto url = parse::parse_pull_request(text)) {
    PATCHLOOM_FUZZ_CHECK(!url->empty() && !has_outer_py_space(*url));
    PATCHLOOM_FUZZ_CHECK(url->find("  ") == std::string::npos);
  }
}

void check_parts(std::string_view text) {
  // One plain part, then the same text also attached as text/x-patch: the
  // last x-patch part always wins the diff (§2.4).
  const std::array<mail::TextPart, 2> parts = {mail::TextPart{std::string(text), "plain"},
                                               mail::TextPart{std::string(text), "x-patch"}};
  const parse::Content plain = parse::find_patch_content(std::span(parts).first(1));
  if (plain.diff) PATCHLOOM_FUZZ_CHECK(!plain.diff->empty() && !has_nul(*plain.diff));
  PATCHLOOM_FUZZ_CHECK(!has_nul(plain.message));
  if (!has_nul(text)) PATCHLOOM_FUZZ_CHECK(!has_outer_py_space(plain.message));

  const parse::Content both = parse::find_patch_content(parts);
  const std::string without_nuls = util::remove_nuls(text);
  if (without_nuls.empty()) {
    PATCHLOOM_FUZZ_CHECK(!both.diff);
  } else {
    PATCHLOOM_FUZZ_CHECK(both.diff && *both.diff == without_nuls);
  }

  const std::string comment = parse::find_comment_content(parts);
  PATCHLOOM_FUZZ_CHECK(!has_nul(comment));
  if (!has_nul(text)) PATCHLOOM_FUZZ_CHECK(!has_outer_py_space(comment));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_split(text);
  PATCHLOOM_FUZZ_CHECK(is_sha1_hex(parse::hash_diff(text)));
  check_content(text);
  check_parts(text);
  return 0;
}
