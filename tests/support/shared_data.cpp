#include "shared_data.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace patchloom::testing {

std::optional<std::filesystem::path> shared_dir() {
  const char* env = std::getenv("PATCHLOOM_SHARED");
  if (env == nullptr || *env == '\0') return std::nullopt;
  std::filesystem::path dir(env);
  if (!std::filesystem::is_directory(dir / "corpus")) return std::nullopt;
  return dir;
}

std::filesystem::path patchloom_binary() {
  const char* env = std::getenv("PATCHLOOM_BIN");
  if (env == nullptr) throw std::runtime_error("PATCHLOOM_BIN is not set (run the tests through ctest)");
  return env;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::filesystem::path make_temp_dir(const std::string& prefix) {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto dir = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(rd()));
    if (std::filesystem::create_directory(dir)) return dir;
  }
  throw std::runtime_error("cannot create a temporary directory");
}

}  // namespace patchloom::testing
