#include "src/common/ip_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <vector>

namespace cornerstore {
namespace {

// Longest IPv6 text form with an embedded IPv4 tail ("ffff:…:255.255.255.255").
constexpr size_t kMaxIpv6TextLength = 45;
// More digits than this cannot be a 32-bit value in any radix we accept (octal needs 11).
constexpr size_t kMaxIpv4NumberDigits = 12;

bool InV4(uint32_t address, uint32_t network, int prefix) {
  uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (address & mask) == (network & mask);
}

constexpr uint32_t MakeV4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) {
  return uint32_t{a} << 24 | uint32_t{b} << 16 | uint32_t{c} << 8 | d;
}

// True if the first `prefix` bits of `address` equal those of `network` (given as up to 16 bytes).
bool InV6(const std::array<uint8_t, 16>& address, std::initializer_list<uint8_t> network,
          int prefix) {
  std::array<uint8_t, 16> net{};
  size_t i = 0;
  for (uint8_t b : network) net[i++] = b;
  int full = prefix / 8;
  for (int k = 0; k < full; ++k) {
    if (address[k] != net[k]) return false;
  }
  int rest = prefix % 8;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (address[full] & mask) == (net[full] & mask);
}

AddressRange ClassifyV4(uint32_t a) {
  if (InV4(a, MakeV4(0, 0, 0, 0), 8)) return AddressRange::kUnspecified;
  if (InV4(a, MakeV4(10, 0, 0, 0), 8)) return AddressRange::kPrivate;
  if (InV4(a, MakeV4(100, 64, 0, 0), 10)) return AddressRange::kSharedCgnat;
  if (InV4(a, MakeV4(127, 0, 0, 0), 8)) return AddressRange::kLoopback;
  if (InV4(a, MakeV4(169, 254, 0, 0), 16)) return AddressRange::kLinkLocal;
  if (InV4(a, MakeV4(172, 16, 0, 0), 12)) return AddressRange::kPrivate;
  if (InV4(a, MakeV4(192, 0, 0, 0), 24)) return AddressRange::kProtocolAssignment;
  if (InV4(a, MakeV4(192, 0, 2, 0), 24)) return AddressRange::kDocumentation;
  if (InV4(a, MakeV4(192, 88, 99, 0), 24)) return AddressRange::kReserved;  // 6to4 relay anycast
  if (InV4(a, MakeV4(192, 168, 0, 0), 16)) return AddressRange::kPrivate;
  if (InV4(a, MakeV4(198, 18, 0, 0), 15)) return AddressRange::kBenchmarking;
  if (InV4(a, MakeV4(198, 51, 100, 0), 24)) return AddressRange::kDocumentation;
  if (InV4(a, MakeV4(203, 0, 113, 0), 24)) return AddressRange::kDocumentation;
  if (InV4(a, MakeV4(224, 0, 0, 0), 4)) return AddressRange::kMulticast;
  if (a == MakeV4(255, 255, 255, 255)) return AddressRange::kBroadcast;
  if (InV4(a, MakeV4(240, 0, 0, 0), 4)) return AddressRange::kReserved;
  return AddressRange::kPublic;
}

AddressRange ClassifyV6(const std::array<uint8_t, 16>& b) {
  static constexpr std::array<uint8_t, 16> kZero{};
  if (b == kZero) return AddressRange::kUnspecified;
  std::array<uint8_t, 16> loopback{};
  loopback[15] = 1;
  if (b == loopback) return AddressRange::kLoopback;
  if (InV6(b, {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff}, 96)) return AddressRange::kIpv4Mapped;
  if (InV6(b, {}, 96)) return AddressRange::kIpv4Compatible;
  if (InV6(b, {0x00, 0x64, 0xff, 0x9b}, 96)) {
    // NAT64 well-known prefix: the packet goes to the embedded IPv4 address.
    return ClassifyV4(MakeV4(b[12], b[13], b[14], b[15]));
  }
  if (InV6(b, {0x00, 0x64, 0xff, 0x9b, 0x00, 0x01}, 48)) return AddressRange::kNat64Local;
  if (InV6(b, {0xff}, 8)) return AddressRange::kMulticast;
  if (InV6(b, {0xfe, 0x80}, 10)) return AddressRange::kLinkLocal;
  if (InV6(b, {0xfe, 0xc0}, 10)) return AddressRange::kSiteLocal;
  if (InV6(b, {0xfc}, 7)) return AddressRange::kUniqueLocal;
  if (InV6(b, {0x20, 0x01, 0x0d, 0xb8}, 32)) return AddressRange::kDocumentation;
  if (InV6(b, {0x3f, 0xff}, 20)) return AddressRange::kDocumentation;
  if (InV6(b, {0x20, 0x01, 0x00, 0x00}, 32)) return AddressRange::kTeredo;
  if (InV6(b, {0x20, 0x01, 0x00, 0x02, 0x00, 0x00}, 48)) return AddressRange::kBenchmarking;
  if (InV6(b, {0x20, 0x01}, 23)) return AddressRange::kProtocolAssignment;
  if (InV6(b, {0x20, 0x02}, 16)) return AddressRange::k6to4;
  // Everything outside global unicast (discard-only 100::/64, unassigned space, SRv6 5f00::/16,
  // SIIT ::ffff:0:0:0/96, …) is not a place a peer can live.
  if (!InV6(b, {0x20}, 3)) return AddressRange::kReserved;
  return AddressRange::kPublic;
}

// One part of a legacy IPv4 spelling: decimal, octal with a leading 0, hex with 0x.
std::optional<uint64_t> ParseIpv4Number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  int radix = 10;
  if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    radix = 16;
  } else if (s.size() >= 2 && s[0] == '0') {
    s.remove_prefix(1);
    radix = 8;
  }
  if (s.empty()) return 0;
  if (s.size() > kMaxIpv4NumberDigits) return std::nullopt;
  uint64_t value = 0;
  for (char c : s) {
    int digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      digit = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      digit = c - 'A' + 10;
    } else {
      return std::nullopt;
    }
    if (digit >= radix) return std::nullopt;
    value = value * radix + digit;
  }
  return value;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

