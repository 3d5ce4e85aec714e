#include "src/server/http_client.h"

#include <netdb.h>
#include <zlib.h>

#include <cornerstore/version.h>
#include <httplib.h>
#include <chrono>
#include <set>

#include "src/common/log.h"
#include "src/common/url.h"

namespace cornerstore::server {
namespace {

// Statuses that carry a Location we follow (GET only).
bool IsRedirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

int64_t SteadyMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

FetchLimits Tighter(const FetchLimits& a, const FetchLimits& b) {
  FetchLimits l;
  l.connect_timeout_ms = std::min(a.connect_timeout_ms, b.connect_timeout_ms);
  l.read_timeout_ms = std::min(a.read_timeout_ms, b.read_timeout_ms);
  l.total_timeout_ms = std::min(a.total_timeout_ms, b.total_timeout_ms);
  l.max_response_bytes = std::min(a.max_response_bytes, b.max_response_bytes);
  l.max_redirects = std::min(a.max_redirects, b.max_redirects);
  return l;
}

// Inflates a gzip body, refusing to produce more than `max` bytes (a gzip bomb stops here).
Result<std::string> Gunzip(const std::string& in, size_t max) {
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
    return MakeError(ErrorCode::kInternal, "cannot start gzip decoder");
  }
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buf[16384];
  int ret = Z_OK;
  while (ret != Z_STREAM_END) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    ret = inflate(&zs, Z_NO_FLUSH);
    if (ret != Z_OK && ret != Z_STREAM_END) {
      inflateEnd(&zs);
      return MakeError(ErrorCode::kInvalidInput, "malformed gzip body");
    }
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max) {
      inflateEnd(&zs);
      return MakeError(ErrorCode::kTooLarge, "response too large", "after gzip decoding");
    }
    if (ret == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) break;  // truncated input
  }
  inflateEnd(&zs);
  if (ret != Z_STREAM_END) return MakeError(ErrorCode::kInvalidInput, "truncated gzip body");
  return out;
}

Error TransportError(httplib::Error e, const std::string& url, bool* connect_failed) {
  std::string detail = url + ": " + httplib::to_string(e);
  switch (e) {
    case httplib::Error::Connection:
    case httplib::Error::ConnectionTimeout:
    case httplib::Error::BindIPAddress:
      *connect_failed = true;
      return MakeError(ErrorCode::kUnavailable, "cannot connect", detail);
    case httplib::Error::Read:
      return MakeError(ErrorCode::kTimeout, "no answer in time", detail);
    case httplib::Error::SSLConnection:
    case httplib::Error::SSLLoadingCerts:
    case httplib::Error::SSLServerVerification:
      *connect_failed = true;
      return MakeError(ErrorCode::kUnavailable, "TLS failed", detail);
    default:
      return MakeError(ErrorCode::kUnavailable, "request failed", detail);
  }
}

}  // namespace

// Whole-request deadlines are enforced in the body receiver and progress callbacks; a silent
// peer is bounded by the read timeout, which never exceeds the time left.
class HttpClient::DeadlineWatchdog {};

struct HttpClient::Resolved {
  std::vector<IpAddress> addresses;
  bool trusted = false;  // test resolver vouched for them
};

struct HttpClient::Hop {
  FetchResponse response;
};

HttpClient::HttpClient(HttpClientOptions options, RequestSigner* signer, const Clock* clock,
                       SchemeMemory* schemes)
    : options_(std::move(options)),
      signer_(signer),
      clock_(clock),
      schemes_(schemes),
      user_agent_(std::string(kSoftwareName) + "/" + kVersion + " (+" + options_.base_url + ")") {}

HttpClient::~HttpClient() = default;

void HttpClient::SetResolverForTesting(ResolverForTesting resolver) {
  resolver_for_testing_ = std::move(resolver);
}
void HttpClient::SetConnectGateForTesting(ConnectGateForTesting gate) {
  connect_gate_for_testing_ = std::move(gate);
}
void HttpClient::SetCaFileForTesting(std::string path) { ca_file_for_testing_ = std::move(path); }

