#include "patchloom/mail/maildir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "shared_data.hpp"

namespace patchloom::mail {
namespace {

class MaildirTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = testing::make_temp_dir("maildir_test"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& relative, const std::string& content) {
    std::ofstream(dir_ / relative, std::ios::binary) << content;
  }
  std::filesystem::path dir_;
};

TEST_F(MaildirTest, ReadsCurAndNewInFileNameOrder) {
  std::filesystem::create_directories(dir_ / "cur");
  std::filesystem::create_directories(dir_ / "new");
  std::filesystem::create_directories(dir_ / "tmp");
  std::filesystem::create_directories(dir_ / "cur" / "subdir");
  write("new/1700000003.M1.host", "X: 3\n\nthree\n");
  write("cur/1700000001.M1.host:2,S", "X: 1\r\n\r\none\r\n");
  write("new/1700000002.M1.host", "X: 2\n\ntwo\n");
  write("cur/.hidden", "X: hidden\n\n");
  write("tmp/1700000000.M1.host", "X: in delivery\n\n");
  auto reader = MaildirReader::open(dir_);
  ASSERT_TRUE(reader) << reader.error();
  EXPECT_EQ(reader->size(), 3U);
  std::vector<std::string> raws;
  std::vector<std::size_t> indexes;
  while (auto m = reader->next()) {
    raws.push_back(m->raw);
    indexes.push_back(m->index);
  }
  EXPECT_EQ(raws, (std::vector<std::string>{"X: 1\r\n\r\none\r\n", "X: 2\n\ntwo\n", "X: 3\n\nthree\n"}));
  EXPECT_EQ(indexes, (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(reader->error(), "");
}

TEST_F(MaildirTest, DirectoryWithoutCurOrNewIsRejected) {
  auto reader = MaildirReader::open(dir_);
  EXPECT_FALSE(reader);
}

}  // namespace
}  // namespace patchloom::mail
