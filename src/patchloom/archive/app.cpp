#include "patchloom/archive/app.hpp"

#include <algorithm>
#include <memory>
#include <unordered_set>
#include <vector>

#include "patchloom/archive/mbox.hpp"
#include "patchloom/archive/msgid.hpp"
#include "patchloom/mail/message.hpp"
#include "patchloom/store/connection_pool.hpp"
#include "patchloom/util/html.hpp"
#include "queries.hpp"
#include "render.hpp"
#include "view_cache.hpp"

namespace patchloom::archive {

namespace {

constexpr std::size_t kIndexMessages = 200;
constexpr std::size_t kFeedMessages = 25;
constexpr std::size_t kSearchMessages = 200;
// Rendered mails kept in memory: a few thousand typical patches.
constexpr std::size_t kViewCacheBytes = 64u << 20;

http::Response html(std::string body, int status = 200) {
  auto r = http::Response::html(std::move(body), status);
  r.headers.set("Content-Type", "text/html; charset=UTF-8");
  return r;
}

http::Response plain(std::string body, int status) {
  auto r = http::Response::text(std::move(body), status);
  r.headers.set("Content-Type", "text/plain; charset=UTF-8");
  return r;
}

http::Response not_found_html() {
  return html("<html><head><title>404 Not Found</title></head><body><pre>404 Not Found</pre></body></html>\n", 404);
}

// public-inbox answers an unknown message-id on an HTML page with 300.
http::Response unknown_message(const std::string& msgid) {
  std::string body = "<html><head><title>Message-ID &lt;" + util::escape_html(msgid) +
                     "&gt; not found</title></head><body><pre>Message-ID &lt;" + util::escape_html(msgid) +
                     "&gt;\nnot found in this archive.</pre></body></html>\n";
  return html(std::move(body), 300);
}

std::optional<util::Timestamp> parse_compact_time(std::string_view s) {
  if (s.size() != 14) return std::nullopt;
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  auto num = [&](std::size_t pos, std::size_t len) { return std::stoll(std::string(s.substr(pos, len))); };
  return util::from_civil(num(0, 4), num(4, 2), num(6, 2), num(8, 2), num(10, 2), num(12, 2));
}

std::string charset_of(const std::string& raw) {
  const auto message = mail::Message::parse(raw);
  return message.parts().front().charset().value_or("UTF-8");
}

class Application {
 public:
  explicit Application(ArchiveOptions options)
      : options_(std::move(options)), pool_(options_.database_url, options_.max_idle_connections) {}

  http::Response handle(const http::Request& request) {
    const bool post = request.method == "POST";
    if (request.method != "GET" && request.method != "HEAD" && !post) {
      auto r = plain("405 Method Not Allowed\n", 405);
      r.headers.set("Allow", "GET, HEAD, POST");
      return r;
    }
    auto db = pool_.acquire();
    http::Response response = route(*db, request, parse_archive_path(request.raw_path));
    // Reached only without an exception: a failed connection is not reused.
    pool_.release(std::move(db));
    return response;
  }

 private:
  using Kind = ArchivePath::Kind;

  std::string list_url(const http::Request& request, std::string_view list) const {
    return http::base_url(request, options_.base_url) + "/archive/" + escape_msgid(list) + "/";
  }

  http::Response redirect(std::string location) const {
    auto r = http::Response::redirect(std::move(location), 301);
    return r;
  }

