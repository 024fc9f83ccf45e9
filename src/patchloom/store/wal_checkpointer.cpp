#include "patchloom/store/wal_checkpointer.hpp"

#include <exception>

#include "patchloom/store/database.hpp"

namespace patchloom::store {

WalCheckpointer::WalCheckpointer(Database& writer, const std::string& url) : writer_(writer) {
  OpenOptions options;
  options.synchronous = Synchronous::normal;
  own_ = std::make_unique<Database>(Database::open(url, options));
  writer_.exec("PRAGMA wal_autocheckpoint = 0");
  thread_ = std::thread([this] { run(); });
}

WalCheckpointer::~WalCheckpointer() {
  try {
    {
      std::lock_guard lock(mutex_);
      ++requested_;
    }
    changed_.notify_all();
    wait_idle();
  } catch (const std::exception&) {
    // The writer's own checkpoint on close copies whatever is left.
  }
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
  try {
    writer_.exec("PRAGMA wal_autocheckpoint = 1000");  // SQLite's default
  } catch (const std::exception&) {
    // Only this connection's setting, and it is about to be closed.
  }
}

void WalCheckpointer::committed() {
  {
    std::lock_guard lock(mutex_);
    ++requested_;
  }
  changed_.notify_all();
  if (++commits_ % kWaitEvery == 0) wait_idle();
}

void WalCheckpointer::wait_idle() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return done_ >= requested_ || stopping_; });
}

void WalCheckpointer::run() {
  std::unique_lock lock(mutex_);
  while (true) {
    changed_.wait(lock, [&] { return stopping_ || done_ < requested_; });
    if (stopping_) return;
    const long long target = requested_;
    lock.unlock();
    try {
      // PASSIVE: copies what no reader still needs, never blocks the writer.
      own_->query("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (const std::exception&) {
      // Busy or failed: the next request (or SQLite on close) tries again.
    }
    lock.lock();
    done_ = target;
    changed_.notify_all();
  }
}

}  // namespace patchloom::store
