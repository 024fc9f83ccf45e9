#include "patchloom/parse/tags.hpp"

namespace patchloom::parse {

namespace {
constexpr unsigned kTagFlags = util::Regex::kMultiline | util::Regex::kIgnoreCase;
}  // namespace

TagCounter::TagCounter(std::span<const std::string> patterns) {
  patterns_.reserve(patterns.size());
  for (const auto& pattern : patterns) patterns_.emplace_back(pattern, kTagFlags);
}

TagCounter::TagCounter(std::span<const std::string_view> patterns) {
  patterns_.reserve(patterns.size());
  for (auto pattern : patterns) patterns_.emplace_back(pattern, kTagFlags);
}

std::vector<std::size_t> TagCounter::count(std::string_view text) const {
  std::vector<std::size_t> totals(patterns_.size(), 0);
  add_counts(text, totals);
  return totals;
}

void TagCounter::add_counts(std::string_view text, std::vector<std::size_t>& totals) const {
  totals.resize(patterns_.size(), 0);
  for (std::size_t i = 0; i < patterns_.size(); ++i) totals[i] += patterns_[i].count(text);
}

std::size_t count_tag(std::string_view pattern, std::string_view text) {
  return util::Regex(pattern, kTagFlags).count(text);
}

}  // namespace patchloom::parse
