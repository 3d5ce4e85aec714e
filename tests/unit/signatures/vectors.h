// Test helpers for the signature tests: reading the RFC vectors in tests/vectors, turning the
// HTTP message files there into HttpRequest/HttpResponse values, loading their keys, and a clock
// fixed at a chosen second.
#pragma once

#include <cstdint>
#include <string>

#include "activitypub/keys.h"
#include "src/common/clock.h"
#include "src/common/http_message.h"

namespace cornerstore::testing {

// The file tests/vectors/<relative>, with one trailing LF removed (files end with a newline;
// the values they hold do not).
std::string ReadVector(const std::string& relative);

// "METHOD target HTTP/1.1\nName: value\n…\n\nbody" → HttpRequest (scheme https).
HttpRequest RequestFromVector(const std::string& relative);
// "HTTP/1.1 200 OK\n…" → HttpResponse.
HttpResponse ResponseFromVector(const std::string& relative);

activitypub::PkeyPtr PublicKeyFromVector(const std::string& relative);
activitypub::PkeyPtr PrivateKeyFromVector(const std::string& relative);
// RFC 9421 B.1.5: the base64 shared secret as an HMAC key.
activitypub::PkeyPtr RfcSharedSecret();

// A fixed RSA-2048 key pair made once per test run (PEMs).
const activitypub::KeyPair& TestRsaKeyPair();
const activitypub::KeyPair& TestEd25519KeyPair();

class FixedClock final : public Clock {
 public:
  explicit FixedClock(int64_t now) : now_(now) {}
  int64_t NowUnix() const override { return now_; }
  void Set(int64_t now) { now_ = now; }

 private:
  int64_t now_;
};

// RFC 9421 B.2 signing time (created=1618884473) and draft-cavage Appendix C's Date.
constexpr int64_t kRfcCreated = 1618884473;
constexpr int64_t kCavageDate = 1388957500;  // Sun, 05 Jan 2014 21:31:40 GMT

}  // namespace cornerstore::testing
