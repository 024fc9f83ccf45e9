#pragma once
// Internal to the api module: the browsable API page (`?format=api`, or a
// browser's Accept). Shaped like Django REST framework's: the view's name,
// what the endpoint is, the request line, then the response as DRF shows it
// (status line, the headers a client acts on, indented JSON whose URLs are
// links).

#include <string_view>

#include "patchloom/http/request.hpp"
#include "patchloom/http/response.hpp"

namespace patchloom::api {

// Turns a JSON API response into its HTML page. `view_name` is DRF's
// ("Patch List"); `json_response` carries the indented JSON.
http::Response browsable_page(std::string_view view_name, const http::Request& request, http::Response json_response);

}  // namespace patchloom::api
