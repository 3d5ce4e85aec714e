#include <doctest/doctest.h>

#include <netinet/in.h>
#include <sys/socket.h>

#include <initializer_list>
#include <string_view>

#include "src/common/ip_address.h"

using namespace cornerstore;

namespace {
bool Public(const char* text) {
  auto ip = ParseIpAddress(text);
  REQUIRE_MESSAGE(ip.has_value(), text);
  return IsPublicAddress(*ip);
}
}  // namespace

TEST_CASE("ip address: public addresses pass") {
  for (const char* a : {"1.1.1.1", "8.8.8.8", "93.184.216.34", "2606:4700:4700::1111",
                        "2a00:1450:4001:80b::200e"}) {
    CAPTURE(a);
    CHECK(Public(a));
  }
}

TEST_CASE("ip address: every non-public range is refused") {
  for (const char* a : {"127.0.0.1",
                        "127.255.255.254",
                        "10.1.2.3",
                        "172.16.0.1",
                        "172.31.255.255",
                        "192.168.0.1",
                        "169.254.169.254",
                        "100.64.0.1",
                        "100.127.255.255",
                        "0.0.0.0",
                        "0.1.2.3",
                        "224.0.0.1",
                        "239.255.255.255",
                        "240.0.0.1",
                        "255.255.255.255",
                        "192.0.2.1",
                        "198.51.100.7",
                        "203.0.113.9",
                        "198.18.0.1",
                        "192.0.0.8",
                        "::",
                        "::1",
                        "fe80::1",
                        "fc00::1",
                        "fd12::1",
                        "fec0::1",
                        "ff02::1",
                        "2001:db8::1",
                        "::ffff:127.0.0.1",
                        "::ffff:8.8.8.8",
                        "::127.0.0.1",
                        "2002:7f00:1::",
                        "2001::1",
                        "64:ff9b:1::1"}) {
    CAPTURE(a);
    CHECK_FALSE(Public(a));
  }
}

TEST_CASE("ip address: NAT64 is judged by the embedded IPv4") {
  CHECK(Public("64:ff9b::808:808"));       // 8.8.8.8
  CHECK_FALSE(Public("64:ff9b::7f00:1"));  // 127.0.0.1
  CHECK_FALSE(Public("64:ff9b::a00:1"));   // 10.0.0.1
}

TEST_CASE("ip address: legacy IPv4 spellings are recognised for what they mean") {
  IpAddress out;
  CHECK(ParseIpv4Host("127.0.0.1", &out) == Ipv4HostForm::kCanonical);
  for (const char* host :
       {"2130706433", "0177.0.0.1", "0x7f.1", "0x7f000001", "127.1", "017700000001"}) {
    CAPTURE(host);
    REQUIRE(ParseIpv4Host(host, &out) == Ipv4HostForm::kNonCanonical);
    CHECK(out.ToString() == "127.0.0.1");
    CHECK_FALSE(IsPublicAddress(out));
  }
  CHECK(ParseIpv4Host("example.com", &out) == Ipv4HostForm::kNotIpv4);
  CHECK(ParseIpv4Host("1.2.3.256", &out) == Ipv4HostForm::kInvalid);
}

TEST_CASE("ip address: parsing and text round trip") {
  CHECK(ParseIpAddress("2001:0db8:0000:0000:0000:0000:0000:0001")->ToString() == "2001:db8::1");
  CHECK_FALSE(ParseIpAddress("1.2.3").has_value());
  CHECK_FALSE(ParseIpAddress("::1::2").has_value());
  CHECK_FALSE(ParseIpAddress("example.com").has_value());
}

