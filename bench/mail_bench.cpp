// Message::parse + text_parts over the first N messages of the 20k
// linuxppc-dev corpus (PATCHLOOM_BENCH_MESSAGES, default 2000), and the
// mbox reader alone over the same gzip file.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "patchloom/mail/mbox.hpp"
#include "patchloom/mail/message.hpp"

namespace {

std::filesystem::path corpus_file() {
  const char* shared = std::getenv("PATCHLOOM_SHARED");
  return std::filesystem::path(shared ? shared : PATCHLOOM_BENCH_SHARED_DIR) / "corpus/linuxppc-dev-20k.mbox.gz";
}

std::size_t message_limit() {
  const char* n = std::getenv("PATCHLOOM_BENCH_MESSAGES");
  return n ? std::strtoul(n, nullptr, 10) : 2000;
}

// Loaded once; empty when the corpus is absent.
const std::vector<std::string>& corpus_messages() {
  static const std::vector<std::string> messages = [] {
    std::vector<std::string> out;
    auto reader = patchloom::mail::MboxReader::open(corpus_file());
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

void BM_MessageParseAndTextParts(benchmark::State& state) {
  const auto& messages = corpus_messages();
  if (messages.empty()) {
    state.SkipWithError("corpus not found (set PATCHLOOM_SHARED)");
    return;
  }
  std::size_t bytes = 0;
  for (const auto& m : messages) bytes += m.size();
  for (auto _ : state) {
    for (const auto& raw : messages) {
      const auto message = patchloom::mail::Message::parse(raw);
      benchmark::DoNotOptimize(message.text_parts().data());
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * messages.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_MessageParseAndTextParts)->Unit(benchmark::kMillisecond);

void BM_MboxReadGzip(benchmark::State& state) {
  const std::size_t limit = message_limit();
  std::size_t messages = 0;
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto reader = patchloom::mail::MboxReader::open(corpus_file());
    if (!reader) {
      state.SkipWithError("corpus not found (set PATCHLOOM_SHARED)");
      return;
    }
    for (std::size_t i = 0; i < limit; ++i) {
      auto m = reader->next();
      if (!m) break;
      ++messages;
      bytes += m->raw.size();
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(messages));
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_MboxReadGzip)->Unit(benchmark::kMillisecond);

}  // namespace
