#pragma once
// Internal to the archive module: rendered views of stored mails, shared by
// the worker threads. A stored mail never changes, so a view stays valid;
// the msgid is checked on every hit in case a deleted row's id was reused.
// Bounded by total size, least recently used first out.

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "render.hpp"

namespace patchloom::archive {

class ViewCache {
 public:
  explicit ViewCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  std::shared_ptr<const MailView> get(long long id, const std::string& msgid);
  void put(long long id, const std::string& msgid, std::shared_ptr<const MailView> view);

 private:
  struct Entry {
    std::string msgid;
    std::shared_ptr<const MailView> view;
    std::size_t bytes = 0;
    std::list<long long>::iterator position;
  };

  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::mutex mutex_;
  std::list<long long> order_;  // most recently used first
  std::unordered_map<long long, Entry> entries_;
};

}  // namespace patchloom::archive
