#include "src/common/url.h"

#include <doctest/doctest.h>

#include <string>

using namespace cornerstore;

namespace {

// The normalised form of `text`, or "(refused)".
std::string Normal(std::string_view text) {
  auto url = ParseUrl(text);
  return url ? url->ToString() : "(refused)";
}

}  // namespace

TEST_CASE("url: parses the parts of an absolute URL") {
  auto url = ParseUrl("HTTPS://Social.Example:8443/users/Alice?page=2&x=%20#main-key");
  REQUIRE(url);
  CHECK(url->scheme == "https");
  CHECK(url->host == "social.example");
  CHECK(url->port == 8443);
  CHECK(url->path == "/users/Alice");  // the path keeps its case and escapes
  CHECK(url->query == "page=2&x=%20");
  CHECK(url->fragment == "main-key");
  CHECK_FALSE(url->host_is_ipv6);
  CHECK(url->Origin() == "https://social.example:8443");
  CHECK(url->Authority() == "social.example:8443");
  CHECK(url->Target() == "/users/Alice?page=2&x=%20");
  CHECK(url->ToString() == "https://social.example:8443/users/Alice?page=2&x=%20#main-key");
  CHECK(url->ToString(false) == "https://social.example:8443/users/Alice?page=2&x=%20");
}

TEST_CASE("url: empty path becomes /, query and fragment may come without a path") {
  CHECK(ParseUrl("https://a.example")->path == "/");
  auto q = ParseUrl("https://a.example?x=1");
  REQUIRE(q);
  CHECK(q->path == "/");
  CHECK(q->query == "x=1");
  auto f = ParseUrl("https://a.example#top?not-query");
  REQUIRE(f);
  CHECK(f->fragment == "top?not-query");
  CHECK(f->query.empty());
  CHECK(ParseUrl("https://a.example/?")->query.empty());
}

TEST_CASE("url: only http and https") {
  CHECK(ParseUrl("http://a.example/")->port == 80);
  CHECK(ParseUrl("https://a.example/")->port == 443);
  for (std::string bad :
       {"ftp://a.example/", "file:///etc/passwd", "javascript://a.example/", "mailto:a@a.example",
        "//a.example/", "a.example/x", "://a.example/", "ht tp://a.example/", "h%74tp://a.example/",
        "https:/a.example/", "https:a.example", ""}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseUrl(bad));
  }
}

TEST_CASE("url: ports") {
  CHECK(ParseUrl("http://a.example:1/")->port == 1);
  CHECK(ParseUrl("http://a.example:65535/")->port == 65535);
  CHECK(ParseUrl("http://a.example:0080/")->port == 80);
  for (std::string bad :
       {"http://a.example:0/", "http://a.example:65536/", "http://a.example:/",
        "http://a.example:-80/", "http://a.example:+80/", "http://a.example:8o/",
        "http://a.example:99999999999999999999/", "http://a.example:80:80/", "http://:80/"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseUrl(bad));
  }
}

TEST_CASE("url: default ports are dropped from Origin, Authority and ToString") {
  CHECK(ParseUrl("https://a.example:443/x")->Origin() == "https://a.example");
  CHECK(ParseUrl("https://a.example:443/x")->Authority() == "a.example");
  CHECK(ParseUrl("http://a.example:80/x")->ToString() == "http://a.example/x");
  // A port is default only for its own scheme.
  CHECK(ParseUrl("http://a.example:443/")->Origin() == "http://a.example:443");
  CHECK(ParseUrl("https://a.example:80/")->Authority() == "a.example:80");
}

TEST_CASE("url: IPv6 literals in brackets") {
  auto url = ParseUrl("http://[::1]:8080/inbox");
  REQUIRE(url);
  CHECK(url->host == "::1");
  CHECK(url->host_is_ipv6);
  CHECK(url->port == 8080);
  CHECK(url->Authority() == "[::1]:8080");
  CHECK(url->Origin() == "http://[::1]:8080");
  CHECK(ParseUrl("https://[2001:DB8::1]/")->host == "2001:db8::1");
  CHECK(ParseUrl("https://[2001:db8::1]:443/")->Authority() == "[2001:db8::1]");
  CHECK(ParseUrl("https://[::ffff:192.0.2.1]/")->host_is_ipv6);
  // Equal addresses written differently are the same origin.
  CHECK(Normal("http://[0:0:0:0:0:0:0:1]/") == "http://[::1]/");
  CHECK(SameOrigin("http://[::1]/a", "http://[0::1]/b"));
  for (std::string bad :
       {"http://[::1/", "http://[]/", "http://[:]/", "http://[::1::2]/", "http://[1.2.3.4]/",
        "http://[::1]x/", "http://[::1]:/", "http://[::g]/", "http://[fe80::1%25eth0]/",
        "http://::1/", "http://[::1]]/", "http://[12345::1]/"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseUrl(bad));
  }
}

TEST_CASE("url: userinfo is refused") {
  for (std::string bad :
       {"https://user@a.example/", "https://user:pass@a.example/", "https://@a.example/",
        "https://a.example@evil.example/", "https://a.example\\@evil.example/"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseUrl(bad));
  }
  // An '@' after the authority belongs to the path, query or fragment.
  CHECK(ParseUrl("https://a.example/@alice")->host == "a.example");
  CHECK(ParseUrl("https://a.example/?u=a@b")->host == "a.example");
  CHECK(ParseUrl("https://a.example#@evil.example")->host == "a.example");
}

