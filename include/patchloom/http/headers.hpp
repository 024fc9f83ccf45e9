#pragma once
// HTTP header fields in arrival order, looked up case-insensitively
// (RFC 9110 §5.1: field names are case-insensitive). Repeated fields are kept
// as separate entries so nothing the client sent is merged or lost.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace patchloom::http {

// True when `a` and `b` are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b);

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  // Appends a field, keeping any existing ones of the same name.
  void add(std::string name, std::string value);
  // Replaces every field named `name` by one field (appended if absent).
  void set(std::string_view name, std::string value);
  // Removes every field named `name`.
  void remove(std::string_view name);

  // The first value of `name`, or nullopt when absent.
  std::optional<std::string_view> get(std::string_view name) const;
  // Every value of `name`, in arrival order.
  std::vector<std::string_view> get_all(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }

  std::vector<Field>::const_iterator begin() const { return fields_.begin(); }
  std::vector<Field>::const_iterator end() const { return fields_.end(); }
  std::size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<Field> fields_;
};

}  // namespace patchloom::http
