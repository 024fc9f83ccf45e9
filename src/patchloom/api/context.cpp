#include "context.hpp"

namespace patchloom::api {

void throw_not_found(std::string_view model) {
  throw ApiError{404, "No " + std::string(model) + " matches the given query."};
}

std::string in_list(const std::vector<long long>& ids, store::Params& params) {
  if (ids.empty()) return "(NULL)";
  std::string out = "(";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i != 0) out += ", ";
    out += ":i" + std::to_string(params.size());  // unique: see Where::bind
    params.emplace_back(ids[i]);
  }
  out += ")";
  return out;
}

void Where::add_in(std::string_view column, const std::vector<long long>& ids) {
  conditions.push_back(std::string(column) + " IN " + in_list(ids, params));
}

std::string Where::sql() const {
  if (conditions.empty()) return "";
  std::string out = " WHERE ";
  for (std::size_t i = 0; i < conditions.size(); ++i) {
    if (i != 0) out += " AND ";
    out += "(" + conditions[i] + ")";
  }
  return out;
}

std::string render_json(const json::value& v) {
  // Boost.JSON escapes like Python's json.dumps(ensure_ascii=False):
  // '"', '\\', and control characters (\b \f \n \r \t short, others \u00XX);
  // '/' is not escaped. DRF additionally escapes U+2028/U+2029, whose UTF-8
  // bytes can only occur inside strings.
  std::string text = json::serialize(v);
  // Both start with the byte 0xE2: copy the runs between such bytes whole.
  std::size_t i = text.find('\xE2');
  if (i == std::string::npos) return text;
  std::string out;
  out.reserve(text.size() + 16);
  std::size_t copied = 0;
  for (; i != std::string::npos; i = text.find('\xE2', i + 1)) {
    if (i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(text[i + 2]) == 0xA8 || static_cast<unsigned char>(text[i + 2]) == 0xA9)) {
      out.append(text, copied, i - copied);
      out += static_cast<unsigned char>(text[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      copied = i + 3;
      i += 2;
    }
  }
  out.append(text, copied, std::string::npos);
  return out;
}

}  // namespace patchloom::api
