// FakeRemote: another fediverse server, in-process, for integration tests.
//
// Serves, on 127.0.0.1 and a port of its choosing: WebFinger, actor documents (each actor with a
// real RSA-2048 key pair), and personal and shared inboxes that record every request and verify
// its HTTP signature with our verifier (fetching the signer's key from the signer's server over
// plain HTTP). It also sends signed activities to a Cornerstore instance as its actors.
// Inbox answers can be scripted per path (e.g. 500, 500, 202) to exercise delivery retries.
//
// Thread safety: all methods may be called from the test thread while the server thread runs.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "src/common/http_message.h"
#include "src/common/json.h"
#include "tests/support/http_test_client.h"

namespace cornerstore::testing {

struct FakeActor {
  std::string name;
  std::string id;      // {base}/users/{name}
  std::string key_id;  // {id}#main-key
  std::string inbox;
  std::string shared_inbox;
  std::string public_pem;
  std::string private_pem;
  std::vector<std::string> also_known_as;
  std::string moved_to;
};

struct ReceivedRequest {
  std::string method;
  std::string path;
  HttpHeaders headers;
  std::string body;
  bool signature_valid = false;
  std::string signature_error;  // why verification failed
  std::string signer;           // verified key owner
  json::Value activity;         // parsed body (null if not JSON)
};

struct SendOptions {
  std::string path = "/inbox";  // on the Cornerstore side
  bool sign = true;
  std::string key_id_override{};  // sign claiming another keyId
  bool rfc9421 = false;           // sign with RFC 9421 instead of cavage
  int64_t date_offset_seconds = 0;
  bool corrupt_digest = false;
  std::string content_type = "application/activity+json";
};

class FakeRemote {
 public:
  FakeRemote();
  ~FakeRemote();
  FakeRemote(const FakeRemote&) = delete;
  FakeRemote& operator=(const FakeRemote&) = delete;

  int port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }

  // Adds an actor with a fresh key pair. With `shared_inbox`, it advertises {base}/inbox.
  const FakeActor& AddActor(const std::string& name, bool shared_inbox = true);
  const FakeActor& Actor(const std::string& name) const;
  // Changes what the actor document says (e.g. alsoKnownAs for Move tests).
  void UpdateActor(const std::string& name, const std::function<void(FakeActor&)>& edit);

  // Serves an arbitrary JSON document at `path` (objects the server may fetch).
  void ServeDocument(const std::string& path, const json::Value& doc);

  // Every POST received so far, in order.
  std::vector<ReceivedRequest> Received() const;
  // Waits until `pred` holds for some received request; returns it (throws on timeout).
  ReceivedRequest WaitFor(const std::function<bool(const ReceivedRequest&)>& pred,
                          std::chrono::milliseconds timeout = std::chrono::seconds(20)) const;
  // Statuses the inbox at `path` answers with, one per request, then 202 forever. kHang holds
  // the request unanswered for kHangFor (or until the fake stops): a server that timed out.
  static constexpr int kHang = -1;
  static constexpr std::chrono::seconds kHangFor{60};
  void ScriptInbox(const std::string& path, std::vector<int> statuses);

  // When on, POSTs signed only with draft-cavage are answered 401 (recorded all the same), like
  // a server that accepts RFC 9421 alone.
  void RequireRfc9421(bool on);

  // Sends `activity` to Cornerstore at 127.0.0.1:`port`, signed as `from`.
  TestResponse Send(const FakeActor& from, int port, const json::Value& activity,
                    const SendOptions& options = {}) const;

  // Mints an activity id on this server.
  std::string NewId(const std::string& kind);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace cornerstore::testing
