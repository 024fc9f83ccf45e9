#include "patchloom/store/compression.hpp"

#include <gtest/gtest.h>

#include <zlib.h>

namespace patchloom::store {
namespace {

std::string sample_mail() {
  std::string mail = "From: A <a@example.org>\nSubject: [PATCH] fix\n\n";
  for (int i = 0; i < 2000; ++i) mail += "+ line " + std::to_string(i) + " of the diff\n";
  mail += std::string("\0\xff\xfe binary tail", 15);
  return mail;
}

TEST(CompressionTest, RoundTripsBytesExactly) {
  const std::string mail = sample_mail();
  const std::string packed = compress(mail);
  EXPECT_LT(packed.size(), mail.size() / 4);  // repetitive text compresses well
  auto restored = uncompress(packed);
  ASSERT_TRUE(restored.ok()) << restored.error();
  EXPECT_EQ(*restored, mail);
}

TEST(CompressionTest, EmptyInputRoundTrips) {
  auto restored = uncompress(compress(""));
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(*restored, "");
}

TEST(CompressionTest, OutputIsTheZlibFormat) {
  // Readable by any zlib user (e.g. a SQL export inspected with other tools).
  const std::string mail = sample_mail();
  const std::string packed = compress(mail, 9);
  std::string out(mail.size(), '\0');
  uLongf size = static_cast<uLongf>(out.size());
  ASSERT_EQ(::uncompress(reinterpret_cast<Bytef*>(out.data()), &size,
                         reinterpret_cast<const Bytef*>(packed.data()), static_cast<uLong>(packed.size())),
            Z_OK);
  EXPECT_EQ(out, mail);
}

TEST(CompressionTest, DamagedDataIsAnError) {
  std::string packed = compress(sample_mail());
  packed[packed.size() / 2] = static_cast<char>(packed[packed.size() / 2] ^ 0x55);
  EXPECT_FALSE(uncompress(packed).ok());
  EXPECT_FALSE(uncompress("not zlib at all").ok());
}

TEST(CompressionTest, TruncatedDataIsAnError) {
  std::string packed = compress(sample_mail());
  EXPECT_FALSE(uncompress(packed.substr(0, packed.size() - 10)).ok());
}

TEST(CompressionTest, RefusesToInflatePastTheLimit) {
  const std::string zeros(1 << 20, '\0');
  auto result = uncompress(compress(zeros), 1000);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().find("limit"), std::string::npos);
}

}  // namespace
}  // namespace patchloom::store
