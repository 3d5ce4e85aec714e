#include "src/common/http_fetcher.h"

#include "src/common/network_deferral.h"

namespace cornerstore {

Result<FetchResponse> HttpFetcher::Fetch(const OutboundRequest& request,
                                         const FetchLimits& limits) {
  if (NetworkDeferral::Refuse()) {
    // This thread holds the database's writer (the inbox worker's batch): try again outside it.
    return MakeError(ErrorCode::kUnavailable, "remote fetch deferred",
                     "no network inside a write batch: " + request.url);
  }
  return Send(request, limits);
}

}  // namespace cornerstore