  http::Response route(store::Database& db, const http::Request& request, const ArchivePath& path) {
    if (request.method == "POST" && path.kind != Kind::index) return plain("405 Method Not Allowed\n", 405);
    switch (path.kind) {
      case Kind::root: return html(root_page(all_lists(db)));
      case Kind::not_found: return not_found_html();
      case Kind::list_redirect: return redirect(list_url(request, path.list));
      case Kind::short_link: {
        auto list = list_of_message(db, path.msgid);
        if (!list) return unknown_message(path.msgid);
        return redirect(list_url(request, list->linkname) + escape_msgid(path.msgid) + "/");
      }
      default: break;
    }
    std::optional<ListInfo> list;
    if (path.list == "all" && !(list = find_list(db, path.list))) {
      // lore's /all/: every project; a message is served from the project holding it.
      if (path.kind == Kind::index && request.query.contains("q")) {
        // b4's default searchmask is /all/?x=m&t=1&q=...: search every project.
        return search(db, request, ListInfo{0, "all", "all lists", ""}, all_lists(db),
                      std::string(*request.query.get("q")));
      }
      if (path.kind == Kind::index || path.kind == Kind::new_atom) return html(root_page(all_lists(db)));
      list = list_of_message(db, path.msgid);
      if (!list) return missing(path);
    } else if (!list) {
      list = find_list(db, path.list);
      if (!list) return not_found_html();
    }
    const std::string base = list_url(request, path.list);
    switch (path.kind) {
      case Kind::index: return index(db, request, *list);
      case Kind::new_atom: return new_atom(db, *list, base);
      case Kind::message_redirect: return redirect(base + escape_msgid(path.msgid) + "/");
      case Kind::flat_redirect: return redirect(base + escape_msgid(path.msgid) + "/T/#u");
      case Kind::nested_redirect: return redirect(base + escape_msgid(path.msgid) + "/t/#u");
      case Kind::reply_redirect: return redirect(base + escape_msgid(path.msgid) + "/#R");
      default: break;
    }
    auto summary = find_summary(db, list->id, path.msgid);
    if (!summary) return missing(path);
    switch (path.kind) {
      case Kind::raw: return raw(db, *summary);
      case Kind::thread_mbox: return thread_mbox(db, *list, *summary);
      case Kind::thread_atom: return thread_atom(db, *list, *summary, base);
      case Kind::message: return message(db, *list, *summary);
      case Kind::flat: return thread(db, *list, *summary, false);
      case Kind::nested: return thread(db, *list, *summary, true);
      default: return not_found_html();
    }
  }

  static http::Response missing(const ArchivePath& path) {
    switch (path.kind) {
      case Kind::raw:
      case Kind::thread_mbox: return plain("404 Not Found\n", 404);
      case Kind::thread_atom: return plain("No feed found for thread\n", 404);
      default: return unknown_message(path.msgid);
    }
  }

  static http::Response raw(store::Database& db, const MessageSummary& m) {
    auto raws = raw_messages(db, {m.id});
    std::string subject = m.subject;
    if (subject.size() >= 4 && (subject.starts_with("Re: ") || subject.starts_with("RE: "))) subject = subject.substr(4);
    auto r = plain(mboxrd(raws), 200);
    r.headers.set("Content-Type", "text/plain; charset=" + charset_of(raws.front()));
    r.headers.set("Content-Disposition", "inline; filename=" + subject_filename(subject) + ".txt");
    return r;
  }

  static http::Response thread_mbox(store::Database& db, const ListInfo& list, const MessageSummary& m) {
    Thread t = build_thread(thread_messages(db, list.id, m));
    std::vector<long long> ids;
    for (const auto& x : t.messages) ids.push_back(x.id);
    http::Response r;
    r.body = gzip(mboxrd(raw_messages(db, ids)));
    r.headers.set("Content-Type", "application/gzip");
    r.headers.set("Content-Disposition", "inline; filename=" + subject_filename(m.subject) + ".mbox.gz");
    return r;
  }

  // Views of the messages, from the cache where possible; the rest are
  // read in one query, rendered and cached.
  Views views_of(store::Database& db, const std::vector<const MessageSummary*>& messages) {
    Views views(messages.size());
    std::vector<long long> missing;
    std::vector<std::size_t> slots;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      views[i] = cache_.get(messages[i]->id, messages[i]->msgid);
      if (!views[i]) {
        missing.push_back(messages[i]->id);
        slots.push_back(i);
      }
    }
    auto raws = raw_messages(db, missing);
    for (std::size_t k = 0; k < slots.size(); ++k) {
      const MessageSummary& m = *messages[slots[k]];
      auto view = std::make_shared<const MailView>(view_of(raws[k]));
      cache_.put(m.id, m.msgid, view);
      views[slots[k]] = std::move(view);
    }
    return views;
  }

  http::Response thread_atom(store::Database& db, const ListInfo& list, const MessageSummary& m,
                                    const std::string& base) {
    Thread t = build_thread(thread_messages(db, list.id, m));
    std::vector<const MessageSummary*> entries;
    for (int index : t.by_date()) entries.push_back(&t.messages[static_cast<std::size_t>(index)]);
    auto views = views_of(db, entries);
    return atom(atom_feed(list, base, thread_feed_id(m.msgid), views.empty() ? m.subject : views.front()->subject,
                          entries, views));
  }

  static http::Response atom(std::string body) {
    http::Response r;
    r.body = std::move(body);
    r.headers.set("Content-Type", "application/atom+xml");
    return r;
  }

