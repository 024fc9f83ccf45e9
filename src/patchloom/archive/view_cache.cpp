#include "view_cache.hpp"

namespace patchloom::archive {

namespace {

std::size_t size_of(const MailView& v) {
  return sizeof(MailView) + v.from.size() + v.to.size() + v.cc.size() + v.subject.size() + v.date.size() +
         v.body_html.size() + v.body_text.size();
}

}  // namespace

std::shared_ptr<const MailView> ViewCache::get(long long id, const std::string& msgid) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.msgid != msgid) return nullptr;
  order_.splice(order_.begin(), order_, it->second.position);
  return it->second.view;
}

void ViewCache::put(long long id, const std::string& msgid, std::shared_ptr<const MailView> view) {
  const std::size_t bytes = size_of(*view);
  if (bytes > max_bytes_) return;
  std::lock_guard lock(mutex_);
  if (auto old = entries_.find(id); old != entries_.end()) {
    bytes_ -= old->second.bytes;
    order_.erase(old->second.position);
    entries_.erase(old);
  }
  order_.push_front(id);
  entries_.emplace(id, Entry{msgid, std::move(view), bytes, order_.begin()});
  bytes_ += bytes;
  while (bytes_ > max_bytes_ && !order_.empty()) {
    auto victim = entries_.find(order_.back());
    bytes_ -= victim->second.bytes;
    entries_.erase(victim);
    order_.pop_back();
  }
}

}  // namespace patchloom::archive
