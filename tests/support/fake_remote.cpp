#include "tests/support/fake_remote.h"

#include <httplib.h>
#include <condition_variable>
#include <optional>
#include <stdexcept>
#include <thread>

#include "activitypub/keys.h"
#include "activitypub/signatures/signer.h"
#include "activitypub/signatures/verifier.h"
#include "src/common/clock.h"
#include "src/common/url.h"

namespace cornerstore::testing {
namespace {

// RSA keys take tens of milliseconds to make; tests create many actors, so reuse a few.
activitypub::KeyPair PooledKey() {
  static std::mutex mu;
  static std::vector<activitypub::KeyPair> pool;
  static size_t next = 0;
  std::lock_guard<std::mutex> lock(mu);
  if (pool.size() < 4) {
    auto pair = activitypub::GenerateRsaKeyPair();
    if (!pair.ok()) throw std::runtime_error("key generation failed");
    pool.push_back(*pair);
    return pool.back();
  }
  return pool[next++ % pool.size()];
}

json::Value ActorJson(const FakeActor& a) {
  json::Value doc;
  json::Value context = json::Value::MakeArray();
  context.Push("https://www.w3.org/ns/activitystreams");
  context.Push("https://w3id.org/security/v1");
  doc.Set("@context", std::move(context));
  doc.Set("id", a.id);
  doc.Set("type", "Person");
  doc.Set("preferredUsername", a.name);
  doc.Set("name", "Fake " + a.name);
  doc.Set("summary", "<p>A test actor</p>");
  doc.Set("url", a.id);
  doc.Set("inbox", a.inbox);
  doc.Set("outbox", a.id + "/outbox");
  doc.Set("followers", a.id + "/followers");
  doc.Set("following", a.id + "/following");
  if (!a.shared_inbox.empty()) {
    json::Value endpoints;
    endpoints.Set("sharedInbox", a.shared_inbox);
    doc.Set("endpoints", std::move(endpoints));
  }
  json::Value key;
  key.Set("id", a.key_id);
  key.Set("owner", a.id);
  key.Set("publicKeyPem", a.public_pem);
  doc.Set("publicKey", std::move(key));
  if (!a.also_known_as.empty()) {
    json::Value aka = json::Value::MakeArray();
    for (const auto& x : a.also_known_as) aka.Push(x);
    doc.Set("alsoKnownAs", std::move(aka));
  }
  if (!a.moved_to.empty()) doc.Set("movedTo", a.moved_to);
  return doc;
}

// A fetched key: its PEM and owner, as a real server caches them.
struct KnownKey {
  std::string pem;
  std::string owner;
};

// Fetches a key document over plain HTTP (Cornerstore serves actors without a signature).
Result<KnownKey> FetchKey(const std::string& key_id) {
  std::string url = key_id.substr(0, key_id.find('#'));
  auto parsed = ParseUrl(url);
  if (!parsed) return MakeError(ErrorCode::kUnauthorized, "bad keyId");
  httplib::Client client(parsed->host, parsed->port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  auto res = client.Get(parsed->Target(), {{"Accept", "application/activity+json"}});
  if (!res || res->status != 200) return MakeError(ErrorCode::kUnauthorized, "key fetch failed");
  auto doc = json::Parse(res->body);
  if (!doc.ok()) return MakeError(ErrorCode::kUnauthorized, "key document is not JSON");
  const json::Value* key = doc->FindObject("publicKey");
  if (!key || !key->FindString("publicKeyPem") || !key->FindString("owner")) {
    return MakeError(ErrorCode::kUnauthorized, "no publicKey in key document");
  }
  return KnownKey{*key->FindString("publicKeyPem"), *key->FindString("owner")};
}

}  // namespace

class FakeRemote::Impl {
 public:
  httplib::Server server;
  std::thread thread;
  mutable std::mutex mu;
  mutable std::condition_variable cv;
  std::map<std::string, FakeActor> actors;
  std::map<std::string, json::Value> documents;
  std::vector<ReceivedRequest> received;
  std::map<std::string, std::deque<int>> scripts;
  int counter = 0;
  bool require_rfc9421 = false;
  bool stopping = false;                 // wakes held (kHang) requests
  std::map<std::string, KnownKey> keys;  // by key id: fetched once, like a real server

