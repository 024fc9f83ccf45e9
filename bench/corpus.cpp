#include "corpus.hpp"

#include <cstdlib>
#include <filesystem>
#include <limits>

#include "patchloom/mail/mbox.hpp"

namespace patchloom::bench {

namespace {

std::size_t message_limit() {
  const char* n = std::getenv("PATCHLOOM_BENCH_MESSAGES");
  return n ? std::strtoul(n, nullptr, 10) : std::numeric_limits<std::size_t>::max();
}

}  // namespace

std::filesystem::path corpus_file() {
  const char* shared = std::getenv("PATCHLOOM_SHARED");
  return std::filesystem::path(shared ? shared : PATCHLOOM_BENCH_SHARED_DIR) / "corpus/linuxppc-dev-20k.mbox.gz";
}

const std::vector<std::string>& corpus_messages() {
  static const std::vector<std::string> messages = [] {
    std::vector<std::string> out;
    auto reader = mail::MboxReader::open(corpus_file());
    if (!reader) return out;
    const std::size_t limit = message_limit();
    while (out.size() < limit) {
      auto m = reader->next();
      if (!m) break;
      out.push_back(std::move(m->raw));
    }
    return out;
  }();
  return messages;
}

}  // namespace patchloom::bench
