// Discovery over HTTP against the real binary: WebFinger, host-meta, NodeInfo, the actor
// document, content negotiation (PROTOCOL.md §1–3).
#include <doctest/doctest.h>

#include <memory>

#include "activitypub/keys.h"
#include "src/common/url.h"
#include "tests/support/cornerstore_process.h"
#include "tests/support/http_test_client.h"

using namespace cornerstore;
using namespace cornerstore::testing;

namespace {

// One server with the account @shop@shop.test, shared by the read-only tests of this file;
// stopped when the test binary exits (a static object, so its destructor runs).
CornerstoreProcess& Shop() {
  static const std::unique_ptr<CornerstoreProcess> server = [] {
    auto s = std::make_unique<CornerstoreProcess>();
    auto created =
        s->Cli({"account", "create", "shop", "--display-name", "Corner Shop", "--type",
                "organization", "--bio", "Fresh bread.\n\nCoffee <b>all</b> day.", "--field",
                "Website=https://shop.example", "--field", "Hours=Mon–Sat 8–18"});
    REQUIRE_MESSAGE(created.exit_code == 0, created.err);
    s->Start();
    return s;
  }();
  return *server;
}

const std::vector<std::pair<std::string, std::string>> kAcceptAs = {
    {"Accept", "application/activity+json"}};

std::string WebFingerUrl(const std::string& resource) {
  return "/.well-known/webfinger?resource=" + PercentEncode(resource);
}

}  // namespace

TEST_CASE("webfinger: acct, bare, @-prefixed, URL forms and case all find the account") {
  auto& s = Shop();
  const std::string actor = s.base_url() + "/users/shop";
  for (const std::string& resource : std::vector<std::string>{
           "acct:shop@shop.test", "shop@shop.test", "acct:@shop@shop.test", "@shop@shop.test",
           "acct:SHOP@Shop.Test", actor, s.base_url() + "/@shop",
           "acct:shop@127.0.0.1:" + std::to_string(s.port())}) {
    CAPTURE(resource);
    auto r = Get(s.port(), WebFingerUrl(resource), {{"Accept", "application/jrd+json"}});
    REQUIRE(r.status == 200);
    CHECK(r.headers.Get("Content-Type") == "application/jrd+json; charset=utf-8");
    CHECK(r.headers.Get("Access-Control-Allow-Origin") == "*");
    auto jrd = r.Json();
    CHECK(*jrd.FindString("subject") == "acct:shop@shop.test");
    const json::Array* aliases = jrd.FindArray("aliases");
    REQUIRE(aliases);
    CHECK((*aliases)[0].AsString() == actor);
    bool self = false, profile = false, subscribe = false;
    for (const auto& link : *jrd.FindArray("links")) {
      const std::string& rel = *link.FindString("rel");
      if (rel == "self") {
        self = true;
        CHECK(*link.FindString("type") == "application/activity+json");
        CHECK(*link.FindString("href") == actor);
      } else if (rel == "http://webfinger.net/rel/profile-page") {
        profile = true;
        CHECK(*link.FindString("href") == s.base_url() + "/@shop");
      } else if (rel == "http://ostatus.org/schema/1.0/subscribe") {
        subscribe = true;
        CHECK(*link.FindString("template") == s.base_url() + "/authorize_interaction?uri={uri}");
      }
    }
    CHECK(self);
    CHECK(profile);
    CHECK(subscribe);
  }
}

TEST_CASE("webfinger: unknown account 404, missing or malformed resource 400, other domain 404") {
  auto& s = Shop();
  auto unknown = Get(s.port(), WebFingerUrl("acct:nobody@shop.test"));
  CHECK(unknown.status == 404);
  CHECK(unknown.Json().FindString("error") != nullptr);
  CHECK(Get(s.port(), "/.well-known/webfinger").status == 400);
  CHECK(Get(s.port(), WebFingerUrl("")).status == 400);
  CHECK(Get(s.port(), WebFingerUrl("acct:shop")).status == 400);
  CHECK(Get(s.port(), WebFingerUrl("acct:sh op@shop.test")).status == 400);
  CHECK(Get(s.port(), WebFingerUrl("https://shop.test/not-an-account")).status == 400);
  auto other = Get(s.port(), WebFingerUrl("acct:shop@elsewhere.example"));
  CHECK(other.status == 404);
  CHECK(other.Json().FindString("error") != nullptr);
}

