#include "diff_hunk.hpp"

#include "patchloom/util/text.hpp"
#include "py_int.hpp"

namespace patchloom::parse::detail {

namespace {

bool consume(std::string_view s, std::size_t& pos, std::string_view literal) {
  if (s.substr(pos, literal.size()) != literal) return false;
  pos += literal.size();
  return true;
}

// "\d+(?:,(\d+))?": a start line, then an optional count.
bool read_range(std::string_view s, std::size_t& pos, std::int64_t& count, std::string& decimal) {
  if (!read_digits(s, pos, nullptr)) return false;
  count = 1;
  decimal.assign(1, '1');  // not = "1": GCC 12 warns falsely (-Wrestrict)
  if (pos < s.size() && s[pos] == ',') {
    ++pos;
    // "@@ -1, +1 @@" cannot match either way: after the comma a digit must follow.
    return read_digits(s, pos, &count, &decimal);
  }
  return true;
}

}  // namespace

bool match_hunk_header(std::string_view line, HunkHeader& hunk) {
  std::size_t pos = 0;
  return consume(line, pos, "@@ -") && read_range(line, pos, hunk.old_count, hunk.old_decimal) &&
         consume(line, pos, " +") && read_range(line, pos, hunk.new_count, hunk.new_decimal) &&
         consume(line, pos, " @@");
}

}  // namespace patchloom::parse::detail
