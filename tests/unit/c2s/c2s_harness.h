// The publish harness plus a ClientOutbox over the same stores, and helpers that submit a
// client's JSON the way POST /users/shop/outbox does after its token checks.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "activitypub/c2s/client_activity.h"
#include "activitypub/c2s/client_outbox.h"
#include "activitypub/follow_service.h"
#include "tests/unit/publish/publish_harness.h"

namespace cornerstore::testing {

struct C2sHarness : PublishHarness {
  C2sHarness()
      : follows(*accounts, *federation, *actors, uris, clock),
        outbox(*federation, *service, follows, *actors, uris, clock) {}

  static json::Value Json(const std::string& text) {
    auto parsed = json::Parse(text);
    REQUIRE_MESSAGE(parsed.ok(), parsed.error().ToLogString());
    return std::move(parsed).value();
  }

  Result<activitypub::c2s::OutboxOutcome> Submit(const std::string& text) {
    CS_ASSIGN_OR_RETURN(activitypub::c2s::ClientActivity submission,
                        activitypub::c2s::ClientActivityFromJson(Json(text), kShopActor));
    return outbox.Submit(shop, submission);
  }

  activitypub::c2s::OutboxOutcome MustSubmit(const std::string& text) {
    auto outcome = Submit(text);
    REQUIRE_MESSAGE(outcome.ok(), outcome.error().ToLogString());
    return std::move(outcome).value();
  }

  activitypub::FollowService follows;
  activitypub::c2s::ClientOutbox outbox;
};

}  // namespace cornerstore::testing
