#include "rejects.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>

namespace patchloom::cli {
namespace {

// The reason must stay one header line whatever an exception message holds.
std::string one_line(std::string_view text) {
  constexpr std::size_t kMaxReason = 900;
  std::string out;
  for (char c : text.substr(0, kMaxReason)) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

bool is_quoted_from(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == '>') ++i;
  return line.substr(i).starts_with("From ");
}

std::string from_line() {
  char date[64];
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  std::strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &tm);
  return std::string("From patchloom-reject ") + date + "\n";
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
  std::string out = from_line();
  out += "X-Patchloom-Reject-Reason: " + one_line(reason) + (crlf ? "\r\n" : "\n");
  std::size_t pos = 0;
  while (pos < raw_mail.size()) {
    std::size_t end = raw_mail.find('\n', pos);
    std::size_t next = end == std::string_view::npos ? raw_mail.size() : end + 1;
    std::string_view line = raw_mail.substr(pos, next - pos);
    if (is_quoted_from(line)) out += '>';
    out += line;
    pos = next;
  }
  if (!out.ends_with('\n')) out += '\n';
  out += '\n';  // the blank line that separates mbox entries
  return out;
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
