#pragma once
// Message-ids and names in archive URLs, the way public-inbox writes them
// (spec/archive-and-clients.md §1.2, §1.3).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace patchloom::archive {

// The message-id as a URL path segment: every byte outside
// A-Z a-z 0-9 - . _ ~ ! $ & ' ( ) * + , ; = : @ becomes %XX (upper-case hex),
// so '@' stays literal and '/' becomes %2F.
std::string escape_msgid(std::string_view bare_msgid);

// Percent-decodes one path segment once ('+' stays '+'); nullopt on a
// malformed escape.
std::optional<std::string> unescape_segment(std::string_view segment);

// The message-id without its angle brackets, as URLs carry it.
std::string bare_msgid(std::string_view stored_msgid);

// A file name from a subject, like git's %f: runs of characters outside
// A-Z a-z 0-9 _ . become one '-', leading and trailing '.' and '-' are
// dropped; "no-subject" when nothing is left.
std::string subject_filename(std::string_view subject);

// What an archive path under /archive/ asks for. Parsed from the raw
// (still percent-encoded) path so that a message-id holding "%2F" survives;
// a message-id whose '/' a front-end already decoded still matches because
// the segments between the list and the action are joined back with '/'.
struct ArchivePath {
  enum class Kind {
    root,          // /archive/
    list_redirect, // /archive/<list> (no slash)
    index,         // /archive/<list>/ (also index.html)
    new_atom,      // new.atom, atom.xml
    message,       // <msgid>/ (also f/)
    message_redirect,  // <msgid> (no slash)
    raw,           // <msgid>/raw
    flat,          // <msgid>/T/
    nested,        // <msgid>/t/
    flat_redirect,     // <msgid>/T
    nested_redirect,   // <msgid>/t
    reply_redirect,    // <msgid>/R
    thread_mbox,   // <msgid>/t.mbox.gz (and t.mbox)
    thread_atom,   // <msgid>/t.atom
    short_link,    // /archive/r/<msgid>
    not_found,
  };
  Kind kind = Kind::not_found;
  std::string list;
  std::string msgid;  // bare, decoded
};

// `raw_path` is the request path as sent (percent-encoded), starting with
// "/archive".
ArchivePath parse_archive_path(std::string_view raw_path);

}  // namespace patchloom::archive
