#include "patchloom/store/connection_pool.hpp"

namespace patchloom::store {

std::unique_ptr<Database> ConnectionPool::acquire() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return db;
    }
  }
  // Connecting happens outside the lock: it may be slow (PostgreSQL).
  return std::make_unique<Database>(Database::open(url_));
}

void ConnectionPool::release(std::unique_ptr<Database> db) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(db));
}

}  // namespace patchloom::store
