// Conformance with upstream Patchwork on real list mail: every patch and
// cover upstream created from corpus/linuxppc-dev-sample.mbox (golden API
// answers in conformance/linuxppc-dev-sample/v1.4) must get the same parsed
// fields from parse_submission. Prints per-field mismatch counts and a few
// examples, and the parse throughput.

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "patchloom/mail/mbox.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/parse/submission.hpp"
#include "patchloom/util/text.hpp"
#include "shared_data.hpp"

namespace patchloom::parse {
namespace {

namespace json = boost::json;

const ProjectContext kProject{"linuxppc-dev", "linuxppc-dev@lists.ozlabs.org"};

struct Parsed {
  Submission submission;
  std::size_t index = 0;  // position in the mbox
};

// Every message of the sample, parsed, by msgid (first occurrence wins).
struct Corpus {
  std::unordered_map<std::string, Parsed> by_msgid;
  // email (lower-cased) -> every non-empty author name seen for it.
  std::unordered_map<std::string, std::set<std::string>> names_by_email;
  std::size_t messages = 0;
  double seconds = 0;
  double parse_submission_seconds = 0;  // of which in parse_submission
};

Corpus load_corpus(const std::filesystem::path& mbox) {
  Corpus corpus;
  auto reader = mail::MboxReader::open(mbox, mail::MboxQuoting::python_compat);
  EXPECT_TRUE(reader.ok()) << (reader.ok() ? "" : reader.error());
  if (!reader.ok()) return corpus;
  std::vector<std::string> raws;
  while (auto entry = reader->next()) raws.push_back(std::move(entry->raw));

  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  std::vector<mail::Message> messages;
  messages.reserve(raws.size());
  for (auto& raw : raws) messages.push_back(mail::Message::parse(std::move(raw)));
  const auto mid = Clock::now();
  std::vector<Submission> parsed;
  parsed.reserve(raws.size());
  for (const auto& message : messages) parsed.push_back(parse_submission(message, kProject));
  const auto end = Clock::now();
  corpus.seconds = std::chrono::duration<double>(end - start).count();
  corpus.parse_submission_seconds = std::chrono::duration<double>(end - mid).count();
  corpus.messages = parsed.size();

  for (std::size_t i = 0; i < parsed.size(); ++i) {
    Submission& s = parsed[i];
    if (s.author && s.author->name && !s.author->name->empty()) {
      corpus.names_by_email[util::ascii_lower(s.author->email)].insert(*s.author->name);
    }
    std::string msgid = s.msgid;
    corpus.by_msgid.try_emplace(std::move(msgid), Parsed{std::move(s), i});
  }
  return corpus;
}

std::vector<json::object> read_golden(const std::filesystem::path& path) {
  std::vector<json::object> bodies;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    bodies.push_back(json::parse(line).as_object().at("body").as_object());
  }
  return bodies;
}

std::string golden_string(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) return "<null>";
  if (v->is_string()) return std::string(v->as_string());
  return json::serialize(*v);
}

std::string ours(const std::optional<std::string>& value) { return value ? *value : "<null>"; }

// The API's `headers` object from a stored header block: compat32 header
// lines (continuations start with space or tab), grouped by the first
// spelling of each name (case-insensitive), one value or a list.
json::object headers_object(std::string_view block) {
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t pos = 0;
  while (pos < block.size()) {
    std::size_t end = block.find('\n', pos);
    if (end == std::string_view::npos) end = block.size();
    const std::string_view line = block.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !headers.empty()) {
      headers.back().second += "\n";
      headers.back().second += line;
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) break;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  // Keys by exact spelling, in order of first appearance; values of every
  // header whose name matches case-insensitively (Python's get_all).
  std::vector<std::pair<std::string, std::vector<std::string>>> grouped;
  for (const auto& header : headers) {
    const std::string& name = header.first;
    if (std::any_of(grouped.begin(), grouped.end(), [&](const auto& g) { return g.first == name; })) continue;
    std::vector<std::string> values;
    for (const auto& other : headers) {
      if (util::iequals_ascii(other.first, name)) values.push_back(other.second);
    }
    grouped.emplace_back(name, std::move(values));
  }
  json::object out;
  for (auto& [name, values] : grouped) {
    if (values.size() == 1) {
      out[name] = values.front();
    } else {
      json::array array;
      for (auto& v : values) array.emplace_back(v);
      out[name] = std::move(array);
    }
  }
  return out;
}

// Where two strings first differ, with some context, for the report.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) ++i;
  const std::size_t from = i > 40 ? i - 40 : 0;
  return "at byte " + std::to_string(i) + "\n      golden: " + json::serialize(json::string(expected.substr(from, 100))) +
         "\n      ours:   " + json::serialize(json::string(actual.substr(from, 100)));
}

class Tally {
 public:
  void check(const std::string& field, const std::string& msgid, const std::string& expected,
             const std::string& actual) {
    auto& f = fields_[field];
    ++f.checked;
    if (expected == actual) return;
    ++f.mismatches;
    if (f.examples.size() < 3) f.examples.push_back(msgid + " " + first_difference(expected, actual));
  }
  void note(const std::string& field, const std::string& msgid, const std::string& what) {
    auto& f = fields_[field];
    ++f.checked;
    if (f.examples.size() < 3) f.examples.push_back(msgid + " " + what);
  }
  std::size_t mismatches(const std::string& field) const {
    auto it = fields_.find(field);
    return it == fields_.end() ? 0 : it->second.mismatches;
  }
  void print(std::ostream& out) const {
    for (const auto& [field, f] : fields_) {
      out << "  " << field << ": " << f.mismatches << " mismatches of " << f.checked << "\n";
      for (const auto& example : f.examples) out << "    e.g. " << example << "\n";
    }
  }

