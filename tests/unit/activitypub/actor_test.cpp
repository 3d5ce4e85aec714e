#include <doctest/doctest.h>

#include "activitypub/accounts.h"
#include "activitypub/actor_document.h"
#include "activitypub/content_negotiation.h"
#include "activitypub/keys.h"
#include "activitypub/profile_html.h"
#include "activitypub/uris.h"
#include "store/sqlite_store.h"
#include "tests/fakes/fake_clock.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;

TEST_CASE("keys: RSA-2048 generation round-trips through PEM") {
  auto pair = GenerateRsaKeyPair();
  REQUIRE(pair.ok());
  CHECK(pair->public_pem.starts_with("-----BEGIN PUBLIC KEY-----"));
  CHECK(pair->private_pem.starts_with("-----BEGIN PRIVATE KEY-----"));
  auto pub = PublicKeyFromPem(pair->public_pem);
  REQUIRE(pub.ok());
  CHECK(TypeOfKey(pub->get()) == KeyType::kRsa);
  CHECK(KeyBits(pub->get()) == 2048);
  CHECK(PrivateKeyFromPem(pair->private_pem).ok());
  CHECK_FALSE(PublicKeyFromPem("not a key").ok());
  CHECK_FALSE(PublicKeyFromPem(std::string(100'000, 'A')).ok());
  CHECK(GenerateRsaKeyPair()->public_pem != pair->public_pem);
}

TEST_CASE("uris: every URL of an account, and back") {
  Uris uris("https://social.shop.example/", "shop.example");
  CHECK(uris.base_url() == "https://social.shop.example");
  CHECK(uris.Actor("shop") == "https://social.shop.example/users/shop");
  CHECK(uris.KeyId("shop") == "https://social.shop.example/users/shop#main-key");
  CHECK(uris.Acct("shop") == "shop@shop.example");
  CHECK(uris.SharedInbox() == "https://social.shop.example/inbox");
  CHECK(uris.UsernameFromActor("https://social.shop.example/users/shop") == "shop");
  CHECK_FALSE(uris.UsernameFromActor("https://social.shop.example/users/shop/inbox"));
  CHECK_FALSE(uris.UsernameFromActor("https://evil.example/users/shop"));
  CHECK(uris.IsLocal("https://social.shop.example/anything"));
  CHECK_FALSE(uris.IsLocal("https://social.shop.example.evil/anything"));
}

TEST_CASE("content negotiation") {
  CHECK(WantsActivityJson("application/activity+json"));
  CHECK(
      WantsActivityJson("application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""));
  CHECK(WantsActivityJson("application/json"));
  CHECK(WantsActivityJson("text/html;q=0.5, application/activity+json"));
  CHECK_FALSE(WantsActivityJson(std::nullopt));
  CHECK_FALSE(WantsActivityJson("text/html"));
  CHECK_FALSE(WantsActivityJson("*/*"));
  CHECK_FALSE(WantsActivityJson("application/activity+json;q=0.1, text/html"));
  CHECK(IsActivityContentType("application/activity+json"));
  CHECK(IsActivityContentType(
      "Application/LD+JSON; profile=\"https://www.w3.org/ns/activitystreams\""));
  CHECK_FALSE(IsActivityContentType("application/json"));
  CHECK_FALSE(IsActivityContentType("text/plain"));
}

TEST_CASE("profile HTML: paragraphs, escaping, verified links") {
  CHECK(PlainTextToHtml("a\nb\n\nc <d>") == "<p>a<br>b</p><p>c &lt;d&gt;</p>");
  CHECK(PlainTextToHtml("x\r\ny") == "<p>x<br>y</p>");
  CHECK(PlainTextToHtml("") == "");
  CHECK(FieldValueToHtml("https://shop.example") ==
        "<a href=\"https://shop.example\" target=\"_blank\" rel=\"nofollow noopener noreferrer "
        "me\">https://shop.example</a>");
  CHECK(FieldValueToHtml("javascript:alert(1)") == "javascript:alert(1)");
  CHECK(FieldValueToHtml("\"><script>") == "&quot;&gt;&lt;script&gt;");
}

TEST_CASE("accounts: validation rules") {
  CHECK(ValidateUsername("shop_1").ok());
  CHECK_FALSE(ValidateUsername("").ok());
  CHECK_FALSE(ValidateUsername("Shop").ok());
  CHECK_FALSE(ValidateUsername("a.b").ok());
  CHECK_FALSE(ValidateUsername(std::string(31, 'a')).ok());
  auto field = ParseProfileField(" Website = https://x.example ");
  REQUIRE(field.ok());
  CHECK(field->name == "Website");
  CHECK(field->value == "https://x.example");
  CHECK_FALSE(ParseProfileField("novalue").ok());
  CHECK_FALSE(ParseProfileField("=x").ok());
  store::Account a;
  a.display_name = "ok";
  CHECK(ValidateProfile(a).ok());
  a.display_name = "bad\x01";
  CHECK_FALSE(ValidateProfile(a).ok());
  a.display_name = "ok";
  a.avatar_url = "javascript:x";
  CHECK_FALSE(ValidateProfile(a).ok());
}

TEST_CASE("accounts: create stores a key pair, refuses a taken name") {
  testing::FakeClock clock(1'700'000'000);
  auto store = store::SqliteStore::Open(":memory:", &clock);
  REQUIRE(store.ok());
  NewAccount request;
  request.username = "shop";
  request.type = store::ActorType::kOrganization;
  request.fields = {{"Hours", "8-18"}};
  auto created = CreateLocalAccount(**store, request);
  REQUIRE(created.ok());
  CHECK(created->id > 0);
  CHECK(PublicKeyFromPem(created->public_key_pem).ok());
  CHECK(PrivateKeyFromPem(created->private_key_pem).ok());
  auto again = CreateLocalAccount(**store, request);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kConflict);

  Uris uris("https://social.shop.example", "shop.example");
  json::Value doc = ActorToJson(*created, uris);
  CHECK(*doc.FindString("type") == "Organization");
  CHECK(*doc.FindString("published") == "2023-11-14T22:13:20Z");
  CHECK(doc.FindArray("attachment")->size() == 1);
  CHECK(doc.Find("icon") == nullptr);
}
