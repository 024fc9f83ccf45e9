#pragma once
// Mails written by the CLI tests themselves: patches, cover letters and
// threaded series shaped like `git send-email` output, and mbox files of them.

#include <cstdio>
#include <string>
#include <vector>

namespace patchloom::testing {

struct GeneratedMail {
  std::string msgid;  // with angle brackets
  std::string raw;
};

inline constexpr const char* kTestListId = "cli-test.lists.example.com";

// A unified diff unique to `n`, so every generated patch has its own hash.
inline std::string generated_diff(int n) {
  const std::string file = "src/file" + std::to_string(n) + ".c";
  return "---\n " + file + " | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n\n"
         "diff --git a/" + file + " b/" + file + "\n"
         "index 1111111..2222222 100644\n"
         "--- a/" + file + "\n"
         "+++ b/" + file + "\n"
         "@@ -1,3 +1,3 @@\n"
         " int a;\n"
         "-int b = " + std::to_string(n) + ";\n"
         "+int b = " + std::to_string(n + 1) + ";\n"
         " int c;\n"
         "-- \n2.39.2\n";
}

inline std::string mail_date(int second) {
  const int minute = second / 60 % 60;
  const int hour = 9 + second / 3600;
  char buf[64];
  std::snprintf(buf, sizeof buf, "Mon, 01 Jan 2024 %02d:%02d:%02d +0000", hour, minute, second % 60);
  return buf;
}

// One mail. `in_reply_to` (a msgid with brackets) also becomes References.
inline GeneratedMail make_mail(const std::string& msgid, const std::string& subject, const std::string& body,
                               int second, const std::string& in_reply_to = "",
                               const std::string& list_id = kTestListId) {
  std::string raw = "From: Alice Example <alice@example.com>\n"
                    "To: list <" + list_id + ">\n"
                    "Subject: " + subject + "\n"
                    "Date: " + mail_date(second) + "\n"
                    "Message-Id: " + msgid + "\n";
  if (!in_reply_to.empty()) raw += "In-Reply-To: " + in_reply_to + "\nReferences: " + in_reply_to + "\n";
  raw += "List-Id: Test list <" + list_id + ">\n"
         "MIME-Version: 1.0\n"
         "Content-Type: text/plain; charset=UTF-8\n"
         "Content-Transfer-Encoding: 8bit\n"
         "\n" + body;
  return {msgid, raw};
}

// A standalone patch numbered `n`.
inline GeneratedMail make_patch(int n, const std::string& list_id = kTestListId) {
  const std::string msgid = "<patch-" + std::to_string(n) + "@example.com>";
  return make_mail(msgid, "[PATCH] widget: change number " + std::to_string(n),
                   "Change widget number " + std::to_string(n) + ".\n\nSigned-off-by: Alice Example <alice@example.com>\n" +
                       generated_diff(n),
                   n % 3600, "", list_id);
}

// A cover letter followed by `count` patches threaded to it, in order.
inline std::vector<GeneratedMail> make_series(const std::string& tag, int count) {
  std::vector<GeneratedMail> mails;
  const std::string total = std::to_string(count);
  const std::string cover_id = "<" + tag + "-0@example.com>";
  mails.push_back(make_mail(cover_id, "[PATCH 0/" + total + "] " + tag + ": a series",
                            "This series changes " + total + " files.\n", 0));
  for (int i = 1; i <= count; ++i) {
    mails.push_back(make_mail("<" + tag + "-" + std::to_string(i) + "@example.com>",
                              "[PATCH " + std::to_string(i) + "/" + total + "] " + tag + ": change " + std::to_string(i),
                              "Change " + std::to_string(i) + ".\n\nSigned-off-by: Alice Example <alice@example.com>\n" +
                                  generated_diff(1000 + i),
                              i, cover_id));
  }
  return mails;
}

// An mbox (python-compat: bodies here never hold lines starting "From ").
inline std::string to_mbox(const std::vector<GeneratedMail>& mails) {
  std::string out;
  for (const auto& mail : mails) {
    out += "From alice@example.com Mon Jan  1 09:00:00 2024\n" + mail.raw;
    if (!mail.raw.ends_with('\n')) out += '\n';
    out += '\n';
  }
  return out;
}

}  // namespace patchloom::testing
