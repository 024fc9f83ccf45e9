#include "rejects.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "patchloom/mail/mbox.hpp"

namespace patchloom::cli {
namespace {

// The reason must stay one header line whatever an exception message holds.
std::string one_line(std::string_view text) {
  constexpr std::size_t kMaxReason = 900;
  std::string out;
  for (char c : text.substr(0, kMaxReason)) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string format_reject(std::string_view raw_mail, std::string_view reason) {
  const std::size_t first_lf = raw_mail.find('\n');
  const bool crlf = first_lf != std::string_view::npos && first_lf > 0 && raw_mail[first_lf - 1] == '\r';
  std::string tagged = "X-Patchloom-Reject-Reason: " + one_line(reason) + (crlf ? "\r\n" : "\n");
  tagged += raw_mail;
  return mail::mboxrd_entry(tagged);
}

void RejectsFile::append(std::string_view raw_mail, std::string_view reason) {
  if (!enabled()) return;
  const std::string entry = format_reject(raw_mail, reason);
  int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot open rejects file " + path_ + ": " + std::strerror(errno));
  ::flock(fd, LOCK_EX);
  try {
    write_all(fd, entry, path_);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::fsync(fd);
  ::close(fd);
  ++count_;
}

}  // namespace patchloom::cli
