#pragma once
// A unit of writes that is all or nothing whether or not the caller already
// has a transaction open: its own Transaction, else a Savepoint inside the
// caller's (a bulk update runs many single updates in one transaction and
// keeps only those that succeed, or none). Rolled back unless committed.

#include <optional>

#include "patchloom/store/database.hpp"

namespace patchloom::store {

class WriteScope {
 public:
  explicit WriteScope(Database& db) {
    if (db.in_transaction())
      savepoint_.emplace(db);
    else
      transaction_.emplace(db);
  }
  void commit() {
    if (savepoint_) savepoint_->release();
    if (transaction_) transaction_->commit();
  }

 private:
  std::optional<Transaction> transaction_;
  std::optional<Savepoint> savepoint_;
};

}  // namespace patchloom::store