Result<HttpClient::Resolved> HttpClient::Resolve(const Url& url) const {
  Resolved resolved;
  IpAddress literal;
  if (url.host_is_ipv6) {
    auto ip = ParseIpAddress(url.host);
    if (!ip) return MakeError(ErrorCode::kInvalidInput, "bad IPv6 address", url.host);
    resolved.addresses.push_back(*ip);
  } else {
    switch (ParseIpv4Host(url.host, &literal)) {
      case Ipv4HostForm::kCanonical:
        resolved.addresses.push_back(literal);
        break;
      case Ipv4HostForm::kNonCanonical:
        // Decimal, octal or hex spellings are a classic SSRF disguise: judge what they mean,
        // and refuse them outright unless the unsafe switch is on.
        if (!options_.allow_private_addresses) {
          return MakeError(ErrorCode::kForbidden, "address not allowed",
                           "non-canonical IPv4 spelling " + url.host);
        }
        resolved.addresses.push_back(literal);
        break;
      case Ipv4HostForm::kInvalid:
        return MakeError(ErrorCode::kInvalidInput, "bad host", url.host);
      case Ipv4HostForm::kNotIpv4:
        if (resolver_for_testing_) {
          auto r = resolver_for_testing_(url.host);
          if (!r) return MakeError(ErrorCode::kUnavailable, "unknown host", url.host);
          resolved.addresses = r->addresses;
          resolved.trusted = r->treat_as_public;
          break;
        }
        addrinfo hints{};
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* result = nullptr;
        int rc = getaddrinfo(url.host.c_str(), nullptr, &hints, &result);
        if (rc != 0) {
          return MakeError(ErrorCode::kUnavailable, "unknown host",
                           url.host + ": " + gai_strerror(rc));
        }
        for (addrinfo* ai = result; ai; ai = ai->ai_next) {
          if (auto ip = IpAddress::FromSockaddr(ai->ai_addr)) {
            bool seen = false;
            for (const auto& a : resolved.addresses) seen |= a == *ip;
            if (!seen) resolved.addresses.push_back(*ip);
          }
        }
        freeaddrinfo(result);
        break;
    }
  }
  if (resolved.addresses.empty()) return MakeError(ErrorCode::kUnavailable, "no address", url.host);
  if (!options_.allow_private_addresses && !resolved.trusted) {
    // Every address must be public: a name resolving to one private address is refused whole,
    // so DNS answers cannot steer us inside.
    for (const auto& a : resolved.addresses) {
      if (!IsPublicAddress(a)) {
        return MakeError(ErrorCode::kForbidden, "address not allowed",
                         url.host + " → " + a.ToString() + " (" +
                             std::string(AddressRangeName(ClassifyAddress(a))) + ")");
      }
    }
  }
  return resolved;
}

