#include "activitypub/content/post_formatter.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "activitypub/content/sanitizer.h"
#include "tests/unit/content/html_check.h"

using namespace cornerstore::activitypub::content;

namespace {

constexpr const char* kBase = "https://shop.example";

// Knows bob@remote.example, carol@other.example and the local account alice; records calls.
struct FakeDirectory {
  std::vector<std::string> calls;

  MentionResolver Resolver() {
    return [this](std::string_view user, std::string_view host) -> std::optional<MentionTarget> {
      calls.push_back(std::string(user) + "|" + std::string(host));
      const std::string u = std::string(user), h = std::string(host);
      if ((u == "bob" || u == "Bob") && h == "remote.example") {
        return MentionTarget{"https://remote.example/users/bob", "https://remote.example/@bob",
                             "bob@remote.example"};
      }
      if (u == "carol" && h == "other.example") {
        return MentionTarget{"https://other.example/ap/carol", "", "carol@other.example"};
      }
      if (u == "alice" && (h.empty() || h == "shop.example")) {
        return MentionTarget{"https://shop.example/users/alice", "https://shop.example/@alice",
                             "alice@shop.example"};
      }
      return std::nullopt;
    };
  }
};

std::string Link(const std::string& url, const std::string& prefix, const std::string& shown,
                 const std::string& rest, bool cut) {
  return "<a href=\"" + url +
         "\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\"><span "
         "class=\"invisible\">" +
         prefix + "</span><span class=\"" + (cut ? "ellipsis" : "") + "\">" + shown +
         "</span><span class=\"invisible\">" + rest + "</span></a>";
}

std::string MentionHtml(const std::string& href, const std::string& user) {
  return "<span class=\"h-card\" translate=\"no\"><a href=\"" + href +
         "\" class=\"u-url mention\">@<span>" + user + "</span></a></span>";
}

std::string TagHtml(const std::string& slug, const std::string& shown) {
  return "<a href=\"https://shop.example/tags/" + slug +
         "\" class=\"mention hashtag\" rel=\"tag\">#<span>" + shown + "</span></a>";
}

FormattedPost Format(std::string_view text) {
  FakeDirectory dir;
  return FormatPost(text, kBase, dir.Resolver());
}

}  // namespace

TEST_CASE("formatter: paragraphs and line breaks") {
  CHECK(Format("Hello world").html == "<p>Hello world</p>");
  CHECK(Format("a\nb\n\nc").html == "<p>a<br>b</p><p>c</p>");
  CHECK(Format("\n\n a\n \t \n\n\nb\n\n").html == "<p> a</p><p>b</p>");
  CHECK(Format("a\r\nb\r\n\r\nc\rd").html == "<p>a<br>b</p><p>c<br>d</p>");
  CHECK(Format("").html == "");
  CHECK(Format("  \n\n ").html == "");
}

TEST_CASE("formatter: everything is escaped") {
  CHECK(Format("<script>alert('x') & \"y\"</script>").html ==
        "<p>&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;</p>");
  CHECK(Format("a\x01\x1b[31mb\x7f \xff").html == "<p>a[31mb \xEF\xBF\xBD</p>");
}

TEST_CASE("formatter: links") {
  CHECK(Format("see https://example.com/path.").html ==
        "<p>see " + Link("https://example.com/path", "https://", "example.com/path", "", false) +
            ".</p>");
  CHECK(Format("http://www.example.com").html ==
        "<p>" + Link("http://www.example.com", "http://www.", "example.com", "", false) + "</p>");
  CHECK(Format("https://example.com/a/very/long/path/that/goes/on/and/on?x=1&y=2").html ==
        "<p>" +
            Link("https://example.com/a/very/long/path/that/goes/on/and/on?x=1&amp;y=2", "https://",
                 "example.com/a/very/long/path/t", "hat/goes/on/and/on?x=1&amp;y=2", true) +
            "</p>");
  CHECK(Format("(https://en.wikipedia.org/wiki/Foo_(bar))").html ==
        "<p>(" +
            Link("https://en.wikipedia.org/wiki/Foo_(bar)", "https://",
                 "en.wikipedia.org/wiki/Foo_(bar", ")", true) +
            ")</p>");
  CHECK(Format("[https://example.com/a_(b)]").html ==
        "<p>[" + Link("https://example.com/a_(b)", "https://", "example.com/a_(b)", "", false) +
            "]</p>");
  CHECK(Format("Look: HTTPS://Example.com/x, then").html ==
        "<p>Look: " + Link("HTTPS://Example.com/x", "HTTPS://", "Example.com/x", "", false) +
            ", then</p>");
  CHECK(Format("https://example.com/#frag @bob@remote.example").html ==
        "<p>" + Link("https://example.com/#frag", "https://", "example.com/#frag", "", false) +
            " " + MentionHtml("https://remote.example/@bob", "bob") + "</p>");
  // Not links: no host, or glued to a word.
  CHECK(Format("http:// and https://").html == "<p>http:// and https://</p>");
  CHECK(Format("xhttps://example.com").html == "<p>xhttps://example.com</p>");
  CHECK(Format("ftp://example.com").html == "<p>ftp://example.com</p>");
}

