// POST /api/v1/media and /api/v2/media: uploads come later; clients get a clear 422 now.
#include "src/api/errors.h"
#include "src/api/guard.h"
#include "src/api/handlers/handlers.h"

namespace cornerstore::api {

HttpResponse UploadMedia(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "write:media");
  if (auth.refusal) return *auth.refusal;
  return ApiError(422, kMediaUnsupported);
}

}  // namespace cornerstore::api
