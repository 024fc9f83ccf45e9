#include <charconv>
#include <cmath>
#include <limits>

#include "patchloom/store/database.hpp"

namespace patchloom::store {

namespace {

[[noreturn]] void wrong_kind(std::size_t i, const char* wanted) {
  throw DatabaseError(DatabaseError::Kind::other,
                      "column " + std::to_string(i) + " is not " + wanted);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// PostgreSQL sends BYTEA as text in its hex output format: "\x" then two hex
// digits per byte (the connection sets bytea_output = 'hex').
std::string decode_bytea_hex(const std::string& s) {
  if (s.size() < 2 || s[0] != '\\' || s[1] != 'x' || s.size() % 2 != 0) {
    throw DatabaseError(DatabaseError::Kind::other, "BYTEA value is not in hex format");
  }
  std::string out;
  out.resize((s.size() - 2) / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = hex_digit(s[2 + 2 * i]);
    int lo = hex_digit(s[3 + 2 * i]);
    if (hi < 0 || lo < 0) throw DatabaseError(DatabaseError::Kind::other, "bad hex digit in BYTEA value");
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

Row::Row(Dialect dialect, std::vector<std::string> names, std::vector<Value> values)
    : dialect_(dialect), names_(std::move(names)), values_(std::move(values)) {}

std::size_t Row::index(std::string_view name) const {
  for (std::size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == name) return i;
  }
  throw DatabaseError(DatabaseError::Kind::other, "no column named " + std::string(name));
}

std::optional<long long> Row::opt_i64(std::size_t i) const {
  const Value& v = values_.at(i);
  switch (v.kind()) {
    case Value::Kind::none:
      return std::nullopt;
    case Value::Kind::integer:
      return v.integer();
    case Value::Kind::real:
      // NUMERIC results (SUM on PostgreSQL) arrive as doubles.
      if (std::trunc(v.real()) == v.real() && std::fabs(v.real()) < 9.2e18) return static_cast<long long>(v.real());
      break;
    case Value::Kind::text: {
      // SQLite reports computed columns (COUNT(*), MAX(x)) as text.
      const std::string& s = v.text();
      long long out = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
      if (ec == std::errc() && end == s.data() + s.size()) return out;
      break;
    }
    case Value::Kind::bytes:
      break;
  }
  wrong_kind(i, "an integer");
}

std::optional<int> Row::opt_i32(std::size_t i) const {
  auto v = opt_i64(i);
  if (!v) return std::nullopt;
  if (*v < std::numeric_limits<int>::min() || *v > std::numeric_limits<int>::max()) {
    wrong_kind(i, "a 32-bit integer");
  }
  return static_cast<int>(*v);
}

std::optional<bool> Row::opt_boolean(std::size_t i) const {
  auto v = opt_i64(i);
  if (!v) return std::nullopt;
  return *v != 0;
}

std::optional<std::string> Row::opt_text(std::size_t i) const {
  const Value& v = values_.at(i);
  if (v.is_null()) return std::nullopt;
  if (v.kind() == Value::Kind::text || v.kind() == Value::Kind::bytes) return v.text();
  wrong_kind(i, "text");
}

std::optional<Bytes> Row::opt_bytes(std::size_t i) const {
  auto s = opt_text(i);
  if (!s) return std::nullopt;
  if (dialect_ == Dialect::postgresql) return Bytes{decode_bytea_hex(*s)};
  return Bytes{std::move(*s)};
}

long long Row::i64(std::size_t i) const {
  auto v = opt_i64(i);
  if (!v) wrong_kind(i, "a non-NULL integer");
  return *v;
}

int Row::i32(std::size_t i) const {
  auto v = opt_i32(i);
  if (!v) wrong_kind(i, "a non-NULL integer");
  return *v;
}

bool Row::boolean(std::size_t i) const { return i64(i) != 0; }

double Row::real(std::size_t i) const {
  const Value& v = values_.at(i);
  if (v.kind() == Value::Kind::real) return v.real();
  if (v.kind() == Value::Kind::integer) return static_cast<double>(v.integer());
  if (v.kind() == Value::Kind::text) {
    try {
      std::size_t used = 0;
      double d = std::stod(v.text(), &used);
      if (used == v.text().size()) return d;
    } catch (const std::exception&) {
      // fall through to the error below
    }
  }
  wrong_kind(i, "a number");
}

std::string Row::text(std::size_t i) const {
  auto v = opt_text(i);
  if (!v) wrong_kind(i, "non-NULL text");
  return std::move(*v);
}

Bytes Row::bytes(std::size_t i) const {
  auto v = opt_bytes(i);
  if (!v) wrong_kind(i, "non-NULL binary data");
  return std::move(*v);
}

template <> long long Row::get<long long>(std::size_t i) const { return i64(i); }
template <> int Row::get<int>(std::size_t i) const { return i32(i); }
template <> bool Row::get<bool>(std::size_t i) const { return boolean(i); }
template <> double Row::get<double>(std::size_t i) const { return real(i); }
template <> std::string Row::get<std::string>(std::size_t i) const { return text(i); }
template <> Bytes Row::get<Bytes>(std::size_t i) const { return bytes(i); }
template <> std::optional<long long> Row::get<std::optional<long long>>(std::size_t i) const { return opt_i64(i); }
template <> std::optional<int> Row::get<std::optional<int>>(std::size_t i) const { return opt_i32(i); }
template <> std::optional<bool> Row::get<std::optional<bool>>(std::size_t i) const { return opt_boolean(i); }
template <> std::optional<std::string> Row::get<std::optional<std::string>>(std::size_t i) const { return opt_text(i); }
template <> std::optional<Bytes> Row::get<std::optional<Bytes>>(std::size_t i) const { return opt_bytes(i); }

}  // namespace patchloom::store