Result<FetchResponse> HttpClient::Fetch(const OutboundRequest& request, const FetchLimits& limits) {
  const FetchLimits effective = Tighter(options_.limits, limits);
  const int64_t deadline_ms = SteadyMillis() + effective.total_timeout_ms;
  auto url = ParseUrl(request.url);
  if (!url) return MakeError(ErrorCode::kInvalidInput, "bad URL", request.url);
  if (request.method != "GET" && request.method != "POST") {
    return MakeError(ErrorCode::kInvalidInput, "unsupported method", request.method);
  }
  std::set<std::string> visited;
  OutboundRequest current = request;
  for (int hop = 0;; ++hop) {
    if (url->scheme == "http" && !options_.allow_private_addresses &&
        !allow_plain_http_for_testing_) {
      return MakeError(ErrorCode::kForbidden, "plain http is not allowed", url->ToString());
    }
    visited.insert(url->ToString(false));
    CS_ASSIGN_OR_RETURN(Hop result, FetchHop(current, *url, effective, deadline_ms));
    FetchResponse& response = result.response;
    response.final_url = url->ToString(false);
    if (!IsRedirect(response.status) || current.method != "GET") return std::move(response);
    auto location = response.headers.Get("Location");
    if (!location) return std::move(response);
    if (hop + 1 > effective.max_redirects) {
      return MakeError(ErrorCode::kForbidden, "too many redirects", request.url);
    }
    std::string next(*location);
    if (next.starts_with("/") && !next.starts_with("//")) next = url->Origin() + next;
    auto next_url = ParseUrl(next);
    if (!next_url) return MakeError(ErrorCode::kInvalidInput, "bad redirect", next);
    if (next_url->scheme != url->scheme) {
      return MakeError(ErrorCode::kForbidden, "redirect changes scheme", next);
    }
    if (visited.count(next_url->ToString(false))) {
      return MakeError(ErrorCode::kForbidden, "redirect loop", next);
    }
    url = std::move(next_url);
    current.url = url->ToString();
  }
}

Result<HttpClient::Hop> HttpClient::FetchHop(const OutboundRequest& request, const Url& url,
                                             const FetchLimits& limits, int64_t deadline_ms) const {
  CS_ASSIGN_OR_RETURN(Resolved resolved, Resolve(url));
  const bool signing = request.sign && signer_ != nullptr;
  std::optional<SignatureScheme> first;
  if (signing) {
    first = SignatureScheme::kCavage;
    if (schemes_) {
      if (auto known = schemes_->Get(url.Authority())) first = *known;
    }
  }
  CS_ASSIGN_OR_RETURN(Hop hop, SendToAddresses(request, url, resolved, first, limits, deadline_ms));
  if (signing && (hop.response.status == 400 || hop.response.status == 401)) {
    // Double knock: the other scheme once; a host that takes it is remembered.
    SignatureScheme other =
        *first == SignatureScheme::kCavage ? SignatureScheme::kRfc9421 : SignatureScheme::kCavage;
    if (hop.response.headers.Has("Accept-Signature")) other = SignatureScheme::kRfc9421;
    if (other != *first) {
      CS_ASSIGN_OR_RETURN(Hop retry,
                          SendToAddresses(request, url, resolved, other, limits, deadline_ms));
      if (retry.response.status < 400 && schemes_) schemes_->Put(url.Authority(), other);
      return retry;
    }
  } else if (signing && hop.response.status < 400 && schemes_) {
    schemes_->Put(url.Authority(), *first);
  }
  return hop;
}

Result<HttpClient::Hop> HttpClient::SendToAddresses(const OutboundRequest& request, const Url& url,
                                                    const Resolved& resolved,
                                                    std::optional<SignatureScheme> scheme,
                                                    const FetchLimits& limits,
                                                    int64_t deadline_ms) const {
  std::optional<Error> last;
  for (const auto& address : resolved.addresses) {
    bool connect_failed = false;
    auto hop = SendOnce(request, url, address, scheme, limits, deadline_ms, &connect_failed);
    if (hop.ok() || !connect_failed) return hop;
    last = hop.take_error();
  }
  return *last;
}

