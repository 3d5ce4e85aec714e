// The request the signature targets compute signing strings and signature bases over: RFC 9421
// Appendix B.2's test-request, which also carries every header draft-cavage's Appendix C covers.
#pragma once

#include "src/common/http_message.h"

namespace cornerstore::fuzz {

inline HttpRequest FixedRequest() {
  HttpRequest request;
  request.method = "POST";
  request.target = "/foo?param=Value&Pet=dog";
  request.headers.Add("Host", "example.com");
  request.headers.Add("Date", "Tue, 20 Apr 2021 02:07:55 GMT");
  request.headers.Add("Content-Type", "application/json");
  request.headers.Add("Content-Digest",
                      "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNN"
                      "yealdVLvRwEmTHWXvJwew==:");
  request.headers.Add("Digest", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
  request.headers.Add("Content-Length", "18");
  // RFC 9421 §2.1.2's example, for the sf and key component parameters.
  request.headers.Add("Example-Dict", "a=1,    b=2;x=1;y=2,   c=(a   b   c)");
  request.body = "{\"hello\": \"world\"}";
  return request;
}

}  // namespace cornerstore::fuzz
