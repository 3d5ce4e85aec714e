#include <doctest/doctest.h>

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
