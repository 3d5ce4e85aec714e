// The draft-cavage Signature header parser, fed what a peer puts in `Signature` (and in
// `Authorization: Signature …`). Invariants: a parsed signature that can be formatted parses
// back to the same fields; the signing string over a fixed request is computed without fault.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "activitypub/signatures/cavage.h"
#include "tests/fuzz/fixed_request.h"
#include "tests/fuzz/fuzz_check.h"

namespace ap = cornerstore::activitypub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);

  cornerstore::HttpRequest request = cornerstore::fuzz::FixedRequest();
  request.headers.Add("Authorization", "Signature " + std::string(value));
  (void)ap::HasCavageSignature(request);
  auto from_request = ap::CavageSignatureFromRequest(request);

  auto sig = ap::ParseCavageSignature(value);
  FUZZ_CHECK(sig.ok() == from_request.ok(), "Authorization and Signature parse differently");
  if (!sig) return 0;
  FUZZ_CHECK(!sig->key_id.empty() && !sig->signature.empty(), "accepted without keyId/signature");
  FUZZ_CHECK(!sig->headers.empty() && sig->headers.size() <= ap::kMaxCavageCoveredHeaders,
             "covered headers out of bounds");

  for (auto query : {ap::CavageQuery::kInclude, ap::CavageQuery::kExclude}) {
    (void)ap::CavageSigningString(request, *sig, query);
  }

  auto formatted = ap::FormatCavageSignature(*sig);
  if (!formatted) return 0;
  auto again = ap::ParseCavageSignature(*formatted);
  FUZZ_CHECK(again.ok(), "formatted signature does not parse");
  FUZZ_CHECK(again->key_id == sig->key_id, "keyId changed");
  FUZZ_CHECK(again->algorithm == sig->algorithm, "algorithm changed");
  FUZZ_CHECK(again->headers == sig->headers, "headers changed");
  FUZZ_CHECK(again->created == sig->created && again->expires == sig->expires,
             "created/expires changed");
  FUZZ_CHECK(again->signature == sig->signature, "signature bytes changed");
  return 0;
}
