// Splitting expectations are what CPython 3.11 mailbox.mbox gives for the
// same bytes (spec/parser.md §1.2); the
// mboxrd format is public-inbox's, as ../shared/corpus/README.md describes.
#include "patchloom/mail/mbox.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shared_data.hpp"

namespace patchloom::mail {
namespace {

std::vector<std::string> read_all(MboxReader reader) {
  std::vector<std::string> out;
  while (auto m = reader.next()) out.push_back(m->raw);
  EXPECT_EQ(reader.error(), "");
  return out;
}

using Strings = std::vector<std::string>;

TEST(MboxReader, SplitsAtFromLinesAndDropsTheEmptyLineBefore) {
  const std::string box =
      "ignored preamble\n"
      "From a Mon Jan  1 00:00:00 2001\nSubject: one\n\nbody one\n\n"
      "From b Mon Jan  1 00:00:00 2001\nSubject: two\n\nbody two\n"  // no empty line: nothing dropped
      "From c Mon Jan  1 00:00:00 2001\nSubject: three\n\nlast\n\n";
  EXPECT_EQ(read_all(MboxReader::from_string(box)),
            (Strings{"Subject: one\n\nbody one\n", "Subject: two\n\nbody two\n", "Subject: three\n\nlast\n"}));
}

TEST(MboxReader, OnlyOneEmptyLineIsDropped) {
  EXPECT_EQ(read_all(MboxReader::from_string("From a\nX: y\n\nbody\n\n\nFrom b\nX: z\n\n")),
            (Strings{"X: y\n\nbody\n\n", "X: z\n"}));
}

TEST(MboxReader, UnescapedFromInBodyStartsAMessage) {
  EXPECT_EQ(read_all(MboxReader::from_string("From a\nX: y\n\nFrom here on\n")), (Strings{"X: y\n", ""}));
}

TEST(MboxReader, CrlfLinesAreNotEmpty) {
  // mailbox.mbox compares lines with b"\n": a "\r\n" line stays in the message.
  EXPECT_EQ(read_all(MboxReader::from_string("From a\r\nX: y\r\n\r\nbody\r\n\r\nFrom b\r\nX: z\r\n")),
            (Strings{"X: y\r\n\r\nbody\r\n\r\n", "X: z\r\n"}));
}

TEST(MboxReader, LastLineWithoutNewline) {
  EXPECT_EQ(read_all(MboxReader::from_string("From a\nX: y\n\nend")), (Strings{"X: y\n\nend"}));
  EXPECT_EQ(read_all(MboxReader::from_string("")), Strings{});
  EXPECT_EQ(read_all(MboxReader::from_string("no separator at all\n")), Strings{});
}

TEST(MboxReader, QuotingModes) {
  const std::string box = "From a\nX: y\n\n>From me\n>>From you\n> From nobody\n>Fromage\n";
  EXPECT_EQ(read_all(MboxReader::from_string(box)),
            (Strings{"X: y\n\n>From me\n>>From you\n> From nobody\n>Fromage\n"}));
  EXPECT_EQ(read_all(MboxReader::from_string(box, MboxQuoting::mboxrd)),
            (Strings{"X: y\n\nFrom me\n>From you\n> From nobody\n>Fromage\n"}));
}

TEST(MboxReader, ReportsIndexOffsetAndFromLine) {
  MboxReader reader = MboxReader::from_string("From a 1\nX: y\n\nFrom b 2\nX: z\n");
  auto first = reader.next();
  auto second = reader.next();
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(reader.next());
  EXPECT_EQ(first->index, 0U);
  EXPECT_EQ(first->offset, 0U);
  EXPECT_EQ(first->from_line, "From a 1");
  EXPECT_EQ(second->index, 1U);
  EXPECT_EQ(second->offset, 15U);
  EXPECT_EQ(second->from_line, "From b 2");
}

TEST(MboxrdWriter, QuotesAndTerminates) {
  EXPECT_EQ(mboxrd_entry("X: y\n\nFrom me\n>From you\nFromage\nend"),
            std::string(kMboxrdSeparator) + "X: y\n\n>From me\n>>From you\nFromage\nend\n\n");
  EXPECT_EQ(mboxrd_entry("X: y\n\nbody\n"), std::string(kMboxrdSeparator) + "X: y\n\nbody\n\n");
}

TEST(MboxrdWriter, RoundTripsThroughTheMboxrdReader) {
  const std::vector<std::string> mails = {"X: 1\n\nFrom me\n>From you\n", "X: 2\r\n\r\n>>>From deep\r\n",
                                          "X: 3\n\n\n\n"};
  std::ostringstream out;
  for (const auto& m : mails) write_mboxrd(out, m);
  EXPECT_EQ(read_all(MboxReader::from_string(out.str(), MboxQuoting::mboxrd)), mails);
}

class MboxFileTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::make_temp_dir("mbox_test"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(MboxFileTest, ReadsPlainAndGzipFiles) {
  const std::string box = mboxrd_entry("X: 1\n\none\n") + mboxrd_entry("X: 2\n\nFrom two\n");
  const auto plain = dir_ / "box.mbox";
  std::ofstream(plain, std::ios::binary) << box;
  const auto gz_path = dir_ / "box.mbox.gz";
  gzFile gz = gzopen(gz_path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  gzwrite(gz, box.data(), static_cast<unsigned>(box.size()));
  gzclose(gz);
  for (const auto& path : {plain, gz_path}) {
    auto reader = MboxReader::open(path, MboxQuoting::mboxrd);
    ASSERT_TRUE(reader) << reader.error();
    EXPECT_EQ(read_all(std::move(*reader)), (Strings{"X: 1\n\none\n", "X: 2\n\nFrom two\n"})) << path;
  }
}

TEST_F(MboxFileTest, TruncatedGzipIsAnError) {
  std::string box;
  for (int i = 0; i < 2000; ++i) box += mboxrd_entry("X: " + std::to_string(i) + "\n\nbody\n");
  const auto gz_path = dir_ / "box.mbox.gz";
  gzFile gz = gzopen(gz_path.c_str(), "wb");
  gzwrite(gz, box.data(), static_cast<unsigned>(box.size()));
  gzclose(gz);
  std::filesystem::resize_file(gz_path, std::filesystem::file_size(gz_path) / 2);
  auto reader = MboxReader::open(gz_path);
  ASSERT_TRUE(reader);
  std::size_t count = 0;
  while (reader->next()) ++count;
  EXPECT_LT(count, 2000U);
  EXPECT_NE(reader->error(), "");
}

TEST_F(MboxFileTest, MissingFileIsAnError) {
  auto reader = MboxReader::open(dir_ / "absent.mbox");
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().find("absent.mbox"), std::string::npos);
}

}  // namespace
}  // namespace patchloom::mail
