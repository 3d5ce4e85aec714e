// Uris: every URL Cornerstore mints for its own resources, in one place.
//
// Actor ids are `{base_url}/users/{username}`; the handle is `@{username}@{domain}`, where the
// domain may differ from the base URL's host (PROTOCOL.md §1). Immutable after construction;
// thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cornerstore::activitypub {

class Uris {
 public:
  // `base_url` without a trailing slash, e.g. "https://social.shop.example".
  Uris(std::string base_url, std::string domain);

  const std::string& base_url() const { return base_url_; }
  const std::string& domain() const { return domain_; }

  std::string Actor(std::string_view username) const;
  std::string KeyId(std::string_view username) const;        // {actor}#main-key
  std::string ProfilePage(std::string_view username) const;  // {base}/@{username}
  std::string Inbox(std::string_view username) const;
  std::string Outbox(std::string_view username) const;
  std::string Followers(std::string_view username) const;
  std::string Following(std::string_view username) const;
  std::string Featured(std::string_view username) const;
  std::string FeaturedTags(std::string_view username) const;
  std::string Status(std::string_view username, std::string_view status_id) const;
  std::string SharedInbox() const;                    // {base}/inbox
  std::string InstanceActor() const;                  // {base}/actor
  std::string InstanceKeyId() const;                  // {base}/actor#main-key
  std::string Acct(std::string_view username) const;  // username@domain
  std::string WebFingerTemplate() const;              // {base}/.well-known/webfinger?resource={uri}
  std::string SubscribeTemplate() const;              // {base}/authorize_interaction?uri={uri}
  std::string Tag(std::string_view tag) const;        // {base}/tags/{tag}

  // True if `url` is on our origin (a remote id may never claim one).
  bool IsLocal(std::string_view url) const;
  // The username of a local actor URL ("{base}/users/{name}"), or nullopt.
  std::optional<std::string> UsernameFromActor(std::string_view url) const;

 private:
  std::string base_url_;
  std::string domain_;
};

}  // namespace cornerstore::activitypub