TEST_CASE("webfinger: the instance actor is found by the server host") {
  auto& s = Shop();
  auto r = Get(s.port(), WebFingerUrl("acct:127.0.0.1@127.0.0.1"));
  REQUIRE(r.status == 200);
  auto jrd = r.Json();
  CHECK((*jrd.FindArray("links"))[0].FindString("href") != nullptr);
  CHECK(*(*jrd.FindArray("links"))[0].FindString("href") == s.base_url() + "/actor");
}

TEST_CASE("host-meta: XML and JSON carry the LRDD template") {
  auto& s = Shop();
  auto xml = Get(s.port(), "/.well-known/host-meta");
  REQUIRE(xml.status == 200);
  CHECK(xml.headers.Get("Content-Type")->starts_with("application/xrd+xml"));
  CHECK(xml.body.find("template=\"" + s.base_url() + "/.well-known/webfinger?resource={uri}\"") !=
        std::string::npos);
  auto js = Get(s.port(), "/.well-known/host-meta.json");
  REQUIRE(js.status == 200);
  auto doc = js.Json();
  CHECK(*(*doc.FindArray("links"))[0].FindString("template") ==
        s.base_url() + "/.well-known/webfinger?resource={uri}");
}

TEST_CASE("nodeinfo: links to 2.0 and 2.1, and counts follow the accounts") {
  CornerstoreProcess s;
  REQUIRE(s.Cli({"account", "create", "one"}).exit_code == 0);
  s.Start();
  auto links = Get(s.port(), "/.well-known/nodeinfo").Json();
  const json::Array* arr = links.FindArray("links");
  REQUIRE(arr);
  REQUIRE(arr->size() == 2);
  CHECK(*(*arr)[0].FindString("rel") == "http://nodeinfo.diaspora.software/ns/schema/2.0");
  CHECK(*(*arr)[0].FindString("href") == s.base_url() + "/nodeinfo/2.0");
  CHECK(*(*arr)[1].FindString("href") == s.base_url() + "/nodeinfo/2.1");
  for (const std::string& version : std::vector<std::string>{"2.0", "2.1"}) {
    auto r = Get(s.port(), "/nodeinfo/" + version);
    REQUIRE(r.status == 200);
    CHECK(r.headers.Get("Content-Type")->find("nodeinfo.diaspora.software/ns/schema/" + version) !=
          std::string::npos);
    auto doc = r.Json();
    CHECK(*doc.FindString("version") == version);
    CHECK(*doc.FindObject("software")->FindString("name") == "cornerstore");
    CHECK(*doc.FindArray("protocols") == json::Array{json::Value("activitypub")});
    CHECK(doc.FindObject("usage")->FindObject("users")->FindInt("total") == 1);
  }
  REQUIRE(s.Cli({"account", "create", "two"}).exit_code == 0);
  auto after = Get(s.port(), "/nodeinfo/2.0").Json();
  CHECK(after.FindObject("usage")->FindObject("users")->FindInt("total") == 2);
  CHECK(Get(s.port(), "/nodeinfo/3.0").status == 404);
}

