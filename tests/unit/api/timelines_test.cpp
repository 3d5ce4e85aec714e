// Timelines, thread context, notifications, follow requests, search, markers and the login-time
// endpoints, over the route table with real ":memory:" stores.
#include <doctest/doctest.h>

#include "src/api/ids.h"
#include "tests/unit/api/api_harness.h"

namespace cornerstore::testing {
namespace {

// A remote post by `author` stored as the inbox would store it.
store::StoredObject RemotePost(ApiHarness& h, const std::string& uri, const std::string& author,
                               store::Visibility visibility = store::Visibility::kPublic,
                               const std::string& in_reply_to = "",
                               std::vector<std::string> tags = {}) {
  store::StoredObject o;
  o.uri = uri;
  o.url = uri + "/page";
  o.attributed_to = author;
  o.visibility = visibility;
  o.in_reply_to_uri = in_reply_to;
  o.content_html = "<p>remote</p>";
  o.hashtags = std::move(tags);
  auto inserted = h.federation->InsertObject(o);
  REQUIRE_MESSAGE(inserted.ok(), inserted.error().ToLogString());
  return *inserted;
}

std::vector<std::string> IdsOf(const json::Value& list) {
  std::vector<std::string> ids;
  for (const json::Value& item : list.AsArray()) ids.push_back(*item.FindString("id"));
  return ids;
}

TEST_CASE("home timeline: own posts and what reached the account, newest first, paged") {
  ApiHarness h;
  const std::string own = *h.PostStatus(R"({"status":"own post"})").FindString("id");
  auto reached = RemotePost(h, "https://mastodon.example/notes/1", kAliceId);
  auto unrelated = RemotePost(h, "https://gts.example/notes/2", kBobId);
  REQUIRE(h.federation->AddToTimeline(h.shop.id, reached.id).ok());

  HttpResponse r = h.Call("GET", "/api/v1/timelines/home", "shop-read");
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(IdsOf(ApiHarness::Body(r)) == std::vector<std::string>{api::StatusId(reached.id), own});
  CHECK(r.headers.Get("Link")->find("max_id=" + own) != std::string::npos);
  json::Value older = ApiHarness::Body(
      h.Call("GET", "/api/v1/timelines/home?max_id=" + api::StatusId(reached.id), "shop-read"));
  CHECK(IdsOf(older) == std::vector<std::string>{own});
  CHECK(h.Call("GET", "/api/v1/timelines/home").status == 401);
  (void)unrelated;
}

TEST_CASE("public and hashtag timelines list public posts only, local or remote") {
  ApiHarness h;
  const std::string local = *h.PostStatus(R"({"status":"hello #Bread"})").FindString("id");
  h.PostStatus(R"({"status":"quiet","visibility":"unlisted"})");
  auto remote = RemotePost(h, "https://mastodon.example/notes/1", kAliceId,
                           store::Visibility::kPublic, "", {"bread"});
  RemotePost(h, "https://mastodon.example/notes/2", kAliceId, store::Visibility::kFollowers);
  // A reply to someone else stays out of the public feed.
  RemotePost(h, "https://gts.example/notes/3", kBobId, store::Visibility::kPublic, remote.uri);

  const std::string remote_id = api::StatusId(remote.id);
  CHECK(IdsOf(ApiHarness::Body(h.Call("GET", "/api/v1/timelines/public"))) ==
        std::vector<std::string>{remote_id, local});
  CHECK(IdsOf(ApiHarness::Body(h.Call("GET", "/api/v1/timelines/public?local=true"))) ==
        std::vector<std::string>{local});
  CHECK(IdsOf(ApiHarness::Body(h.Call("GET", "/api/v1/timelines/public?remote=true"))) ==
        std::vector<std::string>{remote_id});
  CHECK(ApiHarness::Body(h.Call("GET", "/api/v1/timelines/public?only_media=true")).size() == 0);
  CHECK(IdsOf(ApiHarness::Body(h.Call("GET", "/api/v1/timelines/tag/bread"))) ==
        std::vector<std::string>{remote_id, local});
  CHECK(IdsOf(ApiHarness::Body(h.Call("GET", "/api/v1/timelines/tag/BREAD?local=1"))) ==
        std::vector<std::string>{local});
  CHECK(ApiHarness::Body(h.Call("GET", "/api/v1/timelines/tag/cake")).size() == 0);
}

TEST_CASE("context lists stored replies depth first, and replies_count counts them") {
  ApiHarness h;
  json::Value root = h.PostStatus(R"({"status":"root"})");
  const std::string root_id = *root.FindString("id");
  auto stored = h.federation->FindObjectById(*api::ParsePositiveId(root_id));
  REQUIRE(stored.ok());
  auto a = RemotePost(h, "https://mastodon.example/notes/a", kAliceId, store::Visibility::kPublic,
                      stored->uri);
  const std::string own_reply =
      *h.PostStatus(R"({"status":"mine","in_reply_to_id":")" + root_id + R"("})").FindString("id");
  auto a1 =
      RemotePost(h, "https://gts.example/notes/a1", kBobId, store::Visibility::kPublic, a.uri);
  RemotePost(h, "https://gts.example/notes/hidden", kBobId, store::Visibility::kDirect, a.uri);

  json::Value context =
      ApiHarness::Body(h.Call("GET", "/api/v1/statuses/" + root_id + "/context", "shop-read"));
  CHECK(IdsOf(*context.Find("descendants")) ==
        std::vector<std::string>{api::StatusId(a.id), api::StatusId(a1.id), own_reply});
  json::Value shown = ApiHarness::Body(h.Call("GET", "/api/v1/statuses/" + root_id));
  CHECK(shown.FindInt("replies_count").value_or(-1) == 2);
}

TEST_CASE("notifications: Mastodon's entity, type filters, show, dismiss and clear") {
  ApiHarness h;
  activitypub::PostRequest request;
  request.text = "bread";
  auto post = h.MustPost(request);
  auto add = [&](store::NotificationType type, const std::string& actor, const std::string& object,
                 const std::string& activity) {
    store::Notification n;
    n.account_id = h.shop.id;
    n.type = type;
    n.actor_uri = actor;
    n.object_uri = object;
    n.activity_uri = activity;
    REQUIRE(h.federation->AddNotification(n).ok());
  };
  REQUIRE(h.actors->Resolve(kAliceId).ok());
  add(store::NotificationType::kFollow, kAliceId, kShopActor, "https://mastodon.example/f/1");
  add(store::NotificationType::kFavourite, kAliceId, post.uri, "https://mastodon.example/l/1");
  add(store::NotificationType::kReply, kBobId, post.uri, "https://gts.example/c/1");
  add(store::NotificationType::kEmojiReact, kBobId, post.uri, "https://gts.example/e/1");

  HttpResponse r = h.Call("GET", "/api/v1/notifications", "shop-read");
  REQUIRE_MESSAGE(r.status == 200, r.body);
  json::Value list = ApiHarness::Body(r);
  REQUIRE(list.size() == 3);  // the emoji reaction is not a Mastodon type
  const json::Value& reply = list.AsArray()[0];
  CHECK(*reply.FindString("type") == "mention");
  CHECK(*reply.FindObject("status")->FindString("id") == api::StatusId(post.id));
  const json::Value& follow = list.AsArray()[2];
  CHECK(*follow.FindString("type") == "follow");
  CHECK(follow.Find("status") == nullptr);  // Mastodon leaves the key out for follows
  CHECK(*follow.FindObject("account")->FindString("acct") == "alice@mastodon.example");

  json::Value favourites = ApiHarness::Body(
      h.Call("GET", "/api/v1/notifications?types[]=favourite&types[]=follow", "shop-read"));
  CHECK(favourites.size() == 2);
  json::Value no_mentions =
      ApiHarness::Body(h.Call("GET", "/api/v1/notifications?exclude_types[]=mention", "shop-read"));
  CHECK(no_mentions.size() == 2);

  const std::string id = *follow.FindString("id");
  CHECK(h.Call("GET", "/api/v1/notifications/" + id, "shop-read").status == 200);
  CHECK(h.Call("POST", "/api/v1/notifications/" + id + "/dismiss", "shop-read").status == 403);
  CHECK(h.Call("POST", "/api/v1/notifications/" + id + "/dismiss", "shop-rw").status == 200);
  CHECK(h.Call("GET", "/api/v1/notifications/" + id, "shop-read").status == 404);
  CHECK(h.Call("POST", "/api/v1/notifications/clear", "shop-rw").status == 200);
  CHECK(ApiHarness::Body(h.Call("GET", "/api/v1/notifications", "shop-read")).size() == 0);
}

TEST_CASE("follow requests: listed, authorized with an Accept, rejected with a Reject") {
  ApiHarness h;
  for (const char* actor : {kAliceId, kBobId}) {
    REQUIRE(h.actors->Resolve(actor).ok());
    store::Follow f;
    f.follower_uri = actor;
    f.followed_uri = kShopActor;
    f.followed_account_id = h.shop.id;
    f.state = store::FollowState::kPending;
    f.follow_activity_uri = std::string(actor) + "#follows/1";
    REQUIRE(h.federation->PutFollow(f).ok());
  }
  json::Value requests = ApiHarness::Body(h.Call("GET", "/api/v1/follow_requests", "shop-read"));
  REQUIRE(requests.size() == 2);
  CHECK(*requests.AsArray()[0].FindString("acct") == "bob@gts.example");

  const std::string alice = api::RemoteAccountId(kAliceId);
  HttpResponse r = h.Call("POST", "/api/v1/follow_requests/" + alice + "/authorize", "shop-rw");
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(*ApiHarness::Body(r).FindBool("followed_by"));
  auto jobs = h.NewJobs();
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].inbox_url == "https://mastodon.example/users/alice/inbox");
  CHECK(*ApiHarness::Activity(jobs).FindString("type") == "Accept");
  // Answered already: no pending request any more.
  CHECK(h.Call("POST", "/api/v1/follow_requests/" + alice + "/reject", "shop-rw").status == 404);

