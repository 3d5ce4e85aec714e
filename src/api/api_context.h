// ApiContext: what the Mastodon client API handlers borrow from the running instance — the
// stores, the one publish path, the follow logic, the token check and the configuration.
//
// Built once by the composition root (src/server/api_routes.cpp) and shared by every handler;
// tests build one over ":memory:" stores and a fake Authenticator. Borrows everything, which
// must outlive it. Thread safety: every part it points to is thread-safe.
#pragma once

#include "activitypub/follow_service.h"
#include "activitypub/inbox/remote_actors.h"
#include "activitypub/publish/publish_service.h"
#include "activitypub/uris.h"
#include "config/config.h"
#include "src/api/idempotency.h"
#include "src/auth/principal.h"
#include "src/common/clock.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::api {

struct ApiContext {
  store::Store& store;
  store::FederationStore& federation;
  activitypub::PublishService& publish;
  activitypub::FollowService& follows;
  activitypub::RemoteActorResolver& actors;
  // WebFinger for `@user@host` (account search with resolve=true).
  activitypub::HandleLookup lookup;
  auth::Authenticator& auth;
  const activitypub::Uris& uris;
  const config::Config& config;
  const Clock& clock;
  IdempotencyCache& idempotency;
};

}  // namespace cornerstore::api
