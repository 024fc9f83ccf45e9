// The big one: the linuxppc-dev sample mbox imported into a fresh database
// must give what upstream Patchwork gave for it
// (conformance/linuxppc-dev-sample/v1.4): patches, covers, series, people
// and comments, field by field, ids in ingestion order.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ingest_fixture.hpp"
#include "patchloom/util/time.hpp"

namespace patchloom::ingest::testing {
namespace {

namespace json = boost::json;

std::vector<json::object> read_bodies(const std::filesystem::path& path) {
  std::vector<json::object> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json::value v = json::parse(line);
    out.push_back(v.as_object());
  }
  return out;
}

json::value opt_string(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }

// The API's `headers` dict (upstream api/patch.py): the stored header text
// re-parsed by Python's compat32 parser; a name seen once maps to its value,
// a repeated one to the list of values.
json::value headers_dict(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> headers;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    std::string line = text.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos + 1);
    pos = eol == std::string::npos ? text.size() : eol + 1;
    if ((line[0] == ' ' || line[0] == '\t') && !headers.empty()) {
      headers.back().second += line;
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    headers.emplace_back(line.substr(0, colon), value);
  }
  auto lower = [](std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  json::object out;
  for (auto& [name, value] : headers) {
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  }
  for (const auto& [name, value] : headers) {
    if (out.contains(name)) continue;
    json::array all;
    for (const auto& [n2, v2] : headers) {
      if (lower(n2) == lower(name)) all.emplace_back(v2);
    }
    out[name] = all.size() == 1 ? all[0] : json::value(all);
  }
  return out;
}

json::value subject_of(const std::string& headers) {
  json::value dict = headers_dict(headers);
  for (const auto& [k, v] : dict.as_object()) {
    std::string key(k);
    if (key.size() == 7 && strncasecmp(key.c_str(), "subject", 7) == 0) return v.is_array() ? v.as_array()[0] : v;
  }
  return "";
}

class Mismatches {
 public:
  void check(const std::string& field, const std::string& where, const json::value& expected,
             const json::value& actual) {
    ++checked_[field];
    if (expected == actual) return;
    auto& list = examples_[field];
    ++counts_[field];
    if (list.size() < 3) {
      std::string e = json::serialize(expected), a = json::serialize(actual);
      if (e.size() > 300) e = e.substr(0, 300) + "...";
      if (a.size() > 300) a = a.substr(0, 300) + "...";
      list.push_back(where + ": expected " + e + " got " + a);
    }
  }
  long long total() const {
    long long n = 0;
    for (const auto& [field, c] : counts_) n += c;
    return n;
  }
  std::string report() const {
    std::ostringstream out;
    for (const auto& [field, n] : checked_) {
      auto it = counts_.find(field);
      long long bad = it == counts_.end() ? 0 : it->second;
      out << "  " << field << ": " << bad << " mismatches of " << n << "\n";
      if (bad) {
        for (const auto& e : examples_.at(field)) out << "      " << e << "\n";
      }
    }
    return out.str();
  }

