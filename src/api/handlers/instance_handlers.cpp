// GET /api/v1/instance, /api/v2/instance, and the placeholder avatar and header images.
#include "src/api/entities/instance_entity.h"
#include "src/api/errors.h"
#include "src/api/handlers/common.h"
#include "src/api/handlers/handlers.h"

namespace cornerstore::api {
namespace {

// A 1×1 PNG in Mastodon's placeholder grey; clients scale it to fill the avatar or header.
constexpr char kMissingPng[] =
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00"
    "\x00\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63"
    "\x98\xbd\xee\x04\x00\x03\xf9\x02\x12\x1c\xb8\x85\x92\x00\x00\x00\x00\x49\x45\x4e\x44\xae"
    "\x42\x60\x82";

}  // namespace

HttpResponse InstanceV1(ApiContext& ctx, const HttpRequest&, const PathParams&) {
  auto usage = ctx.store.CountUsage();
  if (!usage.ok()) return ApiErrorFrom(usage.error());
  return Ok(InstanceV1ToJson(ctx.config, *usage));
}

HttpResponse InstanceV2(ApiContext& ctx, const HttpRequest&, const PathParams&) {
  auto usage = ctx.store.CountUsage();
  if (!usage.ok()) return ApiErrorFrom(usage.error());
  return Ok(InstanceV2ToJson(ctx.config, *usage));
}

HttpResponse MissingImage(ApiContext&, const HttpRequest&, const PathParams&) {
  HttpResponse response;
  response.headers.Set("Content-Type", "image/png");
  response.headers.Set("Cache-Control", "max-age=86400, public");
  response.body.assign(kMissingPng, sizeof(kMissingPng) - 1);
  return response;
}

}  // namespace cornerstore::api