IpAddress IpAddress::V4(uint32_t host_order) {
  IpAddress a;
  a.family = Family::kV4;
  a.bytes[0] = static_cast<uint8_t>(host_order >> 24);
  a.bytes[1] = static_cast<uint8_t>(host_order >> 16);
  a.bytes[2] = static_cast<uint8_t>(host_order >> 8);
  a.bytes[3] = static_cast<uint8_t>(host_order);
  return a;
}

IpAddress IpAddress::V6(const std::array<uint8_t, 16>& bytes) {
  IpAddress a;
  a.family = Family::kV6;
  a.bytes = bytes;
  return a;
}

std::optional<IpAddress> IpAddress::FromSockaddr(const sockaddr* addr) {
  if (addr == nullptr) return std::nullopt;
  if (addr->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, addr, sizeof in);
    return V4(ntohl(in.sin_addr.s_addr));
  }
  if (addr->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, addr, sizeof in6);
    std::array<uint8_t, 16> b;
    std::memcpy(b.data(), &in6.sin6_addr, 16);
    return V6(b);
  }
  return std::nullopt;
}

uint32_t IpAddress::v4() const { return MakeV4(bytes[0], bytes[1], bytes[2], bytes[3]); }

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {};
  if (is_v4()) {
    inet_ntop(AF_INET, bytes.data(), buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, bytes.data(), buf, sizeof buf);
  }
  return buf;
}

socklen_t IpAddress::ToSockaddr(int port, sockaddr_storage* out) const {
  std::memset(out, 0, sizeof *out);
  if (is_v4()) {
    sockaddr_in in{};
    in.sin_family = AF_INET;
    in.sin_port = htons(static_cast<uint16_t>(port));
    std::memcpy(&in.sin_addr, bytes.data(), 4);
    std::memcpy(out, &in, sizeof in);
    return sizeof in;
  }
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  in6.sin6_port = htons(static_cast<uint16_t>(port));
  std::memcpy(&in6.sin6_addr, bytes.data(), 16);
  std::memcpy(out, &in6, sizeof in6);
  return sizeof in6;
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  if (text.empty() || text.size() > kMaxIpv6TextLength) return std::nullopt;
  if (text.find(':') != std::string_view::npos) {
    std::string s(text);
    std::array<uint8_t, 16> b;
    if (inet_pton(AF_INET6, s.c_str(), b.data()) != 1) return std::nullopt;
    return IpAddress::V6(b);
  }
  uint32_t value = 0;
  int parts = 0;
  size_t start = 0;
  while (true) {
    size_t dot = text.find('.', start);
    std::string_view part = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!AllDigits(part) || part.size() > 3 || (part.size() > 1 && part[0] == '0')) {
      return std::nullopt;
    }
    int octet = 0;
    for (char c : part) octet = octet * 10 + (c - '0');
    if (octet > 255) return std::nullopt;
    value = value << 8 | static_cast<uint32_t>(octet);
    ++parts;
    if (dot == std::string_view::npos) break;
    if (parts == 4) return std::nullopt;
    start = dot + 1;
  }
  if (parts != 4) return std::nullopt;
  return IpAddress::V4(value);
}

