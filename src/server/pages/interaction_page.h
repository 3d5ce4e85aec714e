// The pages of /authorize_interaction, where our WebFinger's subscribe template sends the owner
// who clicked "Follow" on another server: the remote account and a form to confirm following it
// (or a link to log in first), and the page after the follow was sent.
//
// The remote actor's fields come from its server: names and handles are escaped text, the bio
// was sanitized when it was cached and is sanitized again here, images and links only when
// http(s). Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "store/federation_store.h"

namespace cornerstore::server::pages {

// Where the confirm form posts.
inline constexpr std::string_view kAuthorizeInteractionPath = "/authorize_interaction";

struct InteractionView {
  store::RemoteActor actor;
  std::string actor_handle;  // "@user@host" of the remote actor
  // The logged-in owner's handle and session CSRF token; both empty without a session.
  std::string owner_handle;
  std::string csrf_token;
  std::string login_url;  // where to log in first (with next= back here)
  // "pending" or "accepted" when the owner already follows the actor; "" otherwise.
  std::string follow_state;
};

// The confirmation page (the form when logged in, else the link to log in).
std::string RenderInteractionPage(const InteractionView& view);

// After the confirm POST: "Follow request sent" (pending) or "You now follow" (accepted).
std::string RenderFollowSentPage(const InteractionView& view, bool pending);

}  // namespace cornerstore::server::pages
