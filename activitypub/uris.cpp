#include "activitypub/uris.h"

#include "src/common/url.h"

namespace cornerstore::activitypub {

Uris::Uris(std::string base_url, std::string domain)
    : base_url_(std::move(base_url)), domain_(std::move(domain)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

std::string Uris::Actor(std::string_view u) const { return base_url_ + "/users/" + std::string(u); }
std::string Uris::KeyId(std::string_view u) const { return Actor(u) + "#main-key"; }
std::string Uris::ProfilePage(std::string_view u) const {
  return base_url_ + "/@" + std::string(u);
}
std::string Uris::Inbox(std::string_view u) const { return Actor(u) + "/inbox"; }
std::string Uris::Outbox(std::string_view u) const { return Actor(u) + "/outbox"; }
std::string Uris::Followers(std::string_view u) const { return Actor(u) + "/followers"; }
std::string Uris::Following(std::string_view u) const { return Actor(u) + "/following"; }
std::string Uris::Featured(std::string_view u) const { return Actor(u) + "/collections/featured"; }
std::string Uris::FeaturedTags(std::string_view u) const { return Actor(u) + "/collections/tags"; }
std::string Uris::Status(std::string_view u, std::string_view id) const {
  return Actor(u) + "/statuses/" + std::string(id);
}
std::string Uris::SharedInbox() const { return base_url_ + "/inbox"; }
std::string Uris::InstanceActor() const { return base_url_ + "/actor"; }
std::string Uris::InstanceKeyId() const { return InstanceActor() + "#main-key"; }
std::string Uris::Acct(std::string_view u) const { return std::string(u) + "@" + domain_; }
std::string Uris::WebFingerTemplate() const {
  return base_url_ + "/.well-known/webfinger?resource={uri}";
}
std::string Uris::SubscribeTemplate() const {
  return base_url_ + "/authorize_interaction?uri={uri}";
}
std::string Uris::Tag(std::string_view tag) const {
  return base_url_ + "/tags/" + std::string(tag);
}

bool Uris::IsLocal(std::string_view url) const { return SameOrigin(url, base_url_); }

std::optional<std::string> Uris::UsernameFromActor(std::string_view url) const {
  std::string prefix = base_url_ + "/users/";
  if (!url.starts_with(prefix)) return std::nullopt;
  std::string_view name = url.substr(prefix.size());
  if (name.empty() || name.find_first_of("/?#") != std::string_view::npos) return std::nullopt;
  return std::string(name);
}

}  // namespace cornerstore::activitypub
