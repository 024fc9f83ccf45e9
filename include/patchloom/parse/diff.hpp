#pragma once
// Splitting mail text into diff and comment (spec/parser.md §2.4, §2.5, §4.2,
// §4.4): Patchwork's line state machine, the choice of body parts for patch
// and reply mails, and signature/footer stripping.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "patchloom/mail/message.hpp"

namespace patchloom::parse {

struct PatchSplit {
  std::optional<std::string> diff;     // the confirmed diff lines; nullopt if none
  std::optional<std::string> comment;  // everything else; nullopt if empty
};

// parse_patch (§4.2): runs the diff state machine over one plain part. The
// text is split on '\n' only (a '\r' stays on its line).
PatchSplit parse_patch(std::string_view text);

// clean_content (§2.5): cuts at the first line that is exactly "-- " or only
// underscores (and everything after it), strips PyWS, deletes NULs.
std::string clean_content(std::string_view text);

struct Content {
  std::optional<std::string> diff;  // NULs removed; nullopt when empty
  std::string message;              // clean_content of the comment parts
};

// find_patch_content (§2.4), for mails whose subject is not a reply: the last
// text/x-patch or text/x-diff part wins the diff; otherwise the first plain
// part with a diff provides it; every plain part's remaining text is content.
Content find_patch_content(std::span<const mail::TextPart> parts);

// find_comment_content (§2.4), for reply mails: every non-empty plain part is
// content; there is never a diff.
std::string find_comment_content(std::span<const mail::TextPart> parts);

}  // namespace patchloom::parse
