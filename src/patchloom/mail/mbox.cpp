#include "patchloom/mail/mbox.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace patchloom::mail {
namespace {

constexpr std::size_t kReadChunk = 1 << 20;
constexpr unsigned kGzBuffer = 1 << 18;

bool is_quoted_from(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == '>') ++i;
  return i > 0 && line.substr(i).starts_with("From ");
}

}  // namespace

struct MboxReader::Impl {
  MboxQuoting quoting = MboxQuoting::python_compat;
  gzFile gz = nullptr;  // null when reading from memory
  std::string buffer;
  std::size_t pos = 0;  // start of the unread part of buffer
  bool at_end = false;
  std::uint64_t consumed = 0;  // stream offset of buffer[pos]
  std::string error;
  std::optional<std::string> pending_from;  // separator already read
  std::uint64_t pending_offset = 0;
  std::size_t next_index = 0;

  ~Impl() {
    if (gz) gzclose(gz);
  }

  // Appends the next chunk of the stream to buffer; false at the end or on
  // a read error.
  bool fill() {
    if (at_end || !gz) {
      at_end = true;
      return false;
    }
    buffer.erase(0, pos);
    pos = 0;
    const std::size_t old = buffer.size();
    buffer.resize(old + kReadChunk);
    const int n = gzread(gz, buffer.data() + old, static_cast<unsigned>(kReadChunk));
    buffer.resize(old + static_cast<std::size_t>(n > 0 ? n : 0));
    if (n <= 0) {
      at_end = true;
      int code = Z_OK;
      const char* message = gzerror(gz, &code);
      if (n < 0 || (code != Z_OK && code != Z_STREAM_END)) {
        error = std::string("mbox read error: ") + (message ? message : "unknown");
      }
      return false;
    }
    return true;
  }

  // The next line including its '\n' (the last line may lack it); the view
  // lives until the next call.
  std::optional<std::string_view> next_line() {
    while (true) {
      const auto nl = buffer.find('\n', pos);
      if (nl != std::string::npos) return take(nl + 1 - pos);
      if (!fill()) break;
    }
    if (!error.empty() || pos >= buffer.size()) return std::nullopt;
    return take(buffer.size() - pos);
  }

  std::string_view take(std::size_t len) {
    std::string_view line(buffer.data() + pos, len);
    pos += len;
    consumed += len;
    return line;
  }

  void append_line(std::string& out, std::string_view line) const {
    if (quoting == MboxQuoting::mboxrd && is_quoted_from(line)) line.remove_prefix(1);
    out += line;
  }

  static std::string without_newline(std::string_view line) {
    if (line.ends_with('\n')) line.remove_suffix(1);
    return std::string(line);
  }

  std::optional<MboxMessage> next() {
    while (!pending_from) {
      const std::uint64_t offset = consumed;
      auto line = next_line();
      if (!line) return std::nullopt;
      if (line->starts_with("From ")) {
        pending_from = without_newline(*line);
        pending_offset = offset;
      }
    }
    MboxMessage message;
    message.from_line = std::move(*pending_from);
    message.offset = pending_offset;
    message.index = next_index++;
    pending_from.reset();
    bool last_was_empty = false;
    while (true) {
      const std::uint64_t offset = consumed;
      auto line = next_line();
      if (!line) break;
      if (line->starts_with("From ")) {
        pending_from = without_newline(*line);
        pending_offset = offset;
        break;
      }
      last_was_empty = *line == "\n";
      append_line(message.raw, *line);
    }
    if (!error.empty()) return std::nullopt;  // a partial message is not a message
    if (last_was_empty) message.raw.pop_back();
    return message;
  }
};

MboxReader::MboxReader(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MboxReader::MboxReader(MboxReader&&) noexcept = default;
MboxReader& MboxReader::operator=(MboxReader&&) noexcept = default;
MboxReader::~MboxReader() = default;

Result<MboxReader> MboxReader::open(const std::filesystem::path& path, MboxQuoting quoting) {
  const bool is_stdin = path == "-";
  const int fd = is_stdin ? dup(STDIN_FILENO) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return make_error("cannot open " + path.string() + ": " + std::strerror(errno));
  }
  // zlib reads files that are not gzip transparently, so one path serves both.
  gzFile gz = gzdopen(fd, "rb");
  if (!gz) {
    ::close(fd);
    return make_error("cannot read " + path.string());
  }
  gzbuffer(gz, kGzBuffer);
  auto impl = std::make_unique<Impl>();
  impl->quoting = quoting;
  impl->gz = gz;
  return MboxReader(std::move(impl));
}

MboxReader MboxReader::from_string(std::string data, MboxQuoting quoting) {
  auto impl = std::make_unique<Impl>();
  impl->quoting = quoting;
  impl->buffer = std::move(data);
  impl->at_end = true;
  return MboxReader(std::move(impl));
}

std::optional<MboxMessage> MboxReader::next() { return impl_->next(); }
const std::string& MboxReader::error() const { return impl_->error; }

std::uint64_t MboxReader::input_position() const {
  if (!impl_->gz) return impl_->consumed;
  const auto offset = gzoffset(impl_->gz);
  return offset < 0 ? 0 : static_cast<std::uint64_t>(offset);
}

std::string mboxrd_entry(std::string_view raw) {
  std::string out(kMboxrdSeparator);
  out.reserve(out.size() + raw.size() + 16);
  std::size_t pos = 0;
  while (pos < raw.size()) {
    const auto nl = raw.find('\n', pos);
    const std::size_t end = nl == std::string_view::npos ? raw.size() : nl + 1;
    const std::string_view line = raw.substr(pos, end - pos);
    if (line.starts_with("From ") || is_quoted_from(line)) out += '>';
    out += line;
    pos = end;
  }
  if (!out.ends_with('\n')) out += '\n';
  out += '\n';
  return out;
}

void write_mboxrd(std::ostream& out, std::string_view raw) {
  const std::string entry = mboxrd_entry(raw);
  out.write(entry.data(), static_cast<std::streamsize>(entry.size()));
}

}  // namespace patchloom::mail
