#pragma once
// The reading and preparing half of `patchloom import`, off the thread that
// writes the database. One thread reads the mail sources, `jobs` threads run
// Ingestor::prepare() (MIME parse, submission parse, compression, tag counts:
// about two thirds of the work per mail), and next() hands the prepared mails
// back in input order, so ids come out exactly as from a sequential import.
// Mails travel in batches (a hand-over between threads costs system calls),
// and bounded queues keep at most a few thousand of them in flight.

#include <atomic>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mail_source.hpp"
#include "patchloom/ingest/ingestor.hpp"
#include "patchloom/util/bounded_queue.hpp"

namespace patchloom::cli {

class ImportPipeline {
 public:
  // `ingestor` must have its caches loaded; it is only prepare()d from here.
  // The sources are read in order, and must outlive the pipeline.
  ImportPipeline(const ingest::Ingestor& ingestor, const ingest::IngestOptions& options,
                 std::vector<std::unique_ptr<MailSource>>& sources, unsigned jobs);
  ImportPipeline(const ImportPipeline&) = delete;
  ImportPipeline& operator=(const ImportPipeline&) = delete;
  ~ImportPipeline();

  // The next mail in input order; nullopt once every source is read.
  std::optional<ingest::PreparedMail> next();
  // Stops reading and preparing early (the caller gives up); waits for the
  // threads.
  void stop();

  // Input consumed so far, in the sources' size_hint() unit.
  std::uint64_t bytes_read() const { return bytes_read_.load(std::memory_order_relaxed); }
  // The read error of each source (empty when it read to the end), by index;
  // complete once next() returned nullopt.
  const std::vector<std::string>& read_errors() const { return read_errors_; }

  // Preparing threads for a machine: one core is left to the writer.
  static unsigned default_jobs();

 private:
  using Batch = std::vector<ingest::PreparedMail>;
  struct Job {
    std::vector<std::string> raws;
    std::promise<Batch> result;
  };

  void read_all();
  bool hand_over(std::vector<std::string>& raws);
  void prepare_all();
  void join();

  const ingest::Ingestor& ingestor_;
  const ingest::IngestOptions& options_;
  std::vector<std::unique_ptr<MailSource>>& sources_;
  util::BoundedQueue<Job> jobs_;
  util::BoundedQueue<std::future<Batch>> in_order_;
  Batch current_;             // the batch next() is handing out
  std::size_t next_in_current_ = 0;
  std::atomic<std::uint64_t> bytes_read_{0};
  std::vector<std::string> read_errors_;
  std::thread reader_;
  std::vector<std::thread> workers_;
};

}  // namespace patchloom::cli
