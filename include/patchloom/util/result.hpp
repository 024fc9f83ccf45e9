#pragma once
// A value or an error message. std::expected does not build with Clang 14
// here (DESIGN.md), so the project keeps this one small type of its own.
// Use it for failures the caller can act on (a mail that is not a patch, a
// bad query parameter); throw for what it cannot (a broken database).

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace patchloom {

struct Error {
  std::string message;
};

template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}               // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}           // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<T>(state_); }
  const T& value() const& { assert(ok()); return std::get<T>(state_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const std::string& error() const { assert(!ok()); return std::get<Error>(state_).message; }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success or an error message.
template <>
class Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error.message)), failed_(true) {}  // NOLINT
  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const std::string& error() const { return error_; }

 private:
  std::string error_;
  bool failed_ = false;
};

inline Error make_error(std::string message) { return Error{std::move(message)}; }

}  // namespace patchloom
