// Services: the long-lived parts of a running instance, built once from the configuration —
// stores, the signed outbound client, key and actor resolution, the inbox endpoint and its
// workers, the delivery workers, and the follow and publishing logic.
//
// The HTTP server and the CLI commands that talk to peers (fetch, verify, follow, approve) both
// use it, so requests are signed, guarded and queued the same way whichever door they take.
// Workers run only between StartWorkers() and StopWorkers() (the server); CLI commands only
// enqueue, and the running server delivers.
//
// Ownership: borrows the Config, SqliteStore and Clock (they outlive it); owns the rest.
// Thread safety: everything it hands out is thread-safe.
#pragma once

#include <memory>

#include "activitypub/delivery/delivery_worker.h"
#include "activitypub/delivery/host_health.h"
#include "activitypub/delivery/retry_policy.h"
#include "activitypub/follow_service.h"
#include "activitypub/inbox/handlers/handler.h"
#include "activitypub/inbox/inbox_endpoint.h"
#include "activitypub/inbox/inbox_processor.h"
#include "activitypub/inbox/key_resolver.h"
#include "activitypub/inbox/remote_actors.h"
#include "activitypub/inbox/sanitizer.h"
#include "activitypub/instance_actor.h"
#include "activitypub/publish/publish_service.h"
#include "activitypub/signatures/signer.h"
#include "activitypub/uris.h"
#include "config/config.h"
#include "src/auth/login_throttle.h"
#include "src/auth/oauth_service.h"
#include "src/auth/token_authenticator.h"
#include "src/common/clock.h"
#include "src/common/http_fetcher.h"
#include "src/server/scheme_memory.h"
#include "store/sqlite_auth_store.h"
#include "store/sqlite_federation_store.h"
#include "store/sqlite_store.h"

namespace cornerstore::server {

class HttpClient;

class Services {
 public:
  // Loads (or makes, on first start) the instance key and builds every part.
  static Result<std::unique_ptr<Services>> Create(const config::Config& config,
                                                  store::SqliteStore& store, const Clock& clock);
  ~Services();  // stops the workers

  void StartWorkers();
  void StopWorkers();
  // The server's alone (it holds the server lock): accepted inbox activities go to a spool file
  // beside the database (store/sqlite/inbox_spool.h), and what a previous run left there is
  // replayed now. Nothing to do for an in-memory database.
  Status OwnInboxSpool();
  // Moves what is spooled into the database, so after a graceful stop the file alone is whole.
  Status FlushInboxSpool() { return federation_->FlushInboxSpool(); }

  const config::Config& config() const { return config_; }
  store::Store& store() { return store_; }
  store::FederationStore& federation() { return *federation_; }
  const Clock& clock() const { return clock_; }
  const activitypub::Uris& uris() const { return uris_; }
  const activitypub::InstanceKey& instance_key() const { return instance_key_; }
  HttpFetcher& fetcher();
  activitypub::KeyResolver& keys() { return *keys_; }
  activitypub::RemoteActorResolver& actors() { return *actors_; }
  activitypub::InboxEndpoint& inbox() { return *inbox_endpoint_; }
  activitypub::FollowService& follows() { return *follows_; }
  activitypub::PublishService& publish() { return *publish_; }
  // Client API authorization: who a bearer token acts for, and the OAuth flows (src/auth).
  auth::Authenticator& auth() { return *authenticator_; }
  auth::OAuthService& oauth() { return *oauth_; }
  store::AuthStore& auth_store() { return *auth_store_; }
  // "http" when the unsafe switch allows plain http (development, tests), else "https": the
  // scheme of WebFinger lookups by handle.
  std::string lookup_scheme() const;

 private:
  Services(const config::Config& config, store::SqliteStore& store, const Clock& clock,
           activitypub::InstanceKey instance_key);

  const config::Config& config_;
  store::SqliteStore& store_;
  const Clock& clock_;
  const activitypub::Uris uris_;
  const activitypub::InstanceKey instance_key_;
  const activitypub::HtmlSanitizer sanitize_;

  std::unique_ptr<store::SqliteFederationStore> federation_;
  std::unique_ptr<activitypub::KeyStoreRequestSigner> signer_;
  std::unique_ptr<SchemeMemory> schemes_;
  std::unique_ptr<HttpClient> client_;
  std::unique_ptr<activitypub::RemoteActorResolver> actors_;
  std::unique_ptr<activitypub::CachingKeyResolver> keys_;
  std::unique_ptr<activitypub::delivery::RetryPolicy> retry_policy_;
  std::unique_ptr<activitypub::delivery::HostHealth> host_health_;
  std::unique_ptr<activitypub::delivery::DeliveryWorker> delivery_worker_;
  std::unique_ptr<activitypub::InboxProcessor> inbox_processor_;
  std::unique_ptr<activitypub::InboxWorker> inbox_worker_;
  std::unique_ptr<activitypub::InboxEndpoint> inbox_endpoint_;
  std::unique_ptr<activitypub::FollowService> follows_;
  std::unique_ptr<activitypub::PublishService> publish_;
  std::unique_ptr<store::SqliteAuthStore> auth_store_;
  std::unique_ptr<auth::LoginThrottle> login_throttle_;
  std::unique_ptr<auth::OAuthService> oauth_;
  std::unique_ptr<auth::TokenAuthenticator> authenticator_;
};

}  // namespace cornerstore::server
