// From-header splitting and address validation (spec/parser.md §2.6 steps
// 2-4) on arbitrary text, raw and after clean_header as the parser calls it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "patchloom/mail/address.hpp"
#include "patchloom/mail/header_decode.hpp"
#include "patchloom/util/text.hpp"

namespace {

using patchloom::fuzz::has_outer_py_space;
using namespace patchloom;

constexpr std::size_t kFieldLength = 255;

void check_from(std::string_view value) {
  const mail::NameAndEmail raw = mail::split_from_header(value);
  if (raw.email) (void)mail::is_valid_email(*raw.email);

  const mail::NameAndEmail split = mail::split_from(value);
  if (split.email) {
    const std::size_t length = util::code_point_count(*split.email);
    PATCHLOOM_FUZZ_CHECK(length <= kFieldLength);
    // A valid address has no whitespace, so strip() left it whole; only the
    // cut to 255 code points can break it.
    if (length < kFieldLength) PATCHLOOM_FUZZ_CHECK(mail::is_valid_email(*split.email));
    PATCHLOOM_FUZZ_CHECK(split.email->find('@') != std::string::npos || length == kFieldLength);
    if (util::is_valid_utf8(value)) PATCHLOOM_FUZZ_CHECK(util::is_valid_utf8(*split.email));
  }
  if (split.name) {
    PATCHLOOM_FUZZ_CHECK(util::code_point_count(*split.name) <= kFieldLength);
    PATCHLOOM_FUZZ_CHECK(util::code_point_count(*split.name) == kFieldLength ||
                         !has_outer_py_space(*split.name));
    // The name is group-for-group the one split_from_header found.
    PATCHLOOM_FUZZ_CHECK(raw.name.has_value());
  } else if (split.email) {
    PATCHLOOM_FUZZ_CHECK(!raw.name.has_value());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  check_from(raw);
  (void)mail::is_valid_email(raw);
  if (const auto cleaned = mail::clean_header(raw)) check_from(*cleaned);
  return 0;
}
