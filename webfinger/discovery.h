// The discovery endpoints through which other servers find our accounts (PROTOCOL.md §1):
// WebFinger, host-meta (XML and JSON) and NodeInfo (2.0 and 2.1).
//
// Thin adapters over HttpRequest/HttpResponse: they read the Store and build documents.
// Discovery holds references it does not own; it is thread-safe as far as the Store is. It keeps
// the JRDs of accounts it answered (ResponseCache), revalidated against Store::AccountsVersion.
#pragma once

#include <string>

#include "activitypub/uris.h"
#include "config/config.h"
#include "src/common/http_message.h"
#include "src/common/response_cache.h"
#include "store/store.h"

namespace cornerstore::webfinger {

class Discovery {
 public:
  Discovery(const config::Config& config, const activitypub::Uris& uris, store::Store& store);

  // GET /.well-known/webfinger?resource=…
  HttpResponse WebFinger(const HttpRequest& request) const;
  // GET /.well-known/host-meta and /.well-known/host-meta.json
  HttpResponse HostMeta(const HttpRequest& request, bool json) const;
  // GET /.well-known/nodeinfo
  HttpResponse NodeInfoLinks(const HttpRequest& request) const;
  // GET /nodeinfo/2.0 and /nodeinfo/2.1; `version` is "2.0" or "2.1".
  HttpResponse NodeInfo(const HttpRequest& request, const std::string& version) const;

 private:
  // True if `host` (host[:port], lower case) names this server: the handle domain, the base
  // URL's host, or its authority with port.
  bool IsOurHost(const std::string& host) const;

  const config::Config& config_;
  const activitypub::Uris& uris_;
  store::Store& store_;
  std::string base_authority_;
  // WebFinger answers for accounts, by lower-cased username (see ResponseCache).
  mutable ResponseCache account_jrds_;
};

}  // namespace cornerstore::webfinger