  // The key for `key_id`: cached, else fetched (outside the lock) and cached.
  Result<activitypub::ResolvedKey> Key(const std::string& key_id, bool refresh) {
    std::optional<KnownKey> known;
    bool from_cache = true;
    {
      std::lock_guard<std::mutex> lock(mu);
      auto it = keys.find(key_id);
      if (it != keys.end() && !refresh) known = it->second;
    }
    if (!known) {
      from_cache = false;
      auto fetched = FetchKey(key_id);
      if (!fetched.ok()) return fetched.take_error();
      known = *fetched;
      std::lock_guard<std::mutex> lock(mu);
      keys[key_id] = *known;
    }
    auto pkey = activitypub::PublicKeyFromPem(known->pem);
    if (!pkey.ok()) return pkey.take_error();
    return activitypub::ResolvedKey{std::move(*pkey), known->owner, from_cache};
  }
};

FakeRemote::FakeRemote() : impl_(std::make_unique<Impl>()) {
  auto& s = impl_->server;
  Impl* impl = impl_.get();
  s.Get("/.well-known/webfinger",
        [this, impl](const httplib::Request& req, httplib::Response& res) {
          std::string resource = req.get_param_value("resource");
          std::string name = resource;
          if (name.rfind("acct:", 0) == 0) name = name.substr(5);
          name = name.substr(0, name.find('@'));
          std::lock_guard<std::mutex> lock(impl->mu);
          auto it = impl->actors.find(name);
          if (it == impl->actors.end()) {
            res.status = 404;
            return;
          }
          json::Value jrd;
          jrd.Set("subject", "acct:" + name + "@" + host());
          json::Value link;
          link.Set("rel", "self");
          link.Set("type", "application/activity+json");
          link.Set("href", it->second.id);
          json::Value links = json::Value::MakeArray();
          links.Push(std::move(link));
          // Remote follow: where this server's users confirm following someone.
          json::Value subscribe;
          subscribe.Set("rel", "http://ostatus.org/schema/1.0/subscribe");
          subscribe.Set("template", base_url() + "/authorize_interaction?uri={uri}");
          links.Push(std::move(subscribe));
          jrd.Set("links", std::move(links));
          res.set_content(json::Serialize(jrd), "application/jrd+json");
        });
  s.Get("/users/([a-z0-9_]+)", [impl](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(impl->mu);
    auto it = impl->actors.find(req.matches[1].str());
    if (it == impl->actors.end()) {
      res.status = 404;
      return;
    }
    res.set_content(json::Serialize(ActorJson(it->second)), "application/activity+json");
  });
  s.Get("/.*", [impl](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(impl->mu);
    auto it = impl->documents.find(req.path);
    if (it == impl->documents.end()) {
      res.status = 404;
      return;
    }
    res.set_content(json::Serialize(it->second), "application/activity+json");
  });
  s.Post("/.*", [impl](const httplib::Request& req, httplib::Response& res) {
    ReceivedRequest r;
    r.method = req.method;
    r.path = req.path;
    r.body = req.body;
    HttpRequest verify;
    verify.method = req.method;
    verify.target = req.target;
    verify.body = req.body;
    verify.scheme = "http";
    for (const auto& [k, v] : req.headers) {
      if (k == "REMOTE_ADDR" || k == "REMOTE_PORT" || k == "LOCAL_ADDR" || k == "LOCAL_PORT")
        continue;
      r.headers.Add(k, v);
      verify.headers.Add(k, v);
    }
    auto parsed = json::Parse(req.body);
    if (parsed.ok()) r.activity = *parsed;
    activitypub::FunctionKeyResolver resolver(
        [impl](const std::string& key_id, bool refresh) { return impl->Key(key_id, refresh); });
    SystemClock clock;
    auto verified = activitypub::VerifyRequest(verify, resolver, {}, clock);
    if (verified.ok()) {
      r.signature_valid = true;
      r.signer = verified->owner_id;
    } else {
      r.signature_error = verified.error().message;
    }
    int status = 202;
    {
      std::lock_guard<std::mutex> lock(impl->mu);
      auto& script = impl->scripts[req.path];
      if (impl->require_rfc9421 && !req.has_header("Signature-Input")) {
        status = 401;
      } else if (!script.empty()) {
        status = script.front();
        script.pop_front();
      }
      impl->received.push_back(std::move(r));
    }
    impl->cv.notify_all();
    if (status == kHang) {
      // A server that accepted the connection and went silent: the client's timeout ends it.
      std::unique_lock<std::mutex> lock(impl->mu);
      impl->cv.wait_for(lock, kHangFor, [impl] { return impl->stopping; });
      status = 504;
    }
    res.status = status;
  });
  port_ = s.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("fake remote cannot bind");
  impl_->thread = std::thread([impl] { impl->server.listen_after_bind(); });
}

FakeRemote::~FakeRemote() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

const FakeActor& FakeRemote::AddActor(const std::string& name, bool shared_inbox) {
  auto keys = PooledKey();
  FakeActor a;
  a.name = name;
  a.id = base_url() + "/users/" + name;
  a.key_id = a.id + "#main-key";
  a.inbox = a.id + "/inbox";
  if (shared_inbox) a.shared_inbox = base_url() + "/inbox";
  a.public_pem = keys.public_pem;
  a.private_pem = keys.private_pem;
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->actors[name] = std::move(a);
}

const FakeActor& FakeRemote::Actor(const std::string& name) const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->actors.at(name);
}

void FakeRemote::UpdateActor(const std::string& name, const std::function<void(FakeActor&)>& edit) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  edit(impl_->actors.at(name));
}

