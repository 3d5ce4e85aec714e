#include "src/api/entities/instance_entity.h"

#include "activitypub/accounts.h"
#include "activitypub/publish/publish_service.h"
#include "cornerstore/version.h"

namespace cornerstore::api {
namespace {

// Mastodon counts every URL as this many characters toward the post limit; we count URLs as
// typed, so clients that shorten them only underestimate the room left.
constexpr int kCharactersReservedPerUrl = 23;
// The Mastodon release whose client API this subset follows.
constexpr const char* kMastodonApiVersion = "4.2.0";

std::string Thumbnail(const config::Config& config) {
  return config.instance.base_url + "/headers/original/missing.png";
}

json::Value StatusLimits() {
  json::Value statuses;
  statuses.Set("max_characters", static_cast<int64_t>(activitypub::kMaxPostChars));
  statuses.Set("max_media_attachments", 0);
  statuses.Set("characters_reserved_per_url", kCharactersReservedPerUrl);
  return statuses;
}

json::Value MediaLimits() {
  json::Value media;
  media.Set("supported_mime_types", json::Value::MakeArray());
  media.Set("image_size_limit", 0);
  media.Set("image_matrix_limit", 0);
  media.Set("video_size_limit", 0);
  media.Set("video_frame_rate_limit", 0);
  media.Set("video_matrix_limit", 0);
  return media;
}

json::Value PollLimits() {
  json::Value polls;
  polls.Set("max_options", 0);
  polls.Set("max_characters_per_option", 0);
  polls.Set("min_expiration", 0);
  polls.Set("max_expiration", 0);
  return polls;
}

std::string StreamingUrl(const config::Config& config) {
  const std::string& base = config.instance.base_url;
  if (base.starts_with("https://")) return "wss://" + base.substr(8);
  if (base.starts_with("http://")) return "ws://" + base.substr(7);
  return base;
}

json::Value Languages() {
  json::Value languages = json::Value::MakeArray();
  languages.Push("en");
  return languages;
}

}  // namespace

std::string CompatibleVersion() {
  return std::string(kMastodonApiVersion) + " (compatible; Cornerstore " + kVersion + ")";
}

json::Value InstanceV1ToJson(const config::Config& config, const store::UsageCounts& usage) {
  json::Value i;
  i.Set("uri", config.instance.domain);
  i.Set("title", config.instance.name);
  i.Set("short_description", config.instance.description);
  i.Set("description", config.instance.description);
  i.Set("email", config.instance.admin_contact);
  i.Set("version", CompatibleVersion());
  json::Value urls;
  urls.Set("streaming_api", StreamingUrl(config));
  i.Set("urls", urls);
  json::Value stats;
  stats.Set("user_count", usage.total_users);
  stats.Set("status_count", usage.local_posts);
  stats.Set("domain_count", 0);
  i.Set("stats", stats);
  i.Set("thumbnail", Thumbnail(config));
  i.Set("languages", Languages());
  i.Set("registrations", config.instance.open_registrations);
  i.Set("approval_required", false);
  i.Set("invites_enabled", false);
  json::Value configuration;
  json::Value accounts;
  accounts.Set("max_featured_tags", 0);
  configuration.Set("accounts", accounts);
  configuration.Set("statuses", StatusLimits());
  configuration.Set("media_attachments", MediaLimits());
  configuration.Set("polls", PollLimits());
  i.Set("configuration", configuration);
  i.Set("contact_account", nullptr);
  i.Set("rules", json::Value::MakeArray());
  return i;
}

json::Value InstanceV2ToJson(const config::Config& config, const store::UsageCounts& usage) {
  json::Value i;
  i.Set("domain", config.instance.domain);
  i.Set("title", config.instance.name);
  i.Set("version", CompatibleVersion());
  i.Set("source_url", config.instance.base_url);  // no public repository to point to
  i.Set("description", config.instance.description);
  json::Value users;
  users.Set("active_month", usage.active_month);
  json::Value usage_json;
  usage_json.Set("users", users);
  i.Set("usage", usage_json);
  json::Value thumbnail;
  thumbnail.Set("url", Thumbnail(config));
  i.Set("thumbnail", thumbnail);
  i.Set("languages", Languages());
  json::Value configuration;
  json::Value urls;
  urls.Set("streaming", StreamingUrl(config));
  configuration.Set("urls", urls);
  json::Value accounts;
  accounts.Set("max_featured_tags", 0);
  accounts.Set("max_pinned_statuses", static_cast<int64_t>(activitypub::kMaxPinnedPosts));
  configuration.Set("accounts", accounts);
  configuration.Set("statuses", StatusLimits());
  configuration.Set("media_attachments", MediaLimits());
  configuration.Set("polls", PollLimits());
  json::Value translation;
  translation.Set("enabled", false);
  configuration.Set("translation", translation);
  i.Set("configuration", configuration);
  json::Value registrations;
  registrations.Set("enabled", config.instance.open_registrations);
  registrations.Set("approval_required", false);
  registrations.Set("message", nullptr);
  i.Set("registrations", registrations);
  json::Value contact;
  contact.Set("email", config.instance.admin_contact);
  contact.Set("account", nullptr);
  i.Set("contact", contact);
  i.Set("rules", json::Value::MakeArray());
  return i;
}

json::Value ApplicationToJson(const std::string& name, const std::string& website) {
  json::Value app;
  app.Set("name", name);
  app.Set("website", website.empty() ? json::Value() : json::Value(website));
  return app;
}

}  // namespace cornerstore::api
