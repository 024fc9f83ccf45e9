#pragma once
// Bulk imports into SQLite: the copy of committed pages from the WAL into
// the database file (a checkpoint) moves to a thread and connection of its
// own, so the importing thread only appends to the WAL. With SQLite's
// automatic checkpoints the writer did that copy itself after every commit,
// a read and a write system call per page: a quarter of its time.
//
// The WAL can only start over when a transaction begins with every frame
// copied, so every few commits the writer waits for the copy to catch up;
// that bounds the WAL at a few groups' worth of pages instead of the whole
// import. A reader holding an old snapshot (a live server) only delays this,
// as it does SQLite's own checkpoints.

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace patchloom::store {

class Database;

class WalCheckpointer {
 public:
  // Turns off `writer`'s automatic checkpoints and opens a second connection
  // to `url`, the same SQLite file.
  WalCheckpointer(Database& writer, const std::string& url);
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;
  // Copies what is left, then gives the writer its automatic checkpoints back.
  ~WalCheckpointer();

  // Call after each commit (outside any transaction): starts a copy and
  // returns, except on every `kWaitEvery`-th call, when it waits for the
  // copy to finish so that the next transaction starts the WAL over.
  void committed();

  // Commits between two waits (committed() calls).
  static constexpr int kWaitEvery = 8;

 private:
  void run();
  void wait_idle();

  Database& writer_;
  std::unique_ptr<Database> own_;
  std::mutex mutex_;
  std::condition_variable changed_;
  long long requested_ = 0;  // checkpoint requests so far
  long long done_ = 0;       // requests covered by a finished checkpoint
  bool stopping_ = false;
  int commits_ = 0;
  std::thread thread_;
};

}  // namespace patchloom::store
