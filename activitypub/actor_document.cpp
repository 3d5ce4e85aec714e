#include "activitypub/actor_document.h"

#include "activitypub/profile_html.h"
#include "src/common/clock.h"

namespace cornerstore::activitypub {
namespace {

json::Value IdTerm(const char* id) {
  json::Value v;
  v.Set("@id", id);
  v.Set("@type", "@id");
  return v;
}

std::string MediaTypeOf(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  auto ends = [&](std::string_view ext) { return path.ends_with(ext); };
  if (ends(".png")) return "image/png";
  if (ends(".gif")) return "image/gif";
  if (ends(".webp")) return "image/webp";
  if (ends(".avif")) return "image/avif";
  return "image/jpeg";
}

json::Value ImageJson(const std::string& url) {
  json::Value image;
  image.Set("type", "Image");
  image.Set("mediaType", MediaTypeOf(url));
  image.Set("url", url);
  return image;
}

json::Value PublicKeyJson(const std::string& key_id, const std::string& owner,
                          const std::string& pem) {
  json::Value key;
  key.Set("id", key_id);
  key.Set("owner", owner);
  key.Set("publicKeyPem", pem);
  return key;
}

}  // namespace

json::Value ActorContext() {
  json::Value terms;
  terms.Set("manuallyApprovesFollowers", "as:manuallyApprovesFollowers");
  terms.Set("toot", "http://joinmastodon.org/ns#");
  terms.Set("featured", IdTerm("toot:featured"));
  terms.Set("featuredTags", IdTerm("toot:featuredTags"));
  terms.Set("alsoKnownAs", IdTerm("as:alsoKnownAs"));
  terms.Set("movedTo", IdTerm("as:movedTo"));
  terms.Set("schema", "http://schema.org#");
  terms.Set("PropertyValue", "schema:PropertyValue");
  terms.Set("value", "schema:value");
  terms.Set("discoverable", "toot:discoverable");
  terms.Set("indexable", "toot:indexable");
  json::Value context = json::Value::MakeArray();
  context.Push("https://www.w3.org/ns/activitystreams");
  context.Push("https://w3id.org/security/v1");
  context.Push(std::move(terms));
  return context;
}

json::Value ActorToJson(const store::Account& account, const Uris& uris) {
  const std::string& name = account.username;
  const std::string id = uris.Actor(name);
  json::Value doc;
  doc.Set("@context", ActorContext());
  doc.Set("id", id);
  doc.Set("type", std::string(store::ActorTypeName(account.type)));
  doc.Set("preferredUsername", name);
  doc.Set("name", account.display_name.empty() ? name : account.display_name);
  doc.Set("summary", PlainTextToHtml(account.summary));
  doc.Set("url", uris.ProfilePage(name));
  doc.Set("inbox", uris.Inbox(name));
  doc.Set("outbox", uris.Outbox(name));
  doc.Set("followers", uris.Followers(name));
  doc.Set("following", uris.Following(name));
  doc.Set("featured", uris.Featured(name));
  doc.Set("featuredTags", uris.FeaturedTags(name));
  json::Value endpoints;
  endpoints.Set("sharedInbox", uris.SharedInbox());
  doc.Set("endpoints", std::move(endpoints));
  doc.Set("publicKey", PublicKeyJson(uris.KeyId(name), id, account.public_key_pem));
  doc.Set("manuallyApprovesFollowers", account.manually_approves_followers);
  doc.Set("discoverable", account.discoverable);
  doc.Set("indexable", account.indexable);
  doc.Set("published", FormatIso8601(account.created_at));
  if (!account.avatar_url.empty()) doc.Set("icon", ImageJson(account.avatar_url));
  if (!account.header_url.empty()) doc.Set("image", ImageJson(account.header_url));
  json::Value attachment = json::Value::MakeArray();
  for (const auto& field : account.fields) {
    json::Value pv;
    pv.Set("type", "PropertyValue");
    pv.Set("name", field.name);
    pv.Set("value", FieldValueToHtml(field.value));
    attachment.Push(std::move(pv));
  }
  doc.Set("attachment", std::move(attachment));
  if (!account.also_known_as.empty()) {
    json::Value aka = json::Value::MakeArray();
    for (const auto& a : account.also_known_as) aka.Push(a);
    doc.Set("alsoKnownAs", std::move(aka));
  }
  if (!account.moved_to.empty()) doc.Set("movedTo", account.moved_to);
  return doc;
}

json::Value InstanceActorToJson(const Uris& uris, const std::string& server_host,
                                const std::string& public_key_pem, int64_t created_at) {
  const std::string id = uris.InstanceActor();
  json::Value doc;
  doc.Set("@context", ActorContext());
  doc.Set("id", id);
  doc.Set("type", "Application");
  doc.Set("preferredUsername", server_host);
  doc.Set("name", server_host);
  doc.Set("url", uris.base_url() + "/about");
  doc.Set("inbox", id + "/inbox");
  doc.Set("outbox", id + "/outbox");
  json::Value endpoints;
  endpoints.Set("sharedInbox", uris.SharedInbox());
  doc.Set("endpoints", std::move(endpoints));
  doc.Set("publicKey", PublicKeyJson(uris.InstanceKeyId(), id, public_key_pem));
  doc.Set("manuallyApprovesFollowers", true);
  doc.Set("discoverable", false);
  doc.Set("indexable", false);
  doc.Set("published", FormatIso8601(created_at));
  return doc;
}

}  // namespace cornerstore::activitypub
