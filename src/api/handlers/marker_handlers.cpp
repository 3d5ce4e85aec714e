// Markers: where the account's apps stopped reading the home timeline and the notifications,
// kept per account so that every app (and a restart) finds the same place.
#include <algorithm>
#include <array>

#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"

namespace cornerstore::api {
namespace {

// The timelines Mastodon keeps markers for.
constexpr std::array<std::string_view, 2> kMarkerTimelines = {"home", "notifications"};

// Longest last_read_id kept: ids are at most a few dozen characters.
constexpr size_t kMaxLastReadIdLength = 128;

json::Value MarkerEntity(const store::Marker& marker) {
  json::Value m;
  m.Set("last_read_id", marker.last_read_id);
  m.Set("version", marker.version);
  m.Set("updated_at", MastodonTime(marker.updated_at));
  return m;
}

}  // namespace

HttpResponse ShowMarkers(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "read:statuses");
  if (auth.refusal) return *auth.refusal;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  const std::vector<std::string> wanted = params->GetAll("timeline");
  auto markers = ctx.federation.ListMarkers(auth.viewer->account.id);
  if (!markers.ok()) return ApiErrorFrom(markers.error());
  json::Value result = json::Value::MakeObject();
  for (const store::Marker& marker : *markers) {
    // Mastodon answers only the timelines asked for ({} when none is named).
    if (std::find(wanted.begin(), wanted.end(), marker.timeline) == wanted.end()) continue;
    result.Set(marker.timeline, MarkerEntity(marker));
  }
  return Ok(result);
}

HttpResponse SaveMarkers(ApiContext& ctx, const HttpRequest& request, const PathParams&) {
  AuthOutcome auth = RequireUser(ctx, request, "write:statuses");
  if (auth.refusal) return *auth.refusal;
  auto params = Params::FromRequest(request);
  if (!params.ok()) return ApiErrorFrom(params.error());
  json::Value result = json::Value::MakeObject();
  for (std::string_view timeline : kMarkerTimelines) {
    auto id = params->Get(std::string(timeline) + "[last_read_id]");
    if (!id) continue;
    if (id->empty() || id->size() > kMaxLastReadIdLength) {
      return ApiError(422, "Validation failed: Last read id is invalid");
    }
    auto saved = ctx.federation.SaveMarker(auth.viewer->account.id, timeline, *id);
    if (!saved.ok()) return ApiErrorFrom(saved.error());
    result.Set(std::string(timeline), MarkerEntity(*saved));
  }
  return Ok(result);
}

}  // namespace cornerstore::api
