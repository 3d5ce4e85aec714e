// `cornerstore fetch URL` and `cornerstore verify FILE`: an operator's tools to see what a peer
// serves (through the same signed, guarded client the server uses) and why a captured request
// does or does not verify.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "activitypub/keys.h"
#include "activitypub/signatures/verifier.h"
#include "src/cli/commands.h"
#include "src/cli/context.h"
#include "src/cli/raw_request.h"
#include "src/common/json.h"
#include "src/server/services.h"

namespace cornerstore::cli {
namespace {

struct FetchOptions {
  std::string url;
  std::string as;  // username to sign as; empty: the instance actor
  bool unsigned_request = false;
};

struct VerifyOptions {
  std::string file;
  std::string key_file;  // verify offline with this public key instead of fetching
  std::string scheme = "https";
};

template <typename Body>
int WithServices(GlobalOptions& global, Body body) {
  auto context = Context::Load(global);
  if (!context.ok()) return Fail(context.error());
  auto store = (*context)->Store();
  if (!store.ok()) return Fail(store.error());
  auto services = server::Services::Create((*context)->config(), **store, (*context)->clock());
  if (!services.ok()) return Fail(services.error());
  return body(**services);
}

int Fetch(GlobalOptions& global, const FetchOptions& o) {
  return WithServices(global, [&](server::Services& services) {
    OutboundRequest request;
    request.url = o.url;
    request.sign = !o.unsigned_request;
    if (!o.as.empty()) request.signer_actor_id = services.uris().Actor(o.as);
    auto response = services.fetcher().Fetch(request);
    if (!response.ok()) return Fail(response.error());
    std::fprintf(stderr, "HTTP %d %s\n", response->status, response->final_url.c_str());
    if (auto type = response->headers.Get("Content-Type")) {
      std::fprintf(stderr, "Content-Type: %s\n", std::string(*type).c_str());
    }
    auto parsed = json::Parse(response->body);
    if (parsed.ok()) {
      std::printf("%s\n", json::SerializePretty(*parsed).c_str());
    } else {
      std::fwrite(response->body.data(), 1, response->body.size(), stdout);
    }
    return response->status >= 200 && response->status < 300 ? 0 : 1;
  });
}

int Verify(GlobalOptions& global, const VerifyOptions& o) {
  std::FILE* f = std::fopen(o.file.c_str(), "rb");
  if (!f) return Fail("cannot read " + o.file);
  std::string text;
  char buf[8192];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  std::fclose(f);
  auto request = ParseRawRequest(text);
  if (!request.ok()) return Fail(request.error());
  request->scheme = o.scheme;

  auto report = [&](const Result<activitypub::VerifiedSignature>& verified) {
    if (!verified.ok()) {
      std::printf("NOT VERIFIED: %s\n", verified.error().ToLogString().c_str());
      return 1;
    }
    std::printf("verified\n  keyId:     %s\n  owner:     %s\n  algorithm: %s\n  covered:  ",
                verified->key_id.c_str(), verified->owner_id.c_str(),
                verified->algorithm_name.c_str());
    for (const auto& c : verified->covered) std::printf(" %s", c.c_str());
    std::printf("\n");
    return 0;
  };

  if (!o.key_file.empty()) {
    std::FILE* kf = std::fopen(o.key_file.c_str(), "rb");
    if (!kf) return Fail("cannot read " + o.key_file);
    std::string pem;
    while ((n = std::fread(buf, 1, sizeof buf, kf)) > 0) pem.append(buf, n);
    std::fclose(kf);
    activitypub::FunctionKeyResolver resolver(
        [&pem](const std::string&, bool) -> Result<activitypub::ResolvedKey> {
          CS_ASSIGN_OR_RETURN(auto key, activitypub::PublicKeyFromPem(pem));
          return activitypub::ResolvedKey{std::move(key), "(key from file)", false};
        });
    SystemClock clock;
    return report(activitypub::VerifyRequest(*request, resolver, {}, clock));
  }
  return WithServices(global, [&](server::Services& services) {
    // Fetch the key document by keyId through the signed client, as the inbox would.
    activitypub::FunctionKeyResolver resolver(
        [&services](const std::string& key_id, bool) -> Result<activitypub::ResolvedKey> {
          OutboundRequest fetch;
          fetch.url = key_id.substr(0, key_id.find('#'));
          CS_ASSIGN_OR_RETURN(FetchResponse response, services.fetcher().Fetch(fetch));
          if (response.status != 200) {
            return MakeError(ErrorCode::kUnauthorized,
                             "key fetch answered " + std::to_string(response.status));
          }
          CS_ASSIGN_OR_RETURN(json::Value doc, json::Parse(response.body));
          const json::Value* key = doc.FindObject("publicKey");
          if (!key || !key->FindString("publicKeyPem") || !key->FindString("owner")) {
            return MakeError(ErrorCode::kUnauthorized, "key document has no publicKey");
          }
          CS_ASSIGN_OR_RETURN(auto pkey,
                              activitypub::PublicKeyFromPem(*key->FindString("publicKeyPem")));
          return activitypub::ResolvedKey{std::move(pkey), *key->FindString("owner"), false};
        });
    return report(activitypub::VerifyRequest(*request, resolver, {}, services.clock()));
  });
}

}  // namespace

void AddPeerCommands(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto fetch_opts = std::make_shared<FetchOptions>();
  auto* fetch = app.add_subcommand(
      "fetch", "GET a remote document with a signed request and print it (debugging peers)");
  fetch->add_option("url", fetch_opts->url, "Absolute URL")->required();
  fetch->add_option("--as", fetch_opts->as, "Sign as this local account (default: instance actor)");
  fetch->add_flag("--unsigned", fetch_opts->unsigned_request, "Send without a signature");
  fetch->callback([&global, fetch_opts, exit_code] { *exit_code = Fetch(global, *fetch_opts); });

  auto verify_opts = std::make_shared<VerifyOptions>();
  auto* verify = app.add_subcommand(
      "verify", "Verify the HTTP signature of a captured request (raw HTTP/1.1 text in a file)");
  verify->add_option("file", verify_opts->file, "File with the raw request")->required();
  verify->add_option("--key", verify_opts->key_file,
                     "Public key PEM to verify with (default: fetch the keyId)");
  verify->add_option("--scheme", verify_opts->scheme, "Scheme the request was sent over")
      ->capture_default_str();
  verify->callback(
      [&global, verify_opts, exit_code] { *exit_code = Verify(global, *verify_opts); });
}

}  // namespace cornerstore::cli
