// Remote follow and /authorize_interaction: the typed handle, the subscribe template (only
// http(s) results), and the confirmation pages with a hostile remote actor.
#include <doctest/doctest.h>

#include <string>

#include "src/server/pages/interaction_page.h"
#include "src/server/pages/remote_follow.h"
#include "tests/unit/pages/html_check.h"

using namespace cornerstore;
using namespace cornerstore::server::pages;

namespace {

bool Contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

void CheckValid(const std::string& html) {
  for (const std::string& problem : testing::HtmlProblems(html)) FAIL_CHECK(problem);
}

InteractionView View() {
  InteractionView view;
  view.actor.uri = "https://mastodon.example/users/alice";
  view.actor.url = "https://mastodon.example/@alice";
  view.actor.username = "alice";
  view.actor.display_name = "Alice";
  view.actor.summary_html = "<p>Baker</p>";
  view.actor.avatar_url = "https://mastodon.example/a.png";
  view.actor_handle = "@alice@mastodon.example";
  return view;
}

}  // namespace

TEST_CASE("remote follow: typed handles") {
  CHECK(*CleanHandleInput("  alice@mastodon.example \n") == "alice@mastodon.example");
  CHECK(CleanHandleInput("").value().empty());
  CHECK_FALSE(CleanHandleInput(std::string(kMaxHandleInputBytes + 1, 'a')).ok());
}

TEST_CASE("remote follow: subscribe templates") {
  auto url = FillSubscribeTemplate("https://mastodon.example/authorize_interaction?uri={uri}",
                                   "https://social.shop.example/users/shop");
  REQUIRE(url.ok());
  CHECK(*url ==
        "https://mastodon.example/authorize_interaction?uri="
        "https%3A%2F%2Fsocial.shop.example%2Fusers%2Fshop");
  CHECK_FALSE(FillSubscribeTemplate("javascript:alert(1)//{uri}", "x").ok());
  CHECK_FALSE(FillSubscribeTemplate("https://mastodon.example/follow", "x").ok());
  CHECK_FALSE(FillSubscribeTemplate("{uri}", "https://evil.example/").ok());  // encoded: no URL
  CHECK_FALSE(FillSubscribeTemplate("", "x").ok());
}

TEST_CASE("authorize interaction: the confirm form for a logged-in owner") {
  InteractionView view = View();
  view.owner_handle = "@shop@shop.example";
  view.csrf_token = "tok\"en";
  const std::string html = RenderInteractionPage(view);
  CheckValid(html);
  CHECK(Contains(html, "<h1>Follow Alice?</h1>"));
  CHECK(
      Contains(html, "<form class=\"follow\" method=\"post\" action=\"/authorize_interaction\">"));
  CHECK(Contains(html, "name=\"csrf_token\" value=\"tok&quot;en\""));
  CHECK(Contains(html, "name=\"uri\" value=\"https://mastodon.example/users/alice\""));
  CHECK(Contains(html, "Follow as @shop@shop.example</button>"));
  CHECK(Contains(html, "<div class=\"p-note\"><p>Baker</p></div>"));

  view.follow_state = "pending";
  const std::string pending = RenderInteractionPage(view);
  CHECK_FALSE(Contains(pending, "<form"));
  CHECK(Contains(pending, "has asked to follow this account already"));
}

TEST_CASE("authorize interaction: without a session, a link to log in") {
  InteractionView view = View();
  view.login_url = "/dashboard/login?next=%2Fauthorize_interaction";
  const std::string html = RenderInteractionPage(view);
  CheckValid(html);
  CHECK_FALSE(Contains(html, "<form"));
  CHECK(Contains(html, "<a href=\"/dashboard/login?next=%2Fauthorize_interaction\">Log in</a>"));
}

TEST_CASE("authorize interaction: a hostile remote actor stays inert") {
  InteractionView view = View();
  const std::string attack = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";
  view.actor.display_name = attack;
  view.actor.summary_html = attack + "<a href=\"javascript:alert(3)\">x</a>";
  view.actor.avatar_url = "javascript:alert(4)";
  view.actor.url = "javascript:alert(5)";
  view.actor.uri = "javascript:alert(6)";
  view.actor_handle = attack;
  view.owner_handle = "@shop@shop.example";
  for (const std::string& html : {RenderInteractionPage(view), RenderFollowSentPage(view, true)}) {
    CheckValid(html);
    CHECK_FALSE(Contains(html, "<script"));
    CHECK_FALSE(Contains(html, "<img src=\"x\""));
    CHECK_FALSE(Contains(html, "href=\"javascript:"));
    CHECK_FALSE(Contains(html, "src=\"javascript:"));
  }
}
