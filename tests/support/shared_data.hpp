#pragma once
// Where tests find ../shared (corpus, conformance data, specs) and the built
// binary. Tests that need ../shared call PATCHLOOM_REQUIRE_SHARED(), which
// skips them visibly when it is absent (the project must work without it).

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>

namespace patchloom::testing {

// The shared directory, or nullopt when it does not exist.
std::optional<std::filesystem::path> shared_dir();
// The built `patchloom` binary.
std::filesystem::path patchloom_binary();
// Reads a whole file as bytes; throws when it cannot.
std::string read_file(const std::filesystem::path& path);
// A fresh empty directory under the system temp dir, removed by the caller.
std::filesystem::path make_temp_dir(const std::string& prefix);

}  // namespace patchloom::testing

#define PATCHLOOM_REQUIRE_SHARED()                                                     \
  do {                                                                                 \
    if (!::patchloom::testing::shared_dir()) {                                         \
      GTEST_SKIP() << "../shared is not present: this test needs its corpus/golden data"; \
    }                                                                                  \
  } while (0)