TEST_CASE("ip address: range edges, first and last address inside and just outside") {
  struct Case {
    const char* address;
    AddressRange range;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"0.255.255.255", AddressRange::kUnspecified},
           {"1.0.0.0", AddressRange::kPublic},
           {"9.255.255.255", AddressRange::kPublic},
           {"10.0.0.0", AddressRange::kPrivate},
           {"10.255.255.255", AddressRange::kPrivate},
           {"11.0.0.0", AddressRange::kPublic},
           {"100.63.255.255", AddressRange::kPublic},
           {"100.64.0.0", AddressRange::kSharedCgnat},
           {"100.127.255.255", AddressRange::kSharedCgnat},
           {"100.128.0.0", AddressRange::kPublic},
           {"126.255.255.255", AddressRange::kPublic},
           {"127.0.0.0", AddressRange::kLoopback},
           {"128.0.0.0", AddressRange::kPublic},
           {"169.253.255.255", AddressRange::kPublic},
           {"169.254.0.0", AddressRange::kLinkLocal},
           {"169.255.0.0", AddressRange::kPublic},
           {"172.15.255.255", AddressRange::kPublic},
           {"172.16.0.0", AddressRange::kPrivate},
           {"172.31.255.255", AddressRange::kPrivate},
           {"172.32.0.0", AddressRange::kPublic},
           {"192.0.0.255", AddressRange::kProtocolAssignment},
           {"192.0.1.0", AddressRange::kPublic},
           {"192.0.2.0", AddressRange::kDocumentation},
           {"192.0.2.255", AddressRange::kDocumentation},
           {"192.0.3.0", AddressRange::kPublic},
           {"192.88.99.1", AddressRange::kReserved},
           {"192.167.255.255", AddressRange::kPublic},
           {"192.168.255.255", AddressRange::kPrivate},
           {"192.169.0.0", AddressRange::kPublic},
           {"198.17.255.255", AddressRange::kPublic},
           {"198.18.0.0", AddressRange::kBenchmarking},
           {"198.19.255.255", AddressRange::kBenchmarking},
           {"198.20.0.0", AddressRange::kPublic},
           {"198.51.99.255", AddressRange::kPublic},
           {"198.51.100.0", AddressRange::kDocumentation},
           {"198.51.101.0", AddressRange::kPublic},
           {"203.0.112.255", AddressRange::kPublic},
           {"203.0.113.255", AddressRange::kDocumentation},
           {"203.0.114.0", AddressRange::kPublic},
           {"223.255.255.255", AddressRange::kPublic},
           {"224.0.0.0", AddressRange::kMulticast},
           {"239.255.255.255", AddressRange::kMulticast},
           {"240.0.0.0", AddressRange::kReserved},
           {"255.255.255.254", AddressRange::kReserved},
           {"255.255.255.255", AddressRange::kBroadcast},
           // IPv6: only global unicast 2000::/3 outside its special blocks is public.
           {"::", AddressRange::kUnspecified},
           {"::1", AddressRange::kLoopback},
           {"::2", AddressRange::kIpv4Compatible},
           {"::8.8.8.8", AddressRange::kIpv4Compatible},
           {"::ffff:8.8.8.8", AddressRange::kIpv4Mapped},
           {"::ffff:0:808:808", AddressRange::kReserved},  // SIIT IPv4-translated
           {"64:ff9b::8.8.8.8", AddressRange::kPublic},
           {"64:ff9b::127.0.0.1", AddressRange::kLoopback},
           {"64:ff9b::169.254.169.254", AddressRange::kLinkLocal},
           {"64:ff9b::192.168.0.1", AddressRange::kPrivate},
           {"64:ff9b:1::808:808", AddressRange::kNat64Local},
           {"100::1", AddressRange::kReserved},  // discard-only
           {"1fff:ffff::1", AddressRange::kReserved},
           {"2000::1", AddressRange::kPublic},
           {"2001::1", AddressRange::kTeredo},
           {"2001:0:ffff:ffff::", AddressRange::kTeredo},
           {"2001:1::1", AddressRange::kProtocolAssignment},
           {"2001:2::1", AddressRange::kBenchmarking},
           {"2001:10::1", AddressRange::kProtocolAssignment},
           {"2001:1ff::1", AddressRange::kProtocolAssignment},
           {"2001:200::1", AddressRange::kPublic},
           {"2001:db7:ffff::1", AddressRange::kPublic},
           {"2001:db8::", AddressRange::kDocumentation},
           {"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", AddressRange::kDocumentation},
           {"2001:db9::1", AddressRange::kPublic},
           {"2002::1", AddressRange::k6to4},
           {"2002:ffff::1", AddressRange::k6to4},
           {"2003::1", AddressRange::kPublic},
           {"3ffe:ffff::1", AddressRange::kPublic},
           {"3fff::1", AddressRange::kDocumentation},
           {"3fff:fff::1", AddressRange::kDocumentation},
           {"3fff:1000::1", AddressRange::kPublic},
           {"4000::1", AddressRange::kReserved},
           {"5f00::1", AddressRange::kReserved},  // SRv6 SIDs
           {"fbff::1", AddressRange::kReserved},
           {"fc00::", AddressRange::kUniqueLocal},
           {"fdff:ffff::1", AddressRange::kUniqueLocal},
           {"fe7f::1", AddressRange::kReserved},
           {"fe80::", AddressRange::kLinkLocal},
           {"febf:ffff::1", AddressRange::kLinkLocal},
           {"fec0::1", AddressRange::kSiteLocal},
           {"feff::1", AddressRange::kSiteLocal},
           {"ff00::", AddressRange::kMulticast},
           {"ff02::1", AddressRange::kMulticast},
       }) {
    CAPTURE(c.address);
    auto ip = ParseIpAddress(c.address);
    REQUIRE(ip.has_value());
    CHECK(AddressRangeName(ClassifyAddress(*ip)) == AddressRangeName(c.range));
    CHECK(IsPublicAddress(*ip) == (c.range == AddressRange::kPublic));
  }
}

