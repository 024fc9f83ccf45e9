// The whole parser as `patchloom parse` and the importer run it
// (Message::parse + parse_submission: headers, stored headers, subject,
// content/diff split, hash, author, date) over the 20k linuxppc-dev corpus:
// the figure of issue 2 (target: 5,000 messages/s on one core). Times are CPU
// time of the one benchmark thread, so a loaded machine changes them little.
#include <benchmark/benchmark.h>

#include "corpus.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/parse/submission.hpp"

namespace {

void BM_ParseSubmission(benchmark::State& state) {
  const auto& messages = patchloom::bench::corpus_messages();
  if (messages.empty()) {
    state.SkipWithError("corpus not found (set PATCHLOOM_SHARED)");
    return;
  }
  const patchloom::parse::ProjectContext project{"linuxppc-dev", "linuxppc-dev@lists.ozlabs.org"};
  std::size_t bytes = 0;
  for (const auto& m : messages) bytes += m.size();
  for (auto _ : state) {
    for (const auto& raw : messages) {
      const auto message = patchloom::mail::Message::parse(raw);
      auto submission = patchloom::parse::parse_submission(message, project);
      benchmark::DoNotOptimize(submission.kind);
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * messages.size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["messages"] = static_cast<double>(messages.size());
}
BENCHMARK(BM_ParseSubmission)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