 private:
  std::map<std::string, long long> checked_;
  std::map<std::string, long long> counts_;
  std::map<std::string, std::vector<std::string>> examples_;
};

json::value person_json(store::Database& db, long long id) {
  auto row = db.query_one("SELECT id, name, email FROM person WHERE id = :id", {id});
  if (!row) return nullptr;
  return json::object{{"id", row->i64(0)}, {"name", opt_string(row->opt_text(1))}, {"email", row->text(2)}};
}

json::value submitter_subset(const json::value& v) {
  if (!v.is_object()) return v;
  const auto& o = v.as_object();
  return json::object{{"id", o.at("id")}, {"name", o.at("name")}, {"email", o.at("email")}};
}

json::value id_list(const json::value& list) {
  json::array out;
  for (const auto& item : list.as_array()) out.emplace_back(item.as_object().at("id"));
  return out;
}

class ConformanceTest : public IngestTest {};

TEST_P(ConformanceTest, LinuxppcDevSampleMatchesUpstream) {
  PATCHLOOM_REQUIRE_SHARED();
  const auto shared = *::patchloom::testing::shared_dir();
  const auto golden = shared / "conformance/linuxppc-dev-sample/v1.4";

  db().exec(
      "INSERT INTO project (linkname, name, listid, listemail, web_url, scm_url, webscm_url, list_archive_url,"
      " list_archive_url_format, commit_url_format) VALUES ('linuxppc-dev', 'Linux PPC development',"
      " 'linuxppc-dev.lists.ozlabs.org', 'linuxppc-dev@lists.ozlabs.org', 'https://github.com/linuxppc/wiki/wiki',"
      " 'git://git.kernel.org/pub/scm/linux/kernel/git/powerpc/linux.git',"
      " 'https://git.kernel.org/pub/scm/linux/kernel/git/powerpc/linux.git/', 'https://lore.kernel.org/linuxppc-dev/',"
      " 'https://lore.kernel.org/r/{}/',"
      " 'https://git.kernel.org/pub/scm/linux/kernel/git/powerpc/linux.git/commit/?id={}')");

  std::map<Outcome, long long> outcomes;
  auto mails = read_mbox(shared / "corpus/linuxppc-dev-sample.mbox");
  ASSERT_EQ(mails.size(), 2000u);
  // The bulk-import path (grouped commits); per-mail transactions are what
  // the other ingest tests use.
  ingestor().set_commit_every(200);
  auto start = std::chrono::steady_clock::now();
  std::clock_t cpu_start = std::clock();
  for (auto& mail : mails) {
    IngestResult r = ingest(std::move(mail));
    ++outcomes[r.outcome];
    if (r.outcome == Outcome::Rejected || r.outcome == Outcome::NoProject || r.outcome == Outcome::Duplicate) {
      ADD_FAILURE() << to_string(r.outcome) << " " << r.msgid << ": " << r.reason;
    }
  }
  ingestor().flush();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  std::cout << "ingested 2000 mails in " << seconds << " s (" << 2000 / seconds << " mails/s), " << cpu
            << " s of CPU (" << 2000 / cpu << " mails per CPU second)\n";
  EXPECT_EQ(outcomes[Outcome::Patch], 691);
  EXPECT_EQ(outcomes[Outcome::Cover], 89);
  EXPECT_EQ(outcomes[Outcome::Comment], 814);
  // Upstream's 406 dropped mails include the 10 with X-Patchwork-Hint: ignore.
  EXPECT_EQ(outcomes[Outcome::Dropped], 396);
  EXPECT_EQ(outcomes[Outcome::Ignored], 10);
  EXPECT_EQ(count("SELECT COUNT(*) FROM message"), 2000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM series"), 216);
  EXPECT_EQ(count("SELECT COUNT(*) FROM person"), 229);

  Mismatches mm;
  store::Database& d = db();

  for (const auto& line : read_bodies(golden / "patches.jsonl")) {
    const auto& g = line.at("body").as_object();
    long long id = g.at("id").as_int64();
    std::string where = "patch " + std::to_string(id);
    auto row = d.query_one(
        "SELECT p.msgid, p.name, p.date, p.submitter_id, s.slug, p.archived, p.hash, p.content, p.diff, p.pull_url,"
        " p.delegate_id, p.series_id, p.headers, p.commit_ref FROM patch p JOIN state s ON s.id = p.state_id"
        " WHERE p.id = :id",
        {id});
    if (!row) {
      mm.check("patch.exists", where, true, false);
      continue;
    }
    mm.check("patch.msgid", where, g.at("msgid"), json::value(row->text(0)));
    mm.check("patch.name", where, g.at("name"), json::value(row->text(1)));
    mm.check("patch.date", where, g.at("date"), json::value(util::format_iso(row->i64(2))));
    mm.check("patch.submitter", where, submitter_subset(g.at("submitter")), person_json(d, row->i64(3)));
    mm.check("patch.state", where, g.at("state"), json::value(row->text(4)));
    mm.check("patch.archived", where, g.at("archived"), json::value(row->boolean(5)));
    mm.check("patch.hash", where, g.at("hash"), opt_string(row->opt_text(6)));
    mm.check("patch.content", where, g.at("content"), opt_string(row->opt_text(7)));
    mm.check("patch.diff", where, g.at("diff"), opt_string(row->opt_text(8)));
    mm.check("patch.pull_url", where, g.at("pull_url"), opt_string(row->opt_text(9)));
    mm.check("patch.delegate", where, g.at("delegate").is_null() ? json::value(nullptr) : g.at("delegate").at("id"),
             row->is_null(10) ? json::value(nullptr) : json::value(row->i64(10)));
    json::array series;
    if (!row->is_null(11)) series.emplace_back(row->i64(11));
    mm.check("patch.series", where, id_list(g.at("series")), series);
    mm.check("patch.headers", where, g.at("headers"), headers_dict(row->text(12)));
    mm.check("patch.commit_ref", where, g.at("commit_ref"), opt_string(row->opt_text(13)));
  }

  for (const auto& line : read_bodies(golden / "covers.jsonl")) {
    const auto& g = line.at("body").as_object();
    long long id = g.at("id").as_int64();
    std::string where = "cover " + std::to_string(id);
    auto row = d.query_one(
        "SELECT c.msgid, c.name, c.date, c.submitter_id, c.content, c.headers, s.id FROM cover c"
        " LEFT JOIN series s ON s.cover_letter_id = c.id WHERE c.id = :id",
        {id});
    if (!row) {
      mm.check("cover.exists", where, true, false);
      continue;
    }
    mm.check("cover.msgid", where, g.at("msgid"), json::value(row->text(0)));
    mm.check("cover.name", where, g.at("name"), json::value(row->text(1)));
    mm.check("cover.date", where, g.at("date"), json::value(util::format_iso(row->i64(2))));
    mm.check("cover.submitter", where, submitter_subset(g.at("submitter")), person_json(d, row->i64(3)));
    mm.check("cover.content", where, g.at("content"), opt_string(row->opt_text(4)));
    mm.check("cover.headers", where, g.at("headers"), headers_dict(row->text(5)));
    json::array series;
    if (!row->is_null(6)) series.emplace_back(row->i64(6));
    mm.check("cover.series", where, id_list(g.at("series")), series);
  }

  for (const auto& line : read_bodies(golden / "series.jsonl")) {
    const auto& g = line.at("body").as_object();
    long long id = g.at("id").as_int64();
    std::string where = "series " + std::to_string(id);
    auto row = d.query_one(
        "SELECT name, date, submitter_id, version, total, cover_letter_id,"
        " (SELECT COUNT(*) FROM patch WHERE series_id = series.id) FROM series WHERE id = :id",
        {id});
    if (!row) {
      mm.check("series.exists", where, true, false);
      continue;
    }
    mm.check("series.name", where, g.at("name"), opt_string(row->opt_text(0)));
    mm.check("series.date", where, g.at("date"), json::value(util::format_iso(row->i64(1))));
    mm.check("series.submitter", where, submitter_subset(g.at("submitter")), person_json(d, row->i64(2)));
    mm.check("series.version", where, g.at("version"), json::value(row->i64(3)));
    mm.check("series.total", where, g.at("total"), json::value(row->i64(4)));
    mm.check("series.received_total", where, g.at("received_total"), json::value(row->i64(6)));
    mm.check("series.received_all", where, g.at("received_all"), json::value(row->i64(4) <= row->i64(6)));
    mm.check("series.cover_letter", where,
             g.at("cover_letter").is_null() ? json::value(nullptr) : g.at("cover_letter").at("id"),
             row->is_null(5) ? json::value(nullptr) : json::value(row->i64(5)));
    json::array patches;
    for (const auto& p : d.query("SELECT id FROM patch WHERE series_id = :s ORDER BY id", {id})) {
      patches.emplace_back(p.i64(0));
    }
    json::value expected = id_list(g.at("patches"));
    std::vector<std::int64_t> sorted;
    for (const auto& v : expected.as_array()) sorted.push_back(v.as_int64());
    std::sort(sorted.begin(), sorted.end());
    json::array expected_sorted(sorted.begin(), sorted.end());
    mm.check("series.patches", where, expected_sorted, patches);
  }

  for (const auto& line : read_bodies(golden / "people.jsonl")) {
    const auto& g = line.at("body").as_object();
    long long id = g.at("id").as_int64();
    mm.check("person", "person " + std::to_string(id), submitter_subset(g), person_json(d, id));
  }

  auto compare_comments = [&](const std::filesystem::path& file, const std::string& table, const std::string& parent) {
    for (const auto& line : read_bodies(file)) {
      std::string url(line.at("url").as_string());
      // /api/1.4/<patches|covers>/<id>/comments/
      std::size_t end = url.rfind("/comments/");
      std::size_t begin = url.rfind('/', end - 1);
      long long parent_id = std::stoll(url.substr(begin + 1, end - begin - 1));
      std::string where = table + " of " + std::to_string(parent_id);
      auto rows = d.query("SELECT id, msgid, date, submitter_id, content, addressed, headers FROM " + table +
                              " WHERE " + parent + " = :p ORDER BY id",
                          {parent_id});
      const auto& list = line.at("body").as_array();
      mm.check(table + ".count", where, json::value(list.size()), json::value(rows.size()));
      for (std::size_t i = 0; i < std::min(list.size(), rows.size()); ++i) {
        const auto& g = list[i].as_object();
        const auto& r = rows[i];
        std::string w = where + " #" + std::to_string(i);
        mm.check(table + ".id", w, g.at("id"), json::value(r.i64(0)));
        mm.check(table + ".msgid", w, g.at("msgid"), json::value(r.text(1)));
        mm.check(table + ".date", w, g.at("date"), json::value(util::format_iso(r.i64(2))));
        mm.check(table + ".submitter", w, submitter_subset(g.at("submitter")), person_json(d, r.i64(3)));
        mm.check(table + ".content", w, g.at("content"), opt_string(r.opt_text(4)));
        mm.check(table + ".addressed", w, g.at("addressed"),
                 r.is_null(5) ? json::value(nullptr) : json::value(r.boolean(5)));
        mm.check(table + ".headers", w, g.at("headers"), headers_dict(r.text(6)));
        mm.check(table + ".subject", w, g.at("subject"), subject_of(r.text(6)));
      }
    }
  };
  compare_comments(golden / "patch-comments.jsonl", "patch_comment", "patch_id");
  compare_comments(golden / "cover-comments.jsonl", "cover_comment", "cover_id");

  std::cout << "field-by-field comparison with upstream:\n" << mm.report();
  EXPECT_EQ(mm.total(), 0) << mm.report();
}

INSTANTIATE_TEST_SUITE_P(Engines, ConformanceTest, ::testing::Values(store::Dialect::sqlite), dialect_name);

}  // namespace
}  // namespace patchloom::ingest::testing
