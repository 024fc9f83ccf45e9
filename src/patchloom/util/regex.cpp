#include "patchloom/util/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <new>
#include <stdexcept>

namespace patchloom::util {

struct Regex::Impl {
  pcre2_code* code = nullptr;
  std::uint32_t capture_count = 0;
  ~Impl() { pcre2_code_free(code); }
};

namespace {

std::uint32_t compile_options(unsigned flags) {
  // PCRE2_MATCH_INVALID_UTF lets subjects hold broken UTF-8 without the
  // matcher refusing them; the mail layer should never pass such text, but a
  // regex must not be the place that fails.
  std::uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF;
  if (!(flags & Regex::kAsciiOnly)) options |= PCRE2_UCP;
  if (flags & Regex::kIgnoreCase) options |= PCRE2_CASELESS;
  if (flags & Regex::kMultiline) options |= PCRE2_MULTILINE;
  if (flags & Regex::kDotAll) options |= PCRE2_DOTALL;
  return options;
}

pcre2_code* compile(std::string_view pattern, unsigned flags, std::string* error) {
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                   compile_options(flags), &error_code, &error_offset, nullptr);
  if (code == nullptr && error != nullptr) {
    PCRE2_UCHAR buffer[256];
    pcre2_get_error_message(error_code, buffer, sizeof buffer);
    *error = std::string(reinterpret_cast<const char*>(buffer)) + " at offset " + std::to_string(error_offset);
  }
  return code;
}

// One match block per thread, grown to the largest pattern seen: creating
// and freeing one per match was a measurable share of parsing a mail. A
// match never calls back into Regex, so the block is free again on return.
pcre2_match_data* thread_match_data(std::uint32_t pairs) {
  struct Holder {
    pcre2_match_data* data = nullptr;
    std::uint32_t pairs = 0;
    ~Holder() { pcre2_match_data_free(data); }
  };
  thread_local Holder holder;
  if (holder.pairs < pairs) {
    pcre2_match_data_free(holder.data);
    holder.pairs = 0;
    const std::uint32_t wanted = std::max<std::uint32_t>(pairs, 16);
    holder.data = pcre2_match_data_create(wanted, nullptr);
    if (holder.data == nullptr) throw std::bad_alloc();
    holder.pairs = wanted;
  }
  return holder.data;
}

}  // namespace

Regex::Regex(std::string_view pattern, unsigned flags) : impl_(std::make_unique<Impl>()) {
  std::string error;
  impl_->code = compile(pattern, flags, &error);
  if (impl_->code == nullptr) {
    throw std::invalid_argument("bad regex '" + std::string(pattern) + "': " + error);
  }
  pcre2_jit_compile(impl_->code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter on failure
  pcre2_pattern_info(impl_->code, PCRE2_INFO_CAPTURECOUNT, &impl_->capture_count);
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

std::string Regex::validate(std::string_view pattern, unsigned flags) {
  std::string error;
  pcre2_code* code = compile(pattern, flags, &error);
  pcre2_code_free(code);
  return code == nullptr ? error : std::string{};
}

std::optional<RegexMatch> Regex::run(std::string_view subject, std::size_t pos, unsigned options) const {
  if (pos > subject.size()) return std::nullopt;
  pcre2_match_data* data = thread_match_data(impl_->capture_count + 1);
  const int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), pos,
                             options, data, nullptr);
  if (rc < 0) return std::nullopt;
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
  RegexMatch m;
  const std::size_t groups = impl_->capture_count + 1;
  m.groups.resize(groups);
  m.starts.resize(groups, std::string_view::npos);
  for (std::size_t g = 0; g < groups; ++g) {
    const PCRE2_SIZE start = ovector[2 * g];
    const PCRE2_SIZE end = ovector[2 * g + 1];
    if (g < static_cast<std::size_t>(rc) && start != PCRE2_UNSET) {
      m.groups[g] = subject.substr(start, end - start);
      m.starts[g] = start;
    }
  }
  return m;
}

std::optional<RegexMatch> Regex::match(std::string_view subject, std::size_t pos) const {
  return run(subject, pos, PCRE2_ANCHORED);
}

std::optional<RegexMatch> Regex::search(std::string_view subject, std::size_t pos) const {
  return run(subject, pos, 0);
}

std::optional<RegexMatch> Regex::fullmatch(std::string_view subject) const {
  return run(subject, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED);
}

std::vector<RegexMatch> Regex::find_all(std::string_view subject) const {
  std::vector<RegexMatch> matches;
  std::size_t pos = 0;
  while (pos <= subject.size()) {
    auto m = search(subject, pos);
    if (!m) break;
    const std::size_t end = m->end();
    pos = end > m->start() ? end : end + 1;
    // Step over a whole UTF-8 sequence after an empty match.
    while (pos < subject.size() && (static_cast<unsigned char>(subject[pos]) & 0xC0) == 0x80) ++pos;
    matches.push_back(std::move(*m));
  }
  return matches;
}

std::size_t Regex::count(std::string_view subject) const { return find_all(subject).size(); }

std::string Regex::replace_all(std::string_view subject, std::string_view replacement) const {
  std::string out;
  std::size_t copied = 0;
  for (const auto& m : find_all(subject)) {
    out.append(subject.substr(copied, m.start() - copied));
    out.append(replacement);
    copied = m.end();
  }
  out.append(subject.substr(copied));
  return out;
}

}  // namespace patchloom::util
