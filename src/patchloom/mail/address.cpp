#include "patchloom/mail/address.hpp"

#include "patchloom/util/regex.hpp"
#include "patchloom/util/text.hpp"

namespace patchloom::mail {

namespace {

constexpr std::size_t kMaxField = 255;

std::string stripped(std::string_view s) { return util::py_truncate(util::py_strip(s), kMaxField); }

bool is_local_char(char32_t cp) {
  if (util::is_py_word(cp)) return true;
  switch (cp) {
    case '!': case '#': case '$': case '%': case '&': case '"': case '*': case '+': case '/':
    case '=': case '?': case '^': case '`': case '{': case '|': case '}': case '~': case '-':
      return true;
    default:
      return false;
  }
}

bool is_ascii_alnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// [a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?
bool is_domain_label(std::string_view label) {
  if (label.empty() || !is_ascii_alnum(label.front()) || !is_ascii_alnum(label.back())) return false;
  for (const char c : label) {
    if (!is_ascii_alnum(c) && c != '-') return false;
  }
  return true;
}

// [local]+(?:\.[local]+)*
bool is_local_part(std::string_view local) {
  bool atom_empty = true;
  for (std::size_t i = 0; i < local.size();) {
    if (local[i] == '.') {
      if (atom_empty) return false;
      atom_empty = true;
      ++i;
      continue;
    }
    if (!is_local_char(util::next_code_point(local, i))) return false;
    atom_empty = false;
  }
  return !atom_empty;
}

}  // namespace

bool is_valid_email(std::string_view email) {
  // Python's $ also matches before one final newline.
  if (!email.empty() && email.back() == '\n') email.remove_suffix(1);
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || !is_local_part(email.substr(0, at))) return false;
  std::string_view domain = email.substr(at + 1);
  std::size_t labels = 0;
  while (true) {
    const std::size_t dot = domain.find('.');
    if (!is_domain_label(domain.substr(0, dot))) return false;
    ++labels;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  return labels >= 2;
}

NameAndEmail split_from_header(std::string_view header) {
  static const util::Regex kAngle(R"re("?(.*?)"?\s*<([^>]+)>)re");
  static const util::Regex kAtParen(R"re((.*?)\sat\s(.*?)\s*\(([^\)]+)\))re");
  static const util::Regex kParen(R"re("?(.*?)"?\s*\(([^\)]+)\))re");
  static const util::Regex kAnything(R"re((.*))re");
  if (const auto m = kAngle.match(header)) {
    return {std::string(m->group(1)), std::string(m->group(2))};
  }
  if (const auto m = kAtParen.match(header)) {
    return {std::string(m->group(3)), std::string(m->group(1)) + "@" + std::string(m->group(2))};
  }
  if (const auto m = kParen.match(header)) {
    return {std::string(m->group(2)), std::string(m->group(1))};
  }
  const auto m = kAnything.match(header);
  return {std::nullopt, std::string(m ? m->group(1) : std::string_view{})};
}

NameAndEmail split_and_strip(std::string_view header) {
  NameAndEmail result = split_from_header(header);
  if (result.email) result.email = stripped(*result.email);
  if (result.name) result.name = stripped(*result.name);
  return result;
}

NameAndEmail split_from(std::string_view cleaned_from) {
  NameAndEmail result = split_from_header(cleaned_from);
  if (result.email && is_valid_email(*result.email)) {
    result.email = stripped(*result.email);
  } else {
    result.email.reset();
  }
  if (result.name) result.name = stripped(*result.name);
  return result;
}

}  // namespace patchloom::mail
