#include "import_pipeline.hpp"

#include <exception>

namespace patchloom::cli {
namespace {

// A batch ends at this many mails or bytes, whichever comes first.
constexpr std::size_t kBatchMails = 32;
constexpr std::size_t kBatchBytes = 1 << 20;
// Batches in flight between the stages: enough to keep every worker busy,
// small enough to stay some tens of megabytes.
constexpr std::size_t kInFlight = 16;

}  // namespace

ImportPipeline::ImportPipeline(const ingest::Ingestor& ingestor, const ingest::IngestOptions& options,
                               std::vector<std::unique_ptr<MailSource>>& sources, unsigned jobs)
    : ingestor_(ingestor),
      options_(options),
      sources_(sources),
      jobs_(kInFlight),
      in_order_(kInFlight),
      read_errors_(sources.size()) {
  if (jobs < 1) jobs = 1;
  for (unsigned i = 0; i < jobs; ++i) workers_.emplace_back([this] { prepare_all(); });
  reader_ = std::thread([this] { read_all(); });
}

ImportPipeline::~ImportPipeline() { stop(); }

unsigned ImportPipeline::default_jobs() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores > 1 ? cores - 1 : 1;
}

// Each batch gets its place in the output order (a future) before it is
// handed to whichever worker is free.
void ImportPipeline::read_all() {
  std::uint64_t before = 0;
  std::vector<std::string> raws;
  std::size_t batch_bytes = 0;
  bool open = true;
  for (std::size_t i = 0; i < sources_.size() && open; ++i) {
    MailSource& source = *sources_[i];
    try {
      std::string raw;
      while (open && source.next(raw)) {
        batch_bytes += raw.size();
        raws.push_back(std::move(raw));
        if (raws.size() >= kBatchMails || batch_bytes >= kBatchBytes) {
          open = hand_over(raws);
          batch_bytes = 0;
        }
        bytes_read_.store(before + source.progress(), std::memory_order_relaxed);
      }
      read_errors_[i] = source.error();
    } catch (const std::exception& e) {
      read_errors_[i] = e.what();
    }
    before += source.progress();
    bytes_read_.store(before, std::memory_order_relaxed);
  }
  if (open && !raws.empty()) hand_over(raws);
  jobs_.close();
  in_order_.close();
}

// Queues `raws` (left empty) as one job; false once the pipeline is stopped.
bool ImportPipeline::hand_over(std::vector<std::string>& raws) {
  Job job{std::move(raws), {}};
  raws.clear();
  if (!in_order_.push(job.result.get_future())) return false;
  return jobs_.push(std::move(job));
}

void ImportPipeline::prepare_all() {
  while (auto job = jobs_.pop()) {
    try {
      Batch batch;
      batch.reserve(job->raws.size());
      for (auto& raw : job->raws) batch.push_back(ingestor_.prepare(std::move(raw), options_));
      job->result.set_value(std::move(batch));
    } catch (...) {
      // prepare() keeps its own failures in the mail; this is memory
      // exhaustion or worse, reported by next().
      job->result.set_exception(std::current_exception());
    }
  }
}

std::optional<ingest::PreparedMail> ImportPipeline::next() {
  while (next_in_current_ >= current_.size()) {
    auto pending = in_order_.pop();
    if (!pending) {
      join();
      return std::nullopt;
    }
    // Emptied first: if get() throws, the moved-from mails of the last
    // batch must not be handed out again.
    current_.clear();
    next_in_current_ = 0;
    current_ = pending->get();
  }
  return std::move(current_[next_in_current_++]);
}

void ImportPipeline::stop() {
  in_order_.cancel();
  jobs_.cancel();
  join();
}

void ImportPipeline::join() {
  if (reader_.joinable()) reader_.join();
  for (auto& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
}

}  // namespace patchloom::cli
