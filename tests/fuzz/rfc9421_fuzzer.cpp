// The RFC 9421 Signature-Input / Signature parser. The input is split at newlines: even lines
// become Signature-Input field lines, odd lines Signature field lines (a request may carry
// several of each). Each parsed signature's covered components are then resolved against a
// fixed request, as verification does before it touches a key. Invariant: a signature base, when
// there is one, ends with the @signature-params line.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "activitypub/signatures/rfc9421.h"
#include "tests/fuzz/fixed_request.h"
#include "tests/fuzz/fuzz_check.h"

namespace ap = cornerstore::activitypub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  cornerstore::HttpRequest request = cornerstore::fuzz::FixedRequest();
  bool input_line = true;
  while (true) {
    const size_t nl = text.find('\n');
    request.headers.Add(input_line ? "Signature-Input" : "Signature",
                        std::string(text.substr(0, nl)));
    input_line = !input_line;
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }

  auto signatures = ap::ParseRfc9421Signatures(request.headers);
  if (!signatures) return 0;
  for (const auto& sig : *signatures) {
    FUZZ_CHECK(!sig.label.empty(), "signature without label");
    (void)sig.CoveredComponents();
    (void)sig.Covers("@method");
    for (const auto& component : sig.input.items) (void)ap::ComponentValue(request, component);
    auto base = ap::SignatureBase(request, sig.input);
    if (base) {
      const size_t last = base->rfind("\"@signature-params\": ");
      FUZZ_CHECK(last != std::string::npos, "signature base without @signature-params");
      FUZZ_CHECK(base->find('\n', last) == std::string::npos, "@signature-params not last");
    }
  }
  return 0;
}