TEST_CASE("actor: the document Mastodon checks, field by field") {
  auto& s = Shop();
  const std::string id = s.base_url() + "/users/shop";
  auto r = Get(s.port(), "/users/shop", kAcceptAs);
  REQUIRE(r.status == 200);
  CHECK(r.headers.Get("Content-Type") == "application/activity+json; charset=utf-8");
  CHECK(r.headers.Get("Vary") == "Accept");
  auto doc = r.Json();
  CHECK(*doc.FindString("id") == id);
  const json::Array* context = doc.FindArray("@context");
  REQUIRE(context);
  CHECK((*context)[0].AsString() == "https://www.w3.org/ns/activitystreams");
  CHECK((*context)[1].AsString() == "https://w3id.org/security/v1");
  CHECK((*context)[2].FindString("schema") != nullptr);
  CHECK(*doc.FindString("type") == "Organization");
  CHECK(*doc.FindString("preferredUsername") == "shop");
  CHECK(*doc.FindString("name") == "Corner Shop");
  CHECK(*doc.FindString("summary") ==
        "<p>Fresh bread.</p><p>Coffee &lt;b&gt;all&lt;/b&gt; day.</p>");
  CHECK(*doc.FindString("url") == s.base_url() + "/@shop");
  CHECK(*doc.FindString("inbox") == id + "/inbox");
  CHECK(*doc.FindString("outbox") == id + "/outbox");
  CHECK(*doc.FindString("followers") == id + "/followers");
  CHECK(*doc.FindString("following") == id + "/following");
  CHECK(*doc.FindString("featured") == id + "/collections/featured");
  CHECK(*doc.FindString("featuredTags") == id + "/collections/tags");
  CHECK(*doc.FindObject("endpoints")->FindString("sharedInbox") == s.base_url() + "/inbox");
  CHECK(doc.FindBool("manuallyApprovesFollowers") == false);
  CHECK(doc.FindBool("discoverable") == true);
  CHECK(doc.FindBool("indexable") == true);
  REQUIRE(doc.FindString("published") != nullptr);
  CHECK(doc.FindString("published")->size() == 20);

  const json::Value* key = doc.FindObject("publicKey");
  REQUIRE(key);
  CHECK(*key->FindString("id") == id + "#main-key");
  CHECK(*key->FindString("owner") == id);
  CHECK(key->Find("type") == nullptr);  // Fedify refuses "type": "Key"
  auto pkey = activitypub::PublicKeyFromPem(*key->FindString("publicKeyPem"));
  REQUIRE(pkey.ok());
  CHECK(activitypub::TypeOfKey(pkey->get()) == activitypub::KeyType::kRsa);
  CHECK(activitypub::KeyBits(pkey->get()) == 2048);

  const json::Array* fields = doc.FindArray("attachment");
  REQUIRE(fields);
  REQUIRE(fields->size() == 2);
  CHECK(*(*fields)[0].FindString("type") == "PropertyValue");
  CHECK(*(*fields)[0].FindString("name") == "Website");
  CHECK(*(*fields)[0].FindString("value") ==
        "<a href=\"https://shop.example\" target=\"_blank\" rel=\"nofollow noopener noreferrer "
        "me\">https://shop.example</a>");
  CHECK(*(*fields)[1].FindString("value") == "Mon–Sat 8–18");
}

TEST_CASE("actor: every ActivityStreams Accept form gets JSON; browsers get HTML") {
  auto& s = Shop();
  for (const std::string& accept : std::vector<std::string>{
           "application/activity+json", "application/ld+json",
           "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
           "application/json", "application/activity+json, application/ld+json, text/html;q=0.1"}) {
    CAPTURE(accept);
    auto r = Get(s.port(), "/users/shop", {{"Accept", accept}});
    CHECK(r.status == 200);
    CHECK(r.headers.Get("Content-Type") == "application/activity+json; charset=utf-8");
  }
  for (const std::string& accept : std::vector<std::string>{
           "text/html", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ""}) {
    CAPTURE(accept);
    auto r = accept.empty() ? Get(s.port(), "/users/shop")
                            : Get(s.port(), "/users/shop", {{"Accept", accept}});
    CHECK(r.status == 200);
    CHECK(r.headers.Get("Content-Type") == "text/html; charset=utf-8");
    CHECK(r.headers.Get("Vary") == "Accept");
    CHECK(r.body.find("Corner Shop") != std::string::npos);
    CHECK(r.body.find("Coffee &lt;b&gt;all&lt;/b&gt; day.") != std::string::npos);
    CHECK(r.headers.Get("Content-Security-Policy")->find("default-src 'none'") !=
          std::string::npos);
  }
  auto page = Get(s.port(), "/@shop");
  CHECK(page.status == 200);
  CHECK(page.headers.Get("Content-Type") == "text/html; charset=utf-8");
  auto as = Get(s.port(), "/@shop", kAcceptAs);
  CHECK(as.status == 302);
  CHECK(as.headers.Get("Location") == s.base_url() + "/users/shop");
}

TEST_CASE("actor: unknown account and other spellings") {
  auto& s = Shop();
  auto missing = Get(s.port(), "/users/nobody", kAcceptAs);
  CHECK(missing.status == 404);
  CHECK(missing.Json().FindString("error") != nullptr);
  auto upper = Get(s.port(), "/users/SHOP", kAcceptAs);
  CHECK(upper.status == 301);
  CHECK(upper.headers.Get("Location") == s.base_url() + "/users/shop");
}

TEST_CASE("instance actor: Application with a key, readable without a signature") {
  auto& s = Shop();
  auto r = Get(s.port(), "/actor", kAcceptAs);
  REQUIRE(r.status == 200);
  auto doc = r.Json();
  CHECK(*doc.FindString("id") == s.base_url() + "/actor");
  CHECK(*doc.FindString("type") == "Application");
  CHECK(*doc.FindObject("publicKey")->FindString("id") == s.base_url() + "/actor#main-key");
  CHECK(
      activitypub::PublicKeyFromPem(*doc.FindObject("publicKey")->FindString("publicKeyPem")).ok());
}