 private:
  struct Field {
    std::size_t checked = 0;
    std::size_t mismatches = 0;
    std::vector<std::string> examples;
  };
  std::map<std::string, Field> fields_;
};

void compare_submitter(Tally& tally, const Corpus& corpus, const std::string& msgid, const json::object& golden,
                       const Submission& s) {
  const auto& person = golden.at("submitter").as_object();
  const std::string email = golden_string(person, "email");
  const std::string name = golden_string(person, "name");
  const std::string our_email = s.author ? s.author->email : "<none: " + s.author_error.value_or("") + ">";
  if (util::ascii_lower(email) == util::ascii_lower(our_email) && email != our_email) {
    // The Person keeps the case of the first address seen for it.
    tally.note("submitter.email (case of an earlier mail: ok)", msgid, email + " vs " + our_email);
  } else {
    tally.check("submitter.email", msgid, email, our_email);
  }
  const std::string our_name = s.author ? ours(s.author->name) : "<none>";
  if (name != our_name) {
    // The stored name is the latest non-empty name seen for that address
    // anywhere in the import (§2.6 step 6).
    auto it = corpus.names_by_email.find(util::ascii_lower(email));
    if (it != corpus.names_by_email.end() && it->second.count(name) > 0) {
      tally.note("submitter.name (another mail's name: ok)", msgid, name + " vs " + our_name);
      return;
    }
  }
  tally.check("submitter.name", msgid, name, our_name);
}

void compare(Tally& tally, const Corpus& corpus, const json::object& golden, bool is_patch) {
  const std::string msgid = golden_string(golden, "msgid");
  auto it = corpus.by_msgid.find(msgid);
  if (it == corpus.by_msgid.end()) {
    tally.check("found in mbox", msgid, "yes", "no");
    return;
  }
  const Submission& s = it->second.submission;
  tally.check("error", msgid, "<none>", s.error.value_or("<none>"));
  tally.check("kind", msgid, is_patch ? "patch" : "cover", std::string(to_string(s.kind)));
  tally.check("msgid", msgid, msgid, s.msgid);
  const std::string stored_name = util::py_truncate(s.name, 255);
  tally.check("name", msgid, golden_string(golden, "name"), stored_name);
  tally.check("date", msgid, golden_string(golden, "date"), s.date ? util::format_iso(*s.date) : "now");
  tally.check("content", msgid, golden_string(golden, "content"), s.content);
  compare_submitter(tally, corpus, msgid, golden, s);
  tally.check("headers", msgid, json::serialize(golden.at("headers")), json::serialize(headers_object(s.headers)));
  if (!is_patch) return;
  json::array prefixes;
  for (const auto& p : clean_subject(stored_name).prefixes) prefixes.emplace_back(p);
  tally.check("prefixes", msgid, json::serialize(golden.at("prefixes")), json::serialize(prefixes));
  tally.check("diff", msgid, golden_string(golden, "diff"), ours(s.diff));
  tally.check("hash", msgid, golden_string(golden, "hash"), ours(s.hash));
  tally.check("pull_url", msgid, golden_string(golden, "pull_url"), ours(s.pull_url));
}

TEST(Conformance, LinuxppcDevSamplePatchesAndCovers) {
  PATCHLOOM_REQUIRE_SHARED();
  const auto shared = *testing::shared_dir();
  const Corpus corpus = load_corpus(shared / "corpus" / "linuxppc-dev-sample.mbox");
  ASSERT_EQ(corpus.messages, 2000u);
  std::cout << "parsed " << corpus.messages << " mails in " << corpus.seconds << " s ("
            << static_cast<long>(static_cast<double>(corpus.messages) / corpus.seconds)
            << " mails/s, Message::parse + parse_submission; parse_submission alone "
            << static_cast<long>(static_cast<double>(corpus.messages) / corpus.parse_submission_seconds)
            << " mails/s)\n";

  const auto golden_dir = shared / "conformance" / "linuxppc-dev-sample" / "v1.4";
  Tally tally;
  const auto patches = read_golden(golden_dir / "patches.jsonl");
  const auto covers = read_golden(golden_dir / "covers.jsonl");
  ASSERT_EQ(patches.size(), 691u);
  ASSERT_EQ(covers.size(), 89u);
  for (const auto& patch : patches) compare(tally, corpus, patch, true);
  for (const auto& cover : covers) compare(tally, corpus, cover, false);
  std::cout << "field by field against upstream (" << patches.size() << " patches, " << covers.size()
            << " covers):\n";
  tally.print(std::cout);

  for (const char* field : {"found in mbox", "error", "kind", "msgid", "name", "date", "content", "submitter.email",
                            "submitter.name", "prefixes", "diff", "hash", "pull_url", "headers"}) {
    EXPECT_EQ(tally.mismatches(field), 0u) << field;
  }
}

}  // namespace
}  // namespace patchloom::parse
