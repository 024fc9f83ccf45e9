#pragma once
// The Date header as Patchwork reads it (find_date, spec/parser.md §2.7):
// email.utils.parsedate_tz's very lenient parsing, then timegm minus the
// zone offset.

#include <optional>
#include <string_view>

#include "patchloom/util/time.hpp"

namespace patchloom::mail {

// The UTC instant of a cleaned Date header value; nullopt when Patchwork
// falls back to "now" (empty or unparsable value, or a result outside
// datetime's range).
std::optional<util::Timestamp> parse_mail_date(std::string_view cleaned_date);

}  // namespace patchloom::mail
