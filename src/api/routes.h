// The route table of the Mastodon client API: method, path pattern (a regular expression over
// the whole path; its groups are the handler's `params`), handler. The server registers these
// in order (specific paths before the `:id` patterns that would also match them); tests
// dispatch through the same table.
//
// Handlers are thin: parameters in, one service or store call, an entity out. Thread-safe as
// far as the context is.
#pragma once

#include <string>
#include <vector>

#include "src/api/api_context.h"
#include "src/common/http_message.h"

namespace cornerstore::api {

using PathParams = std::vector<std::string>;
using ApiHandler = HttpResponse (*)(ApiContext& ctx, const HttpRequest& request,
                                    const PathParams& params);

struct ApiRoute {
  std::string method;
  std::string pattern;
  ApiHandler handler;
};

const std::vector<ApiRoute>& ApiRoutes();

}  // namespace cornerstore::api
