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

// timeline_handlers.cpp
HttpResponse HomeTimeline(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse PublicTimeline(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse TagTimeline(ApiContext& ctx, const HttpRequest& request, const PathParams& params);

// notification_handlers.cpp
HttpResponse ListNotifications(ApiContext& ctx, const HttpRequest& request,
                               const PathParams& params);
HttpResponse ShowNotification(ApiContext& ctx, const HttpRequest& request,
                              const PathParams& params);
HttpResponse DismissNotification(ApiContext& ctx, const HttpRequest& request,
                                 const PathParams& params);
HttpResponse ClearNotifications(ApiContext& ctx, const HttpRequest& request,
                                const PathParams& params);

// follow_request_handlers.cpp
HttpResponse FollowRequests(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse AuthorizeFollowRequest(ApiContext& ctx, const HttpRequest& request,
                                    const PathParams& params);
HttpResponse RejectFollowRequest(ApiContext& ctx, const HttpRequest& request,
                                 const PathParams& params);

// search_handlers.cpp
HttpResponse SearchV2(ApiContext& ctx, const HttpRequest& request, const PathParams& params);

// marker_handlers.cpp
HttpResponse ShowMarkers(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse SaveMarkers(ApiContext& ctx, const HttpRequest& request, const PathParams& params);

// client_default_handlers.cpp: preferences, custom emojis, and the empty lists of features
// this server does not have (each with Mastodon's scope).
HttpResponse Preferences(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse CustomEmojis(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
// Trends: public reads.
HttpResponse EmptyPublicList(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse EmptyFilters(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse EmptyLists(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse EmptyAnnouncements(ApiContext& ctx, const HttpRequest& request,
                                const PathParams& params);
HttpResponse EmptyFollowedTags(ApiContext& ctx, const HttpRequest& request,
                               const PathParams& params);
HttpResponse EmptyMutes(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse EmptyBookmarks(ApiContext& ctx, const HttpRequest& request, const PathParams& params);
HttpResponse EmptyFeaturedTags(ApiContext& ctx, const HttpRequest& request,
                               const PathParams& params);

}  // namespace cornerstore::api
