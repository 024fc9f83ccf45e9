#include "fuzz_check.hpp"

#include <cstdio>
#include <cstdlib>

#include "patchloom/util/text.hpp"

namespace patchloom::fuzz {

void check_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", file, line, condition);
  std::abort();
}

bool is_sha1_hex(std::string_view s) {
  if (s.size() != 40) return false;
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool has_nul(std::string_view s) { return s.find('\0') != std::string_view::npos; }

bool has_outer_py_space(std::string_view s) { return util::py_strip(s).size() != s.size(); }

}  // namespace patchloom::fuzz
