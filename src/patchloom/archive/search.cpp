// ?q= search over subjects, senders, message-ids and dates, with the query
// language real clients send (spec §1.8): AND / OR / NOT, parentheses,
// quoted phrases, s: f: m: mid: d: dt: rt: prefixes. Bodies are not indexed,
// so body prefixes (b:, nq:, q:, ...) match nothing.
#include <optional>

#include "patchloom/archive/msgid.hpp"
#include "patchloom/util/text.hpp"
#include "patchloom/util/time.hpp"
#include "queries.hpp"

namespace patchloom::archive {

namespace {

struct Token {
  enum class Kind { open, close, word, end } kind = Kind::end;
  std::string prefix;  // "s" for s:..., "" for none
  std::string text;
  bool quoted = false;
};

std::vector<Token> tokenize(std::string_view q) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < q.size()) {
    const char c = q[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      ++i;
    } else if (c == '(' || c == ')') {
      out.push_back(Token{c == '(' ? Token::Kind::open : Token::Kind::close, "", std::string(1, c), false});
      ++i;
    } else {
      Token t{Token::Kind::word, "", "", false};
      std::size_t start = i;
      while (i < q.size() && (std::isalnum(static_cast<unsigned char>(q[i])) != 0)) ++i;
      if (i < q.size() && q[i] == ':' && i > start) {
        t.prefix = util::ascii_lower(q.substr(start, i - start));
        ++i;
      } else {
        i = start;
      }
      if (i < q.size() && q[i] == '"') {
        const auto close = q.find('"', i + 1);
        t.text = std::string(q.substr(i + 1, close == std::string_view::npos ? std::string_view::npos : close - i - 1));
        t.quoted = true;
        i = close == std::string_view::npos ? q.size() : close + 1;
      } else {
        start = i;
        while (i < q.size() && q[i] != ' ' && q[i] != '\t' && q[i] != ')' && q[i] != '(') ++i;
        t.text = std::string(q.substr(start, i - start));
      }
      out.push_back(std::move(t));
    }
  }
  return out;
}

std::string like_pattern(std::string_view text) {
  std::string out = "%";
  for (char c : util::ascii_lower(text)) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

std::optional<util::Timestamp> parse_date(std::string_view s, bool end_of_day) {
  auto digits = [&](std::size_t pos, std::size_t len) { return std::stoll(std::string(s.substr(pos, len))); };
  for (char c : s)
    if (c < '0' || c > '9') return std::nullopt;
  if (s.size() == 8) {
    auto t = util::from_civil(digits(0, 4), digits(4, 2), digits(6, 2), 0, 0, 0);
    if (t && end_of_day) *t += 86400LL * 1000000 - 1;
    return t;
  }
  if (s.size() == 14)
    return util::from_civil(digits(0, 4), digits(4, 2), digits(6, 2), digits(8, 2), digits(10, 2), digits(12, 2));
  return std::nullopt;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, store::Params& params) : tokens_(std::move(tokens)), params_(params) {}

  std::string parse() {
    if (tokens_.empty()) return "1 = 0";
    std::string sql = expr();
    return sql;
  }

 private:
  const Token& peek() const {
    static const Token kEnd{};
    return pos_ < tokens_.size() ? tokens_[pos_] : kEnd;
  }
  bool keyword(std::string_view word) const {
    const auto& t = peek();
    return t.kind == Token::Kind::word && t.prefix.empty() && !t.quoted && t.text == word;
  }

  std::string expr() {
    std::string out = and_expr();
    while (keyword("OR")) {
      ++pos_;
      out = "(" + out + " OR " + and_expr() + ")";
    }
    return out;
  }

  std::string and_expr() {
    std::string out = unary();
    while (pos_ < tokens_.size() && peek().kind != Token::Kind::close && !keyword("OR")) {
      if (keyword("AND")) ++pos_;
      out = "(" + out + " AND " + unary() + ")";
    }
    return out;
  }

  std::string unary() {
    if (keyword("NOT")) {
      ++pos_;
      return "NOT " + unary();
    }
    const Token& t = peek();
    if (t.kind == Token::Kind::open) {
      ++pos_;
      std::string inner = expr();
      if (peek().kind == Token::Kind::close) ++pos_;
      return "(" + inner + ")";
    }
    if (t.kind != Token::Kind::word) {
      ++pos_;
      return "1 = 1";
    }
    Token term = t;
    ++pos_;
    bool negate = false;
    if (!term.quoted && term.prefix.empty() && term.text.size() > 1 && (term.text[0] == '-' || term.text[0] == '+')) {
      negate = term.text[0] == '-';
      term.text.erase(0, 1);
    }
    const std::string sql = condition(term);
    return negate ? "NOT " + sql : sql;
  }

  std::string bind(store::Value v) {
    params_.push_back(std::move(v));
    return ":s" + std::to_string(params_.size());
  }
  std::string like(std::string_view column, std::string_view text) {
    return "LOWER(" + std::string(column) + ") LIKE " + bind(like_pattern(text)) + " ESCAPE '\\'";
  }

  std::string range(std::string_view column, std::string_view text, bool unix_seconds) {
    const auto dots = text.find("..");
    std::string_view from = dots == std::string_view::npos ? text : text.substr(0, dots);
    std::string_view to = dots == std::string_view::npos ? text : text.substr(dots + 2);
    std::string out = "1 = 1";
    auto bound = [&](std::string_view s, bool upper) -> std::optional<util::Timestamp> {
      if (unix_seconds) {
        for (char c : s)
          if (c < '0' || c > '9') return std::nullopt;
        return s.empty() ? std::nullopt : std::optional<util::Timestamp>(std::stoll(std::string(s)) * 1000000);
      }
      return parse_date(s, upper);
    };
    if (!from.empty()) {
      auto t = bound(from, false);
      if (!t) return "1 = 0";
      out += " AND " + std::string(column) + " >= " + bind(*t);
    }
    if (!to.empty()) {
      auto t = bound(to, true);
      if (!t) return "1 = 0";
      out += " AND " + std::string(column) + " <= " + bind(*t);
    }
    return "(" + out + ")";
  }

  std::string condition(const Token& t) {
    const std::string& p = t.prefix;
    if (p.empty()) {
      return "(" + like("m.subject", t.text) + " OR " + like("m.from_name", t.text) + " OR " +
             like("m.from_email", t.text) + " OR " + like("m.msgid", t.text) + ")";
    }
    if (p == "s" || p == "bs") return like("m.subject", t.text);
    if (p == "f") return "(" + like("m.from_name", t.text) + " OR " + like("m.from_email", t.text) + ")";
    if (p == "mid") return "m.msgid = " + bind("<" + bare_msgid(t.text) + ">");
    if (p == "m") return like("m.msgid", t.text);
    if (p == "d" || p == "dt") return range("m.date", t.text, false);
    if (p == "rt") return range("m.received", t.text, true);
    return "1 = 0";  // a field we do not index (bodies, recipients)
  }

  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  store::Params& params_;
};

}  // namespace

std::vector<MessageSummary> search_messages(store::Database& db, long long project_id, std::string_view query,
                                            std::size_t limit) {
  store::Params params;
  // NUL cannot be bound as SQL text, and no stored header holds one.
  const std::string where = Parser(tokenize(util::remove_nuls(query)), params).parse();
  return list_messages(db, project_id, where, std::move(params), "m.date DESC, m.id DESC", limit);
}

}  // namespace patchloom::archive
