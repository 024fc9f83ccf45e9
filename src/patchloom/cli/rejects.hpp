#pragma once
// The rejects mbox: every mail that `ingest` or `import` could not store
// (rejected as broken, no project for it, or a failure) is appended here, so
// no mail is ever lost. Each mail gets a first header
// `X-Patchloom-Reject-Reason: <why>` and is written in mboxrd form (lines
// matching `>*From ` get one more `>`), so `patchloom import --mboxrd FILE`
// reads back exactly the bytes that were refused (plus the reason header).
//
// Appends are atomic with respect to other processes (O_APPEND under an
// exclusive flock), so concurrent `patchloom ingest` deliveries can share one
// file.

#include <string>
#include <string_view>

namespace patchloom::cli {

class RejectsFile {
 public:
  // Nothing is opened until the first append; an empty path disables it.
  explicit RejectsFile(std::string path) : path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  bool enabled() const { return !path_.empty(); }
  // How many mails this object appended.
  long long count() const { return count_; }

  // Appends one mail; throws std::runtime_error when the file cannot be written.
  void append(std::string_view raw_mail, std::string_view reason);

 private:
  std::string path_;
  long long count_ = 0;
};

// The mbox entry written for one rejected mail (exposed for tests).
std::string format_reject(std::string_view raw_mail, std::string_view reason);

}  // namespace patchloom::cli