  const std::string bob = api::RemoteAccountId(kBobId);
  r = h.Call("POST", "/api/v1/follow_requests/" + bob + "/reject", "shop-rw");
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK_FALSE(*ApiHarness::Body(r).FindBool("requested_by"));
  CHECK(*ApiHarness::Activity(h.NewJobs()).FindString("type") == "Reject");
  CHECK(ApiHarness::Body(h.Call("GET", "/api/v1/follow_requests", "shop-read")).size() == 0);
}

TEST_CASE("search v2: accounts, posts by URL (resolved when asked) and stored hashtags") {
  ApiHarness h;
  h.PostStatus(R"({"status":"#Sourdough and #soup"})");
  json::Value all = ApiHarness::Body(h.Call("GET", "/api/v2/search?q=sou", "shop-read"));
  CHECK(all.FindArray("accounts")->size() == 0);
  CHECK(all.FindArray("statuses")->size() == 0);
  REQUIRE(all.FindArray("hashtags")->size() == 2);
  CHECK(*(*all.FindArray("hashtags"))[0].FindString("url") != "");

  json::Value accounts = ApiHarness::Body(
      h.Call("GET", "/api/v2/search?q=@bob@gts.example&resolve=true&type=accounts", "shop-read"));
  REQUIRE(accounts.FindArray("accounts")->size() == 1);
  CHECK(accounts.FindArray("hashtags")->size() == 0);

  const std::string url = "https://mastodon.example/users/alice/statuses/77";
  h.ServeNote(url, kAliceId, {"https://www.w3.org/ns/activitystreams#Public"}, {});
  json::Value unknown = ApiHarness::Body(h.Call("GET", "/api/v2/search?q=" + url, "shop-read"));
  CHECK(unknown.FindArray("statuses")->size() == 0);
  json::Value resolved =
      ApiHarness::Body(h.Call("GET", "/api/v2/search?resolve=true&q=" + url, "shop-read"));
  REQUIRE(resolved.FindArray("statuses")->size() == 1);
  CHECK(*(*resolved.FindArray("statuses"))[0].FindString("uri") == url);
  // Known now: found without resolving, and anonymously.
  CHECK(ApiHarness::Body(h.Call("GET", "/api/v2/search?q=" + url)).FindArray("statuses")->size() ==
        1);
  CHECK(h.Call("GET", "/api/v2/search?q=x&resolve=true").status == 401);
  CHECK(h.Call("GET", "/api/v2/search?q=x&type=nope", "shop-read").status == 422);
}

TEST_CASE("markers are saved per timeline with a version, and read back") {
  ApiHarness h;
  HttpResponse r = h.Call("POST", "/api/v1/markers", "shop-rw",
                          R"({"home":{"last_read_id":"12"},"notifications":{"last_read_id":"3"}})");
  REQUIRE_MESSAGE(r.status == 200, r.body);
  CHECK(*ApiHarness::Body(r).FindObject("home")->FindString("last_read_id") == "12");
  r = h.Call("POST", "/api/v1/markers", "shop-rw", "home[last_read_id]=14",
             "application/x-www-form-urlencoded");
  json::Value home = *ApiHarness::Body(r).FindObject("home");
  CHECK(home.FindInt("version").value_or(-1) == 1);
  json::Value read = ApiHarness::Body(
      h.Call("GET", "/api/v1/markers?timeline[]=home&timeline[]=notifications", "shop-read"));
  CHECK(*read.FindObject("home")->FindString("last_read_id") == "14");
  CHECK(*read.FindObject("notifications")->FindString("last_read_id") == "3");
  CHECK(read.FindObject("notifications")->FindInt("version").value_or(-1) == 0);
  CHECK(ApiHarness::Body(h.Call("GET", "/api/v1/markers", "shop-read")).size() == 0);
  CHECK(h.Call("POST", "/api/v1/markers", "shop-read", "home[last_read_id]=1",
               "application/x-www-form-urlencoded")
            .status == 403);
}

TEST_CASE("login-time endpoints answer instead of 404") {
  ApiHarness h;
  json::Value prefs = ApiHarness::Body(h.Call("GET", "/api/v1/preferences", "shop-read"));
  CHECK(*prefs.FindString("posting:default:visibility") == "public");
  CHECK(prefs.Find("posting:default:language")->is_null());
  for (const char* path :
       {"/api/v1/custom_emojis", "/api/v1/filters", "/api/v2/filters", "/api/v1/lists",
        "/api/v1/announcements", "/api/v1/followed_tags", "/api/v1/mutes", "/api/v1/bookmarks",
        "/api/v1/featured_tags", "/api/v1/trends", "/api/v1/trends/tags"}) {
    HttpResponse r = h.Call("GET", path, "shop-read");
    CHECK_MESSAGE(r.status == 200, path);
    CHECK_MESSAGE(r.body == "[]", path);
  }
  CHECK(h.Call("GET", "/api/v1/lists").status == 401);
  CHECK(h.Call("GET", "/api/v1/custom_emojis").status == 200);
}

}  // namespace
}  // namespace cornerstore::testing