TEST_CASE("url: spaces, controls and non-ASCII bytes are refused anywhere") {
  for (std::string bad :
       {"https://a.example/a b", "https://a.example/a\tb", "https://a.example/\r\nX: y",
        "https://a.example/\x7f", "https://a.example/caf\xc3\xa9", "https://b\xc3\xbc.example/",
        " https://a.example/", "https://a.example/ ", "https://a.example/?q=\x01"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseUrl(bad));
  }
  CHECK_FALSE(ParseUrl(std::string_view("https://a.example/\0x", 20)));
}

TEST_CASE("url: host names") {
  CHECK(ParseUrl("https://xn--bcher-kva.example/")->host == "xn--bcher-kva.example");
  CHECK(ParseUrl("https://under_score.example/")->host == "under_score.example");
  CHECK(ParseUrl("http://192.0.2.1:8080/")->host == "192.0.2.1");
  for (std::string bad :
       {"https://a..example/", "https://.a.example/", "https://a.example./", "https://./",
        "https://a%2eexample/", "https://a!.example/", "https://a,b.example/", "https://a]b/"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseUrl(bad));
  }
  CHECK_FALSE(ParseUrl("https://" + std::string(254, 'a') + "/"));
  CHECK(ParseUrl("https://" + std::string(253, 'a') + "/"));
  CHECK_FALSE(ParseUrl("https://a.example/" + std::string(5000, 'x')));
}

TEST_CASE("url: SameOrigin and HostOf") {
  CHECK(SameOrigin("https://a.example/users/1", "https://A.EXAMPLE:443/inbox"));
  CHECK_FALSE(SameOrigin("https://a.example/", "http://a.example/"));
  CHECK_FALSE(SameOrigin("https://a.example/", "https://a.example:8443/"));
  CHECK_FALSE(SameOrigin("https://a.example/", "https://b.a.example/"));
  CHECK_FALSE(SameOrigin("https://a.example/", "not a url"));
  CHECK_FALSE(SameOrigin("", ""));
  CHECK(HostOf("https://Social.Example/x") == "social.example");
  CHECK(HostOf("https://[::1]/") == "::1");
  CHECK(HostOf("ftp://a.example/").empty());
}

TEST_CASE("url: PercentEncode keeps only unreserved characters") {
  CHECK(PercentEncode("AZaz09-._~") == "AZaz09-._~");
  CHECK(PercentEncode("a b+c&d=e/f?g#h%") == "a%20b%2Bc%26d%3De%2Ff%3Fg%23h%25");
  CHECK(PercentEncode("acct:alice@shop.example") == "acct%3Aalice%40shop.example");
  CHECK(PercentEncode("caf\xc3\xa9") == "caf%C3%A9");
  CHECK(PercentEncode(std::string_view("\0\n", 2)) == "%00%0A");
  CHECK(PercentEncode("").empty());
}

TEST_CASE("url: PercentDecode") {
  CHECK(PercentDecode("a%20b%2Bc") == "a b+c");
  CHECK(PercentDecode("%41%4a%4A") == "AJJ");
  CHECK(PercentDecode("a+b") == "a+b");
  CHECK(PercentDecode("a+b", true) == "a b");
  CHECK(PercentDecode("%2B", true) == "+");
  CHECK(PercentDecode("caf%C3%A9") == "caf\xc3\xa9");
  CHECK(PercentDecode("") == "");
  std::string weird = "x!*'();:@&=$,/?#[]";
  CHECK(PercentDecode(PercentEncode(weird)) == weird);
  for (std::string bad : {"%", "%4", "%zz", "%4g", "%g4", "a%", "a%2", "%%41", "% 41", "%-1"}) {
    CAPTURE(bad);
    CHECK_FALSE(PercentDecode(bad));
  }
}

TEST_CASE("url: QueryParam") {
  CHECK(QueryParam("resource=acct%3Aalice%40shop.example", "resource") ==
        "acct:alice@shop.example");
  CHECK(QueryParam("q=a+b%2Bc", "q") == "a b+c");
  CHECK(QueryParam("a=1&b=2&a=3", "a") == "1");  // the first of repeated keys
  CHECK(QueryParam("a=1&b=2&a=3", "b") == "2");
  CHECK(QueryParam("flag&x=1", "flag") == "");
  CHECK(QueryParam("x=", "x") == "");
  CHECK(QueryParam("x=a=b", "x") == "a=b");
  CHECK(QueryParam("my+key=1", "my key") == "1");
  CHECK(QueryParam("my%20key=1", "my key") == "1");
  CHECK(QueryParam("&&x=1&", "x") == "1");
  CHECK_FALSE(QueryParam("ab=1", "a"));
  CHECK_FALSE(QueryParam("a=1", "A"));
  CHECK_FALSE(QueryParam("", "a"));
  CHECK_FALSE(QueryParam("a=%zz", "a"));       // a malformed value is no value
  CHECK(QueryParam("%zz=1&a=2", "a") == "2");  // a malformed name is skipped
}
