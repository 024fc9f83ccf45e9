#pragma once
// Invariant checks shared by the fuzz targets. A failed check aborts, which
// libFuzzer records as a crash and saves the input as a reproducer; a plain
// assert() would vanish in release builds.

#include <string_view>

namespace patchloom::fuzz {

[[noreturn]] void check_failed(const char* condition, const char* file, int line);

// 40 lower-case hex digits: the only shape hash_diff may return.
bool is_sha1_hex(std::string_view s);
bool has_nul(std::string_view s);
// Python's str.isspace() at either end (the result of a PyWS strip has none).
bool has_outer_py_space(std::string_view s);

}  // namespace patchloom::fuzz

#define PATCHLOOM_FUZZ_CHECK(condition)                                              \
  do {                                                                               \
    if (!(condition)) ::patchloom::fuzz::check_failed(#condition, __FILE__, __LINE__); \
  } while (false)
