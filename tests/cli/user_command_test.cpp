// `patchloom user|token|project maintainer`: accounts, credentials and
// maintainers as the API's permission checks see them; secrets never stored
// in clear.
#include <gtest/gtest.h>

#include "cli_fixture.hpp"
#include "patchloom/api/auth.hpp"

namespace patchloom::testing {
namespace {

class UserCommandTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    add_test_project();
    ASSERT_EQ(patchloom({"user", "add", "--username", "maint", "--email", "m@example.com", "--password-stdin",
                         "--staff"},
                        "first\n")
                  .exit_code,
              0);
    ASSERT_EQ(patchloom({"user", "add", "--username", "bob", "--email", "b@example.com"}).exit_code, 0);
  }
  std::string password_hash(const std::string& user) {
    auto db = store::Database::open(db_path_);
    return db.query_value<std::string>("SELECT password_hash FROM users WHERE username = :u", {user}).value_or("?");
  }
};

TEST_F(UserCommandTest, ListShowsFlagsAndMaintainedProjects) {
  ASSERT_EQ(patchloom({"project", "maintainer", "add", "cli-test", "--user", "maint"}).exit_code, 0);
  ASSERT_EQ(patchloom({"token", "create", "--user", "maint"}).exit_code, 0);
  auto r = patchloom({"user", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "1\tmaint\tm@example.com\tstaff,password,token\tcli-test\n2\tbob\tb@example.com\t-\t-\n");
  auto maintainers = patchloom({"project", "maintainer", "list", "cli-test"});
  EXPECT_EQ(maintainers.out, "1\tmaint\tm@example.com\n");
  // Adding twice is harmless; removing someone who is not a maintainer is an error.
  EXPECT_EQ(patchloom({"project", "maintainer", "add", "cli-test", "--user", "maint"}).exit_code, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM project_maintainer"), 1);
  auto not_one = patchloom({"project", "maintainer", "remove", "cli-test", "--user", "bob"});
  EXPECT_EQ(not_one.exit_code, 1);
  EXPECT_NE(not_one.err.find("'bob' does not maintain 'cli-test'"), std::string::npos) << not_one.err;
  EXPECT_EQ(patchloom({"project", "maintainer", "remove", "cli-test", "--user", "maint"}).exit_code, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM project_maintainer"), 0);
  EXPECT_EQ(patchloom({"project", "maintainer", "add", "nope", "--user", "maint"}).exit_code, 1);
  EXPECT_EQ(patchloom({"project", "maintainer", "add", "cli-test", "--user", "nobody"}).exit_code, 1);
}

TEST_F(UserCommandTest, PasswdStoresOnlyAnArgon2idHash) {
  const std::string before = password_hash("maint");
  EXPECT_EQ(before.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(api::verify_password(before, "first"));
  ASSERT_EQ(patchloom({"user", "passwd", "--username", "maint"}, "second\r\n").exit_code, 0);
  const std::string after = password_hash("maint");
  EXPECT_EQ(after.find("second"), std::string::npos);
  EXPECT_TRUE(api::verify_password(after, "second"));
  EXPECT_FALSE(api::verify_password(after, "first"));
  // An empty line turns password login off.
  ASSERT_EQ(patchloom({"user", "passwd", "--username", "maint"}, "\n").exit_code, 0);
  EXPECT_EQ(password_hash("maint"), "");
  EXPECT_EQ(patchloom({"user", "passwd", "--username", "nobody"}, "x\n").exit_code, 1);
}

TEST_F(UserCommandTest, TokenRevokeAndUserRemove) {
  auto created = patchloom({"token", "create", "--user", "bob"});
  ASSERT_EQ(created.exit_code, 0);
  const std::string token = created.out.substr(0, 40);
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_token WHERE key_hash = :t", {token}), 0);  // only its hash
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_token WHERE key_hash = :h", {api::token_hash(token)}), 1);
  auto revoked = patchloom({"token", "revoke", "--user", "bob"});
  EXPECT_EQ(revoked.exit_code, 0);
  EXPECT_NE(revoked.err.find("revoked the token of 'bob'"), std::string::npos) << revoked.err;
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_token"), 0);
  EXPECT_NE(patchloom({"token", "revoke", "--user", "bob"}).err.find("no token to revoke"), std::string::npos);
  EXPECT_EQ(patchloom({"token", "revoke", "--user", "nobody"}).exit_code, 1);

  ASSERT_EQ(patchloom({"token", "create", "--user", "bob"}).exit_code, 0);
  ASSERT_EQ(patchloom({"project", "maintainer", "add", "cli-test", "--user", "bob"}).exit_code, 0);
  ASSERT_EQ(patchloom({"user", "remove", "--username", "bob"}).exit_code, 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM users WHERE username = 'bob'"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM api_token"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM project_maintainer"), 0);
  EXPECT_EQ(patchloom({"user", "remove", "--username", "bob"}).exit_code, 1);
}

}  // namespace
}  // namespace patchloom::testing
