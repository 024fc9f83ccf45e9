#pragma once
// Splitting a From-style header into display name and email address the way
// Patchwork does (spec/parser.md §2.6 steps 2-4).

#include <optional>
#include <string>
#include <string_view>

namespace patchloom::mail {

struct NameAndEmail {
  std::optional<std::string> name;   // nullopt: no name at all ("" is a name)
  std::optional<std::string> email;  // nullopt: invalid, so "Invalid 'From' header"
};

// split_from_header: the first of Patchwork's four patterns that matches,
// with the groups as captured (no stripping, no validation). Used as is for
// the Reply-To / Cc addresses of DMARC un-munging.
NameAndEmail split_from_header(std::string_view header);

// Whether `email` passes Patchwork's address check (Unicode \w in the local
// part, dotted alphanumeric domain).
bool is_valid_email(std::string_view email);

// split_from_header with both parts stripped (PyWS) and cut to 255 code
// points but the address NOT validated: what DMARC un-munging (§2.6 step 5)
// does with X-Original-From and with each Reply-To / Cc address.
NameAndEmail split_and_strip(std::string_view header);

// Steps 2-4 for a cleaned From value: split, validate (an invalid address
// becomes nullopt), then strip both parts (PyWS) and cut them to 255 code
// points.
NameAndEmail split_from(std::string_view cleaned_from);

}  // namespace patchloom::mail
