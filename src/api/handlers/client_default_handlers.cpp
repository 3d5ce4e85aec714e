// What Mastodon apps load on login besides the timelines: preferences, custom emojis, and the
// lists of features this server does not have (filters, lists, announcements, followed tags,
// mutes, bookmarks, featured tags, trends). Those answer an empty list, which is the truth
// here, instead of a 404 that apps show as an error.
#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"

namespace cornerstore::api {

HttpResponse Preferences(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "read:accounts");
  if (auth.refusal) return *auth.refusal;
  json::Value p;
  p.Set("posting:default:visibility", "public");
  p.Set("posting:default:sensitive", false);
  p.Set("posting:default:language", nullptr);
  p.Set("reading:expand:media", "default");
  p.Set("reading:expand:spoilers", false);
  return Ok(p);
}

HttpResponse CustomEmojis(ApiContext&, const HttpRequest&, const PathParams&) {
  return Ok(json::Value::MakeArray());
}

HttpResponse EmptyPublicList(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = OptionalUser(ctx, request, "read");
  if (auth.refusal) return *auth.refusal;
  return Ok(json::Value::MakeArray());
}

#define CS_EMPTY_LIST(Name, scope)                                                    \
  HttpResponse Name(ApiContext& ctx, const HttpRequest& request, const PathParams&) { \
    AuthOutcome auth = RequireUser(ctx, request, scope);                              \
    if (auth.refusal) return *auth.refusal;                                           \
    return Ok(json::Value::MakeArray());                                              \
  }

CS_EMPTY_LIST(EmptyFilters, "read:filters")
CS_EMPTY_LIST(EmptyLists, "read:lists")
CS_EMPTY_LIST(EmptyAnnouncements, "read")
CS_EMPTY_LIST(EmptyFollowedTags, "read:follows")
CS_EMPTY_LIST(EmptyMutes, "read:mutes")
CS_EMPTY_LIST(EmptyBookmarks, "read:bookmarks")
CS_EMPTY_LIST(EmptyFeaturedTags, "read:accounts")

#undef CS_EMPTY_LIST

}  // namespace cornerstore::api
