// Message::parse + text_parts over the 20k linuxppc-dev corpus, and the
// mbox reader alone over the first PATCHLOOM_BENCH_MESSAGES (default 2000)
// messages of the same gzip file.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "corpus.hpp"
#include "patchloom/mail/mbox.hpp"
#include "patchloom/mail/message.hpp"

namespace {

std::size_t message_limit() {
  const char* n = std::getenv("PATCHLOOM_BENCH_MESSAGES");
  return n ? std::strtoul(n, nullptr, 10) : 2000;
}

using patchloom::bench::corpus_file;
using patchloom::bench::corpus_messages;

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
