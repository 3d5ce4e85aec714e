#include "tests/unit/signatures/vectors.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "src/common/base64.h"

namespace cornerstore::testing {
namespace {

struct Message {
  std::string start_line;
  HttpHeaders headers;
  std::string body;
};

Message ParseMessage(const std::string& text) {
  Message m;
  size_t blank = text.find("\n\n");
  std::string head = text.substr(0, blank);
  m.body = blank == std::string::npos ? "" : text.substr(blank + 2);
  std::istringstream lines(head);
  std::string line;
  std::getline(lines, m.start_line);
  while (std::getline(lines, line)) {
    size_t colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    size_t value = line.find_first_not_of(' ', colon + 1);
    m.headers.Add(line.substr(0, colon), value == std::string::npos ? "" : line.substr(value));
  }
  return m;
}

}  // namespace

std::string ReadVector(const std::string& relative) {
  std::ifstream in(std::string(CS_TEST_VECTORS_DIR) + "/" + relative, std::ios::binary);
  if (!in) throw std::runtime_error("missing vector " + relative);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  if (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

HttpRequest RequestFromVector(const std::string& relative) {
  Message m = ParseMessage(ReadVector(relative));
  HttpRequest r;
  size_t sp1 = m.start_line.find(' ');
  size_t sp2 = m.start_line.find(' ', sp1 + 1);
  r.method = m.start_line.substr(0, sp1);
  r.target = m.start_line.substr(sp1 + 1, sp2 - sp1 - 1);
  r.headers = std::move(m.headers);
  r.body = std::move(m.body);
  r.scheme = "https";
  return r;
}

HttpResponse ResponseFromVector(const std::string& relative) {
  Message m = ParseMessage(ReadVector(relative));
  HttpResponse r;
  r.status = std::stoi(m.start_line.substr(m.start_line.find(' ') + 1, 3));
  r.headers = std::move(m.headers);
  r.body = std::move(m.body);
  return r;
}

activitypub::PkeyPtr PublicKeyFromVector(const std::string& relative) {
  auto key = activitypub::PublicKeyFromPem(ReadVector(relative) + "\n");
  REQUIRE_MESSAGE(key.ok(), relative);
  return std::move(*key);
}

activitypub::PkeyPtr PrivateKeyFromVector(const std::string& relative) {
  auto key = activitypub::PrivateKeyFromPem(ReadVector(relative) + "\n");
  REQUIRE_MESSAGE(key.ok(), relative);
  return std::move(*key);
}

activitypub::PkeyPtr RfcSharedSecret() {
  auto secret = Base64Decode(ReadVector("rfc9421/test-shared-secret.b64"));
  REQUIRE(secret.has_value());
  auto key = activitypub::HmacKeyFromSecret(*secret);
  REQUIRE(key.ok());
  return std::move(*key);
}

const activitypub::KeyPair& TestRsaKeyPair() {
  static const activitypub::KeyPair pair = [] {
    auto p = activitypub::GenerateRsaKeyPair();
    REQUIRE(p.ok());
    return *p;
  }();
  return pair;
}

const activitypub::KeyPair& TestEd25519KeyPair() {
  static const activitypub::KeyPair pair = [] {
    auto p = activitypub::GenerateEd25519KeyPair();
    REQUIRE(p.ok());
    return *p;
  }();
  return pair;
}

}  // namespace cornerstore::testing