Ipv4HostForm ParseIpv4Host(std::string_view host, IpAddress* out) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t dot = host.find('.', start);
    if (dot == std::string_view::npos) {
      parts.push_back(host.substr(start));
      break;
    }
    parts.push_back(host.substr(start, dot - start));
    start = dot + 1;
  }
  // A single trailing dot is the root label: "127.0.0.1." names the same host.
  if (parts.size() > 1 && parts.back().empty()) parts.pop_back();
  std::string_view last = parts.back();
  bool ends_in_number = AllDigits(last) || (!last.empty() && ParseIpv4Number(last).has_value());
  if (!ends_in_number) return Ipv4HostForm::kNotIpv4;
  if (parts.size() > 4) return Ipv4HostForm::kInvalid;
  std::vector<uint64_t> numbers;
  for (std::string_view part : parts) {
    auto n = ParseIpv4Number(part);
    if (!n) return Ipv4HostForm::kInvalid;
    numbers.push_back(*n);
  }
  for (size_t i = 0; i + 1 < numbers.size(); ++i) {
    if (numbers[i] > 255) return Ipv4HostForm::kInvalid;
  }
  // The last part fills the remaining bytes: 32 bits alone, 24 after one part, and so on.
  uint64_t last_limit = uint64_t{1} << (8 * (5 - numbers.size()));
  if (numbers.back() >= last_limit) return Ipv4HostForm::kInvalid;
  uint64_t value = numbers.back();
  for (size_t i = 0; i + 1 < numbers.size(); ++i) value += numbers[i] << (8 * (3 - i));
  IpAddress address = IpAddress::V4(static_cast<uint32_t>(value));
  if (out != nullptr) *out = address;
  return address.ToString() == host ? Ipv4HostForm::kCanonical : Ipv4HostForm::kNonCanonical;
}

AddressRange ClassifyAddress(const IpAddress& address) {
  return address.is_v4() ? ClassifyV4(address.v4()) : ClassifyV6(address.bytes);
}

std::string_view AddressRangeName(AddressRange range) {
  switch (range) {
    case AddressRange::kPublic:
      return "public";
    case AddressRange::kUnspecified:
      return "unspecified";
    case AddressRange::kLoopback:
      return "loopback";
    case AddressRange::kPrivate:
      return "private";
    case AddressRange::kSharedCgnat:
      return "shared (CGNAT)";
    case AddressRange::kLinkLocal:
      return "link-local";
    case AddressRange::kProtocolAssignment:
      return "IETF protocol assignment";
    case AddressRange::kDocumentation:
      return "documentation";
    case AddressRange::kBenchmarking:
      return "benchmarking";
    case AddressRange::kMulticast:
      return "multicast";
    case AddressRange::kBroadcast:
      return "broadcast";
    case AddressRange::kReserved:
      return "reserved";
    case AddressRange::kIpv4Mapped:
      return "IPv4-mapped";
    case AddressRange::kIpv4Compatible:
      return "IPv4-compatible";
    case AddressRange::k6to4:
      return "6to4";
    case AddressRange::kTeredo:
      return "Teredo";
    case AddressRange::kNat64Local:
      return "local-use NAT64";
    case AddressRange::kUniqueLocal:
      return "unique-local";
    case AddressRange::kSiteLocal:
      return "site-local";
  }
  return "unknown";
}

bool IsPublicAddress(const IpAddress& address) {
  return ClassifyAddress(address) == AddressRange::kPublic;
}

bool IsPublicAddress(const sockaddr* addr) {
  auto address = IpAddress::FromSockaddr(addr);
  return address.has_value() && IsPublicAddress(*address);
}

}  // namespace cornerstore