TEST_CASE("ip address: sockaddr in and out") {
  sockaddr_storage ss{};
  socklen_t len = ParseIpAddress("8.8.4.4")->ToSockaddr(443, &ss);
  CHECK(len == sizeof(sockaddr_in));
  CHECK(IsPublicAddress(reinterpret_cast<sockaddr*>(&ss)));
  CHECK(IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&ss))->ToString() == "8.8.4.4");

  len = ParseIpAddress("2606:4700::1")->ToSockaddr(443, &ss);
  CHECK(len == sizeof(sockaddr_in6));
  CHECK(IsPublicAddress(reinterpret_cast<sockaddr*>(&ss)));
  CHECK(IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&ss))->ToString() == "2606:4700::1");

  ParseIpAddress("::ffff:127.0.0.1")->ToSockaddr(80, &ss);
  CHECK_FALSE(IsPublicAddress(reinterpret_cast<sockaddr*>(&ss)));
  ParseIpAddress("127.0.0.1")->ToSockaddr(80, &ss);
  CHECK_FALSE(IsPublicAddress(reinterpret_cast<sockaddr*>(&ss)));

  sockaddr_storage unix_addr{};
  unix_addr.ss_family = AF_UNIX;
  CHECK_FALSE(IsPublicAddress(reinterpret_cast<sockaddr*>(&unix_addr)));
  CHECK_FALSE(IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&unix_addr)).has_value());
  CHECK_FALSE(IsPublicAddress(static_cast<const sockaddr*>(nullptr)));
}

TEST_CASE("ip address: strict literals refuse every legacy spelling") {
  for (const char* bad :
       {"2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1", "127.0.0.01", "127.0.0.1.", "1.2.3.4.5",
        "256.0.0.1", "1.2.3.-4", " 1.2.3.4", "1.2.3.4 ", "", "::1%eth0", "[::1]", "fe80::1%1",
        "1:2:3:4:5:6:7:8:9", "::ffff:1.2.3.04", "example.com"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseIpAddress(bad).has_value());
  }
  CHECK(ParseIpAddress("0.0.0.0")->ToString() == "0.0.0.0");
  CHECK(ParseIpAddress("::ffff:1.2.3.4")->ToString() == "::ffff:1.2.3.4");
  CHECK(ParseIpAddress("FE80::A")->ToString() == "fe80::a");
}

TEST_CASE("ip address: how URL hosts read as IPv4") {
  struct Case {
    const char* host;
    Ipv4HostForm form;
    const char* address;  // for the valid forms
  };
  for (const Case& c : std::initializer_list<Case>{
           {"8.8.8.8", Ipv4HostForm::kCanonical, "8.8.8.8"},
           {"0.0.0.0", Ipv4HostForm::kCanonical, "0.0.0.0"},
           {"134744072", Ipv4HostForm::kNonCanonical, "8.8.8.8"},
           {"0x08080808", Ipv4HostForm::kNonCanonical, "8.8.8.8"},
           {"0X7F.1", Ipv4HostForm::kNonCanonical, "127.0.0.1"},
           {"010.010.010.010", Ipv4HostForm::kNonCanonical, "8.8.8.8"},
           {"8.8.8.8.", Ipv4HostForm::kNonCanonical, "8.8.8.8"},
           {"8.526344", Ipv4HostForm::kNonCanonical, "8.8.8.8"},
           {"8.8.2056", Ipv4HostForm::kNonCanonical, "8.8.8.8"},
           {"0", Ipv4HostForm::kNonCanonical, "0.0.0.0"},
           {"0x", Ipv4HostForm::kNonCanonical, "0.0.0.0"},
           {"4294967295", Ipv4HostForm::kNonCanonical, "255.255.255.255"},
           {"4294967296", Ipv4HostForm::kInvalid, nullptr},
           {"1.16777216", Ipv4HostForm::kInvalid, nullptr},
           {"1.2.65536", Ipv4HostForm::kInvalid, nullptr},
           {"1.2.3.4.5", Ipv4HostForm::kInvalid, nullptr},
           {"09.1.1.1", Ipv4HostForm::kInvalid, nullptr},
           {"0x1g.1", Ipv4HostForm::kInvalid, nullptr},  // ends in a number; "0x1g" is none
           {"foo.1", Ipv4HostForm::kInvalid, nullptr},
           {"1..1", Ipv4HostForm::kInvalid, nullptr},
           {"99999999999999999999", Ipv4HostForm::kInvalid, nullptr},
           {"example.com", Ipv4HostForm::kNotIpv4, nullptr},
           {"1e100.net", Ipv4HostForm::kNotIpv4, nullptr},
           {"123.example", Ipv4HostForm::kNotIpv4, nullptr},
           {"0xbeef.example", Ipv4HostForm::kNotIpv4, nullptr},
           {"localhost", Ipv4HostForm::kNotIpv4, nullptr},
       }) {
    CAPTURE(c.host);
    IpAddress out;
    Ipv4HostForm form = ParseIpv4Host(c.host, &out);
    CHECK(form == c.form);
    if (c.address != nullptr) CHECK(out.ToString() == c.address);
  }
}