Result<HttpClient::Hop> HttpClient::SendOnce(const OutboundRequest& request, const Url& url,
                                             const IpAddress& address,
                                             std::optional<SignatureScheme> scheme,
                                             const FetchLimits& limits, int64_t deadline_ms,
                                             bool* connect_failed) const {
  if (connect_gate_for_testing_ && !connect_gate_for_testing_(address, url.port)) {
    *connect_failed = true;
    return MakeError(ErrorCode::kUnavailable, "connection refused by test gate");
  }
  int64_t remaining = deadline_ms - SteadyMillis();
  if (remaining <= 0)
    return MakeError(ErrorCode::kTimeout, "request deadline passed", url.ToString());

  // The request exactly as it goes on the wire, so the signature covers what is sent.
  HttpRequest wire;
  wire.method = request.method;
  wire.target = url.Target();
  wire.scheme = url.scheme;
  wire.body = request.body;
  wire.headers.Set("Host", url.Authority());
  wire.headers.Set("Date", FormatHttpDate(clock_->NowUnix()));
  wire.headers.Set("User-Agent", user_agent_);
  wire.headers.Set("Accept-Encoding", "gzip");
  for (const auto& [k, v] : request.headers.entries) wire.headers.Set(k, v);
  if (!wire.headers.Has("Accept")) wire.headers.Set("Accept", kDefaultAccept);
  if (!wire.body.empty() && !wire.headers.Has("Content-Type")) {
    wire.headers.Set("Content-Type", kDefaultContentType);
  }
  if (scheme && signer_) {
    CS_RETURN_IF_ERROR(signer_->Sign(request.signer_actor_id, *scheme, url.ToString(false), &wire));
  }

  httplib::Client client(url.scheme + "://" + url.host + ":" + std::to_string(url.port));
  // Connect to the address we checked, while Host and TLS keep the name.
  client.set_hostname_addr_map({{url.host, address.ToString()}});
  auto ms = [](int64_t v) { return std::chrono::milliseconds(std::max<int64_t>(v, 1)); };
  client.set_connection_timeout(ms(std::min<int64_t>(limits.connect_timeout_ms, remaining)));
  client.set_read_timeout(ms(std::min<int64_t>(limits.read_timeout_ms, remaining)));
  client.set_write_timeout(ms(std::min<int64_t>(limits.read_timeout_ms, remaining)));
  client.set_url_encode(false);
  client.set_decompress(false);
  client.set_follow_location(false);
  client.set_keep_alive(false);
  if (!ca_file_for_testing_.empty()) client.set_ca_cert_path(ca_file_for_testing_);

  httplib::Request req;
  req.method = wire.method;
  req.path = wire.target;
  for (const auto& [k, v] : wire.headers.entries) {
    if (!EqualsIgnoreCase(k, "Host")) req.headers.emplace(k, v);
  }
  req.headers.emplace("Host", url.Authority());
  req.body = wire.body;
  std::string body;
  bool too_large = false, too_slow = false;
  const size_t max_raw = limits.max_response_bytes;
  req.content_receiver = [&](const char* data, size_t len, uint64_t, uint64_t) {
    if (SteadyMillis() > deadline_ms) {
      too_slow = true;
      return false;
    }
    if (body.size() + len > max_raw) {
      too_large = true;
      return false;
    }
    body.append(data, len);
    return true;
  };
  req.progress = [&](uint64_t, uint64_t) {
    if (SteadyMillis() > deadline_ms) {
      too_slow = true;
      return false;
    }
    return true;
  };
  httplib::Response res;
  httplib::Error error = httplib::Error::Success;
  bool sent = client.send(req, res, error);
  if (too_large) {
    return MakeError(ErrorCode::kTooLarge, "response too large", url.ToString());
  }
  if (too_slow) return MakeError(ErrorCode::kTimeout, "request deadline passed", url.ToString());
  if (!sent) return TransportError(error, url.ToString(), connect_failed);

  Hop hop;
  hop.response.status = res.status;
  for (const auto& [k, v] : res.headers) hop.response.headers.Add(k, v);
  auto encoding = hop.response.headers.Get("Content-Encoding");
  if (encoding && !body.empty()) {
    if (EqualsIgnoreCase(*encoding, "gzip")) {
      CS_ASSIGN_OR_RETURN(body, Gunzip(body, limits.max_response_bytes));
      hop.response.headers.Remove("Content-Encoding");
    } else if (!EqualsIgnoreCase(*encoding, "identity")) {
      return MakeError(ErrorCode::kUnsupportedType, "unsupported Content-Encoding",
                       std::string(*encoding));
    }
  }
  hop.response.body = std::move(body);
  return hop;
}

}  // namespace cornerstore::server