TEST_CASE("formatter: mentions") {
  FakeDirectory dir;
  const FormattedPost p = FormatPost(
      "@bob@remote.example hi @alice, and @Bob@remote.example again.\n@carol@other.example", kBase,
      dir.Resolver());
  CHECK(p.html == "<p>" + MentionHtml("https://remote.example/@bob", "bob") + " hi " +
                      MentionHtml("https://shop.example/@alice", "alice") + ", and " +
                      MentionHtml("https://remote.example/@bob", "bob") + " again.<br>" +
                      MentionHtml("https://other.example/ap/carol", "carol") + "</p>");
  REQUIRE(p.mentions.size() == 3);
  CHECK(p.mentions[0].actor_id == "https://remote.example/users/bob");
  CHECK(p.mentions[0].name == "@bob@remote.example");
  CHECK(p.mentions[0].url == "https://remote.example/@bob");
  CHECK(p.mentions[1].actor_id == "https://shop.example/users/alice");
  CHECK(p.mentions[1].name == "@alice@shop.example");
  CHECK(p.mentions[2].url == "https://other.example/ap/carol");  // no profile URL: the id
  // Each distinct mention is looked up once (case-insensitively).
  CHECK(dir.calls ==
        std::vector<std::string>{"bob|remote.example", "alice|", "carol|other.example"});
}

TEST_CASE("formatter: what is not a mention") {
  FakeDirectory dir;
  const FormattedPost p =
      FormatPost("mail bob@remote.example or x=@bob a/@bob; @nobody@nowhere.example @ @. @-x",
                 kBase, dir.Resolver());
  CHECK(p.html ==
        "<p>mail bob@remote.example or x=@bob a/@bob; @nobody@nowhere.example @ @. @-x</p>");
  CHECK(p.mentions.empty());
  CHECK(dir.calls == std::vector<std::string>{"nobody|nowhere.example"});
}

TEST_CASE("formatter: mention edges") {
  CHECK(Format("@bob@remote.example.").html ==
        "<p>" + MentionHtml("https://remote.example/@bob", "bob") + ".</p>");
  CHECK(Format("(@alice)").html ==
        "<p>(" + MentionHtml("https://shop.example/@alice", "alice") + ")</p>");
  CHECK(Format("end @alice").html ==
        "<p>end " + MentionHtml("https://shop.example/@alice", "alice") + "</p>");
  CHECK(Format("@alice@").html ==
        "<p>" + MentionHtml("https://shop.example/@alice", "alice") + "@</p>");
  CHECK(Format("@alice's shop").html ==
        "<p>" + MentionHtml("https://shop.example/@alice", "alice") + "&#39;s shop</p>");
  // Without a resolver nothing resolves.
  CHECK(FormatPost("@alice", kBase, MentionResolver()).html == "<p>@alice</p>");
}

TEST_CASE("formatter: mention lookups are capped per post") {
  int calls = 0;
  const MentionResolver count = [&calls](std::string_view, std::string_view) {
    ++calls;
    return std::optional<MentionTarget>();
  };
  std::string text;
  for (size_t i = 0; i < kMaxMentionLookups + 20; ++i) text += "@u" + std::to_string(i) + " ";
  FormatPost(text, kBase, count);
  CHECK(calls == static_cast<int>(kMaxMentionLookups));
}

TEST_CASE("formatter: hashtags") {
  const FormattedPost p = Format("#Hello #world, #hello! #1 #1a #_ #caf\xC3\xA9 #Caf\xC3\xA9");
  CHECK(p.html == "<p>" + TagHtml("hello", "Hello") + " " + TagHtml("world", "world") + ", " +
                      TagHtml("hello", "hello") + "! #1 " + TagHtml("1a", "1a") + " #_ " +
                      TagHtml("caf%C3%A9", "caf\xC3\xA9") + " " +
                      TagHtml("caf%C3%A9", "Caf\xC3\xA9") + "</p>");
  CHECK(p.hashtags == std::vector<std::string>{"hello", "world", "1a", "caf\xC3\xA9"});

  CHECK(Format("foo#bar a/#b x=#c").html == "<p>foo#bar a/#b x=#c</p>");
  CHECK(Format("(#tag) #\xF0\x9F\x8E\x89 #\xE6\x97\xA5\xE6\x9C\xAC").hashtags ==
        std::vector<std::string>{"tag", "\xE6\x97\xA5\xE6\x9C\xAC"});
  CHECK(Format("#\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82").hashtags ==
        std::vector<std::string>{"\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"});  // Привет
  CHECK(Format("#123 #\xD9\xA1\xD9\xA2").hashtags.empty());  // digits only, incl. Arabic-Indic
}

TEST_CASE("formatter: output is allowlisted HTML that the sanitizer keeps") {
  const std::string text =
      "Hi @bob@remote.example & @alice!\nNew #Bread at https://shop.example/items/rye-bread-"
      "with-a-long-name?x=1\n\n<b>not bold</b> #caf\xC3\xA9";
  const FormattedPost p = Format(text);
  const std::string clean = SanitizeHtml(p.html);
  CHECK(testing::AllowlistViolation(clean) == "");
  CHECK(HtmlToPlainText(clean) == HtmlToPlainText(p.html));
  CHECK(HtmlToPlainText(p.html) ==
        "Hi @bob & @alice!\nNew #Bread at "
        "https://shop.example/items/rye-bread-with-a-long-name?x=1\n\n<b>not bold</b> "
        "#caf\xC3\xA9");
  CHECK(clean.find("class=\"h-card\" translate=\"no\"") != std::string::npos);
  CHECK(clean.find("class=\"u-url mention\"") != std::string::npos);
  CHECK(clean.find("class=\"mention hashtag\" rel=\"tag nofollow") != std::string::npos);
  CHECK(clean.find("<span class=\"ellipsis\">") != std::string::npos);
}