void FakeRemote::ServeDocument(const std::string& path, const json::Value& doc) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->documents[path] = doc;
}

std::vector<ReceivedRequest> FakeRemote::Received() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->received;
}

ReceivedRequest FakeRemote::WaitFor(const std::function<bool(const ReceivedRequest&)>& pred,
                                    std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(impl_->mu);
  ReceivedRequest found;
  bool ok = impl_->cv.wait_for(lock, timeout, [&] {
    for (const auto& r : impl_->received) {
      if (pred(r)) {
        found = r;
        return true;
      }
    }
    return false;
  });
  if (!ok) throw std::runtime_error("fake remote: expected request did not arrive in time");
  return found;
}

void FakeRemote::RequireRfc9421(bool on) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->require_rfc9421 = on;
}

void FakeRemote::ScriptInbox(const std::string& path, std::vector<int> statuses) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->scripts[path] = std::deque<int>(statuses.begin(), statuses.end());
}

TestResponse FakeRemote::Send(const FakeActor& from, int port, const json::Value& activity,
                              const SendOptions& options) const {
  HttpRequest req;
  req.method = "POST";
  req.target = options.path;
  req.scheme = "http";
  req.body = json::Serialize(activity);
  req.headers.Set("Host", "127.0.0.1:" + std::to_string(port));
  req.headers.Set("Date", FormatHttpDate(SystemClock().NowUnix() + options.date_offset_seconds));
  req.headers.Set("Content-Type", options.content_type);
  if (options.sign) {
    auto key = activitypub::PrivateKeyFromPem(from.private_pem);
    if (!key.ok()) throw std::runtime_error("bad fake key");
    std::string key_id = options.key_id_override.empty() ? from.key_id : options.key_id_override;
    activitypub::Rfc9421SignOptions rfc;
    rfc.created = SystemClock().NowUnix() + options.date_offset_seconds;
    Status signed_ok = options.rfc9421
                           ? activitypub::SignRequestRfc9421(&req, key_id, key->get(), rfc)
                           : activitypub::SignRequestCavage(&req, key_id, key->get());
    if (!signed_ok.ok()) throw std::runtime_error("signing failed: " + signed_ok.error().message);
  }
  if (options.corrupt_digest) {
    req.headers.Set("Digest", "SHA-256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
  }
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5, 0);
  // Longer than the server's own 30 s deadline for fetching a signer's key, so a request whose
  // key server trickles gets the server's answer rather than a client-side timeout.
  client.set_read_timeout(60, 0);
  httplib::Headers headers;
  std::string content_type;
  for (const auto& [k, v] : req.headers.entries) {
    if (EqualsIgnoreCase(k, "Content-Type")) {
      content_type = v;
    } else if (!EqualsIgnoreCase(k, "Host")) {
      headers.emplace(k, v);
    }
  }
  auto res = client.Post(options.path, headers, req.body, content_type);
  TestResponse out;
  if (!res) return out;
  out.status = res->status;
  for (const auto& [k, v] : res->headers) out.headers.Add(k, v);
  out.body = res->body;
  return out;
}

std::string FakeRemote::NewId(const std::string& kind) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return base_url() + "/" + kind + "/" + std::to_string(++impl_->counter);
}

}  // namespace cornerstore::testing