  http::Response new_atom(store::Database& db, const ListInfo& list, const std::string& base) {
    auto recent = recent_messages(db, list.id, std::nullopt, kFeedMessages);
    std::vector<const MessageSummary*> entries;
    for (auto& m : recent) {
      m.refs.clear();  // only the oldest reference was loaded; no parent link
      entries.push_back(&m);
    }
    auto views = views_of(db, entries);
    return atom(atom_feed(list, base, "mailto:" + list.listemail, list.name, entries, views));
  }

  http::Response message(store::Database& db, const ListInfo& list, const MessageSummary& m) {
    Thread t = build_thread(thread_messages(db, list.id, m));
    const int node = t.find(m.msgid);
    return html(message_page(list, t, node, *views_of(db, {&m}).front()));
  }

  http::Response thread(store::Database& db, const ListInfo& list, const MessageSummary& m, bool nested) {
    Thread t = build_thread(thread_messages(db, list.id, m));
    std::vector<const MessageSummary*> all;
    for (const auto& x : t.messages) all.push_back(&x);
    return html(thread_page(list, t, t.find(m.msgid), views_of(db, all), nested));
  }

  static http::Response index(store::Database& db, const http::Request& request, const ListInfo& list) {
    if (auto q = request.query.get("q")) return search(db, request, list, {list}, std::string(*q));
    if (request.method == "POST") return plain("405 Method Not Allowed\n", 405);
    IndexPage page;
    auto t = request.query.get("t");
    if (t && t->ends_with('-')) {
      auto after = parse_compact_time(t->substr(0, t->size() - 1));
      if (!after) return plain("400 Bad Request\n", 400);
      page.window = messages_after(db, list.id, *after, kIndexMessages);
      std::reverse(page.window.begin(), page.window.end());
      page.has_older = true;
    } else {
      std::optional<util::Timestamp> before;
      if (t) {
        before = parse_compact_time(*t);
        if (!before) return plain("400 Bad Request\n", 400);
      }
      page.window = recent_messages(db, list.id, before, kIndexMessages + 1);
      page.has_older = page.window.size() > kIndexMessages;
      if (page.has_older) page.window.pop_back();
    }
    return html(index_page(list, page));
  }

  // Search in `lists`; `shown` names the archive on the HTML result page.
  static http::Response search(store::Database& db, const http::Request& request, const ListInfo& shown,
                               const std::vector<ListInfo>& lists, std::string query) {
    std::vector<MessageSummary> found;
    std::vector<long long> found_in;  // project of each match
    for (const auto& list : lists) {
      for (auto& m : search_messages(db, list.id, query, kSearchMessages)) {
        found.push_back(std::move(m));
        found_in.push_back(list.id);
      }
    }
    const bool as_mbox = request.method == "POST" && request.query.get("x") == std::optional<std::string_view>("m");
    if (as_mbox) {
      if (found.empty()) return plain("No results found\n", 404);
      std::vector<long long> ids;
      if (request.query.contains("t")) {
        // Whole threads of the matches, each thread once, arrival order.
        std::unordered_set<long long> seen;
        for (std::size_t i = 0; i < found.size(); ++i) {
          if (seen.contains(found[i].id)) continue;
          for (const auto& x : thread_messages(db, found_in[i], found[i]))
            if (seen.insert(x.id).second) ids.push_back(x.id);
        }
      } else {
        for (const auto& m : found) ids.push_back(m.id);
      }
      http::Response r;
      r.body = gzip(mboxrd(raw_messages(db, ids)));
      r.headers.set("Content-Type", "application/gzip");
      r.headers.set("Content-Disposition",
                    "inline; filename=results-" + std::string(request.query.contains("t") ? "thread-" : "") +
                        subject_filename(query) + ".mbox.gz");
      return r;
    }
    if (request.method == "POST") return plain("405 Method Not Allowed\n", 405);
    IndexPage page;
    page.window = std::move(found);
    page.query = std::move(query);
    return html(index_page(shown, page), page.window.empty() ? 404 : 200);
  }

  ArchiveOptions options_;
  store::ConnectionPool pool_;
  ViewCache cache_{kViewCacheBytes};
};

}  // namespace

bool is_archive_path(std::string_view path) {
  return path == "/archive" || path.starts_with("/archive/");
}

http::Handler make_archive_handler(ArchiveOptions options) {
  auto app = std::make_shared<Application>(std::move(options));
  return [app](const http::Request& request) { return app->handle(request); };
}

}  // namespace patchloom::archive
