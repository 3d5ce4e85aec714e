#include "src/server/services.h"

#include "activitypub/local_keys.h"
#include "src/common/log.h"
#include "src/server/http_client.h"
#include "src/server/store_scheme_memory.h"
#include "webfinger/lookup.h"

namespace cornerstore::server {

Services::Services(const config::Config& config, store::SqliteStore& store, const Clock& clock,
                   activitypub::InstanceKey instance_key)
    : config_(config),
      store_(store),
      clock_(clock),
      uris_(config.instance.base_url, config.instance.domain),
      instance_key_(std::move(instance_key)),
      sanitize_(activitypub::ContentSanitizer()) {}

Services::~Services() { StopWorkers(); }

Status Services::OwnInboxSpool() {
  const std::string& database = config_.storage.database_path;
  if (database == store::sqlite::kMemoryPath) return OkStatus();
  CS_ASSIGN_OR_RETURN(int64_t replayed, federation_->AttachInboxSpool(
                                            store::sqlite::InboxSpool::PathBeside(database)));
  if (replayed > 0) {
    log::Info("inbox.spool_replayed", {{"items", std::to_string(replayed)},
                                       {"detail", "accepted before the last stop, now queued"}});
  }
  return OkStatus();
}

Result<std::unique_ptr<Services>> Services::Create(const config::Config& config,
                                                   store::SqliteStore& store, const Clock& clock) {
  CS_ASSIGN_OR_RETURN(activitypub::InstanceKey key, activitypub::EnsureInstanceKey(store, clock));
  std::unique_ptr<Services> s(new Services(config, store, clock, std::move(key)));
  Services* self = s.get();
  s->federation_ = std::make_unique<store::SqliteFederationStore>(store.database());
  s->signer_ = std::make_unique<activitypub::KeyStoreRequestSigner>(
      [self](const std::string& actor_id) {
        return activitypub::LookupLocalSigningKey(self->store_, self->uris_, self->instance_key_,
                                                  actor_id);
      },
      clock);
  s->schemes_ = std::make_unique<StoreSchemeMemory>(*s->federation_);
  HttpClientOptions options;
  options.base_url = config.instance.base_url;
  options.allow_private_addresses = config.unsafe.allow_private_addresses;
  options.limits.max_response_bytes = config.limits.max_fetch_body_bytes;
  s->client_ = std::make_unique<HttpClient>(options, s->signer_.get(), &clock, s->schemes_.get());

  s->actors_ = std::make_unique<activitypub::RemoteActorResolver>(*s->federation_, *s->client_,
                                                                  s->uris_, clock, s->sanitize_);
  s->keys_ = std::make_unique<activitypub::CachingKeyResolver>(*s->federation_, *s->client_,
                                                               *s->actors_, s->uris_, clock);
  const int divisor = config.unsafe.delivery_time_divisor;
  if (divisor != 1) {
    log::Warn("delivery.time_divided", {{"divisor", std::to_string(divisor)},
                                        {"hint", "unsafe.delivery_time_divisor is for tests"}});
  }
  s->retry_policy_ = std::make_unique<activitypub::delivery::RetryPolicy>(
      activitypub::delivery::RetryScheduleDividedBy(divisor));
  s->host_health_ = std::make_unique<activitypub::delivery::HostHealth>(
      s->federation_.get(), &clock, activitypub::delivery::HostLimitsDividedBy(divisor));
  activitypub::delivery::DeliveryDeps deps;
  deps.queue = s->federation_.get();
  deps.accounts = &store;
  deps.fetcher = s->client_.get();
  deps.clock = &clock;
  deps.uris = &s->uris_;
  deps.policy = s->retry_policy_.get();
  deps.health = s->host_health_.get();
  s->delivery_worker_ = std::make_unique<activitypub::delivery::DeliveryWorker>(
      deps, activitypub::delivery::DeliveryWorkerOptionsFromConfig(config.workers));

  activitypub::HandlerContext context{store,    *s->federation_, *s->actors_,
                                      s->uris_, clock,           s->sanitize_};
  s->inbox_processor_ = std::make_unique<activitypub::InboxProcessor>(context);
  activitypub::InboxWorkerOptions inbox_options;
  inbox_options.threads = config.workers.inbox_workers;
  s->inbox_worker_ = std::make_unique<activitypub::InboxWorker>(
      *s->federation_, *s->inbox_processor_, clock, inbox_options);
  s->inbox_endpoint_ = std::make_unique<activitypub::InboxEndpoint>(
      store, *s->federation_, *s->keys_, s->uris_, clock,
      activitypub::InboxLimits::FromConfig(config), activitypub::VerificationPolicy{},
      [self] { self->inbox_worker_->Notify(); });
  s->follows_ = std::make_unique<activitypub::FollowService>(
      store, *s->federation_, *s->actors_, s->uris_, clock,
      [self] { self->delivery_worker_->Notify(); });
  activitypub::HandleLookup lookup =
      [self](const std::string& user, const std::string& host) -> Result<activitypub::HandleMatch> {
    CS_ASSIGN_OR_RETURN(
        webfinger::LookupResult found,
        webfinger::Lookup(*self->client_, webfinger::Handle{user, host}, self->lookup_scheme()));
    return activitypub::HandleMatch{found.actor_id, found.subject};
  };
  s->publish_ = std::make_unique<activitypub::PublishService>(
      store, *s->federation_, *s->actors_, *s->client_, std::move(lookup), s->uris_, clock,
      [self] { self->delivery_worker_->Notify(); });
  s->auth_store_ = std::make_unique<store::SqliteAuthStore>(store.database());
  s->login_throttle_ = std::make_unique<auth::LoginThrottle>(clock);
  s->oauth_ =
      std::make_unique<auth::OAuthService>(*s->auth_store_, store, clock, *s->login_throttle_);
  s->authenticator_ = std::make_unique<auth::TokenAuthenticator>(*s->auth_store_, store, clock);
  return s;
}

void Services::StartWorkers() {
  if (config_.unsafe.hold_inbox_processing) {
    log::Warn("inbox.processing_held", {{"hint", "unsafe.hold_inbox_processing is on"}});
  } else {
    inbox_worker_->Start();
  }
  delivery_worker_->Start();
}

void Services::StopWorkers() {
  if (inbox_worker_) inbox_worker_->Stop();
  if (delivery_worker_) delivery_worker_->Stop();
}

HttpFetcher& Services::fetcher() { return *client_; }

std::string Services::lookup_scheme() const {
  return config_.unsafe.allow_private_addresses ? "http" : "https";
}

}  // namespace cornerstore::server
