// IpAddress: an IPv4 or IPv6 address as a plain value, with strict and lenient parsers and the
// classification behind the outbound SSRF guard (PROTOCOL.md §8).
//
// `IsPublicAddress` answers "may the server open a connection to this address on behalf of a
// remote peer?": only globally routable unicast addresses pass. IPv4 is judged against the IANA
// special-purpose registry; IPv6 must lie in global unicast 2000::/3 outside its special ranges,
// except NAT64 64:ff9b::/96, which is judged by the IPv4 address it embeds.
//
// Values only, no shared state: thread-safe.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cornerstore {

struct IpAddress {
  enum class Family { kV4, kV6 };

  Family family = Family::kV4;
  // Network byte order; an IPv4 address uses the first four bytes, the rest stay zero.
  std::array<uint8_t, 16> bytes{};

  static IpAddress V4(uint32_t host_order);
  static IpAddress V6(const std::array<uint8_t, 16>& bytes);
  // nullopt unless `addr` is AF_INET or AF_INET6.
  static std::optional<IpAddress> FromSockaddr(const sockaddr* addr);

  bool is_v4() const { return family == Family::kV4; }
  // IPv4 as a host-order integer (only meaningful when is_v4()).
  uint32_t v4() const;
  // Canonical text: dotted decimal, or RFC 5952 IPv6 without brackets.
  std::string ToString() const;
  // Writes a sockaddr_in or sockaddr_in6 for `port` into `out`; returns its length.
  socklen_t ToSockaddr(int port, sockaddr_storage* out) const;

  friend bool operator==(const IpAddress&, const IpAddress&) = default;
};

// Strict literal parser: IPv4 only as four decimal octets without leading zeros ("192.0.2.1"),
// IPv6 in RFC 4291 text form without brackets or zone ("2001:db8::1", "::ffff:192.0.2.1").
std::optional<IpAddress> ParseIpAddress(std::string_view text);

// How a URL host reads as IPv4 to browsers, curl and inet_aton (WHATWG URL "ends in a number"):
// a host whose last label is numeric is an IPv4 address in one of the legacy spellings —
// "2130706433", "0177.0.0.1", "0x7f.1", "127.1", a trailing dot — or it is invalid.
enum class Ipv4HostForm {
  kNotIpv4,       // a domain name
  kCanonical,     // exactly the dotted-decimal form ToString() produces
  kNonCanonical,  // a legacy spelling of a valid address (stored in *out)
  kInvalid,       // ends in a number but is no valid address ("1.2.3.256", "foo.1")
};
Ipv4HostForm ParseIpv4Host(std::string_view host, IpAddress* out);

// The special-purpose range an address falls in, kPublic if none.
enum class AddressRange {
  kPublic,
  kUnspecified,         // 0.0.0.0/8 ("this network"), ::/128
  kLoopback,            // 127.0.0.0/8, ::1
  kPrivate,             // 10/8, 172.16/12, 192.168/16
  kSharedCgnat,         // 100.64.0.0/10
  kLinkLocal,           // 169.254.0.0/16, fe80::/10
  kProtocolAssignment,  // 192.0.0.0/24, 2001::/23 (rest of it)
  kDocumentation,       // 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20
  kBenchmarking,        // 198.18.0.0/15, 2001:2::/48
  kMulticast,           // 224.0.0.0/4, ff00::/8
  kBroadcast,           // 255.255.255.255
  kReserved,            // 240.0.0.0/4, 192.88.99/24, and IPv6 outside 2000::/3
  kIpv4Mapped,          // ::ffff:0:0/96
  kIpv4Compatible,      // ::/96 (deprecated)
  k6to4,                // 2002::/16
  kTeredo,              // 2001::/32
  kNat64Local,          // 64:ff9b:1::/48 (local-use NAT64)
  kUniqueLocal,         // fc00::/7
  kSiteLocal,           // fec0::/10 (deprecated)
};

// For 64:ff9b::/96 this is the range of the embedded IPv4 address.
AddressRange ClassifyAddress(const IpAddress& address);
// "public", "loopback", "private", … for log details.
std::string_view AddressRangeName(AddressRange range);

bool IsPublicAddress(const IpAddress& address);
// False for anything but AF_INET/AF_INET6.
bool IsPublicAddress(const sockaddr* addr);

}  // namespace cornerstore
