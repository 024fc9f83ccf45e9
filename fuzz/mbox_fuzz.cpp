// MboxReader::from_string over arbitrary bytes in both quoting modes, and
// the mboxrd writer read back by the mboxrd reader.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.hpp"
#include "patchloom/mail/mbox.hpp"

namespace {

using namespace patchloom;

std::vector<mail::MboxMessage> read_all(const std::string& data, mail::MboxQuoting quoting) {
  mail::MboxReader reader = mail::MboxReader::from_string(data, quoting);
  std::vector<mail::MboxMessage> messages;
  while (auto message = reader.next()) messages.push_back(std::move(*message));
  PATCHLOOM_FUZZ_CHECK(reader.error().empty());
  PATCHLOOM_FUZZ_CHECK(reader.input_position() == data.size());
  return messages;
}

// Where each message starts, what its separator line is, and the order.
void check_separators(const std::vector<mail::MboxMessage>& messages, std::string_view data) {
  std::optional<std::uint64_t> previous;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    PATCHLOOM_FUZZ_CHECK(m.index == i);
    PATCHLOOM_FUZZ_CHECK(m.offset < data.size());
    PATCHLOOM_FUZZ_CHECK(!previous || m.offset > *previous);
    previous = m.offset;
    PATCHLOOM_FUZZ_CHECK(m.offset == 0 || data[m.offset - 1] == '\n');
    PATCHLOOM_FUZZ_CHECK(data.substr(m.offset, m.from_line.size()) == m.from_line);
    PATCHLOOM_FUZZ_CHECK(m.from_line.starts_with("From "));
    PATCHLOOM_FUZZ_CHECK(m.from_line.find('\n') == std::string::npos);
    PATCHLOOM_FUZZ_CHECK(m.raw.size() <= data.size() - m.offset);
  }
}

// python_compat changes no byte: each message is the text after its
// separator line (minus at most the one empty line before the next).
void check_python_compat(const std::vector<mail::MboxMessage>& messages, std::string_view data) {
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    const std::size_t body = m.offset + m.from_line.size() + 1;
    if (body > data.size()) {
      PATCHLOOM_FUZZ_CHECK(m.raw.empty());
      continue;
    }
    const std::size_t end = i + 1 < messages.size() ? messages[i + 1].offset : data.size();
    const std::string_view between = data.substr(body, end - body);
    PATCHLOOM_FUZZ_CHECK(between.starts_with(m.raw));
    PATCHLOOM_FUZZ_CHECK(between.size() - m.raw.size() <= 1);
    if (between.size() != m.raw.size()) PATCHLOOM_FUZZ_CHECK(between.ends_with("\n\n") || between == "\n");
  }
}

// mboxrd_entry then the mboxrd reader gives the message back, with a final
// '\n' when it had none.
void check_round_trip(const std::string& raw) {
  const std::string entry = mail::mboxrd_entry(raw);
  PATCHLOOM_FUZZ_CHECK(entry.starts_with(mail::kMboxrdSeparator) && entry.ends_with('\n'));
  const auto back = read_all(entry, mail::MboxQuoting::mboxrd);
  PATCHLOOM_FUZZ_CHECK(back.size() == 1);
  std::string expected = raw;
  if (!expected.empty() && !expected.ends_with('\n')) expected += '\n';
  PATCHLOOM_FUZZ_CHECK(back.front().raw == expected);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const auto compat = read_all(bytes, mail::MboxQuoting::python_compat);
  check_separators(compat, bytes);
  check_python_compat(compat, bytes);

  const auto rd = read_all(bytes, mail::MboxQuoting::mboxrd);
  check_separators(rd, bytes);
  PATCHLOOM_FUZZ_CHECK(rd.size() == compat.size());
  for (std::size_t i = 0; i < rd.size(); ++i) PATCHLOOM_FUZZ_CHECK(rd[i].raw.size() <= compat[i].raw.size());

  for (const auto& message : compat) check_round_trip(message.raw);
  // The whole input as one message too, "From " lines and all.
  check_round_trip(bytes);
  return 0;
}
