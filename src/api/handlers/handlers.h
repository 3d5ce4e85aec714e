// The client API's handlers, one per endpoint (docs/API.md, "Mastodon client API", lists them
// with their differences from Mastodon). `params` are the path's captured ids.
#pragma once

#include "src/api/routes.h"

namespace cornerstore::api {

// instance_handlers.cpp
HttpResponse InstanceV1(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse InstanceV2(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
// GET /avatars/original/missing.png and /headers/original/missing.png: the images of accounts
// that have none (Mastodon's paths, so clients always have something to load).
HttpResponse MissingImage(ApiContext& ctx, const HttpRequest& request, const PathParams& params);

// credential_handlers.cpp
HttpResponse VerifyCredentials(ApiContext& ctx, const HttpRequest& request,
                               const PathParams& params);
HttpResponse UpdateCredentials(ApiContext& ctx, const HttpRequest& request,
                               const PathParams& params);

// account_handlers.cpp
HttpResponse ShowAccount(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse LookupAccount(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse AccountStatuses(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse AccountFollowers(ApiContext& ctx, const HttpRequest& request,
                              const PathParams& params);
HttpResponse AccountFollowing(ApiContext& ctx, const HttpRequest& request,
                              const PathParams& params);
HttpResponse Relationships(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse SearchAccounts(ApiContext& ctx, const HttpRequest& request, const PathParams& params);

// follow_handlers.cpp
HttpResponse FollowAccount(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse UnfollowAccount(ApiContext& ctx, const HttpRequest& request, const PathParams& params);

// status_handlers.cpp
HttpResponse CreateStatus(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse ShowStatus(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse DeleteStatus(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse EditStatus(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse StatusContext(ApiContext& ctx, const HttpRequest& request, const PathParams& params);

// status_action_handlers.cpp
HttpResponse Favourite(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse Unfavourite(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse Reblog(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse Unreblog(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse PinStatus(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse UnpinStatus(ApiContext& ctx, const HttpRequest& request, const PathParams& params);

// media_handlers.cpp
HttpResponse UploadMedia(ApiContext& ctx, const HttpRequest& request, const PathParams& params);

}  // namespace cornerstore::api
