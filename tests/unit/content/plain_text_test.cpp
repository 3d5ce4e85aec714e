#include <doctest/doctest.h>

#include <string>

#include "activitypub/content/sanitizer.h"
#include "src/common/html_escape.h"

using namespace cornerstore::activitypub::content;

TEST_CASE("plain text: paragraphs, breaks and entities") {
  CHECK(HtmlToPlainText("<p>Hello &amp; welcome</p><p>line one<br>line two</p>") ==
        "Hello & welcome\n\nline one\nline two");
  CHECK(HtmlToPlainText("<p>a</p>\n\n<p>b</p>") == "a\n\nb");
  CHECK(HtmlToPlainText("a<br><br><br><br>b") == "a\n\nb");
  CHECK(HtmlToPlainText("<h1>Title</h1>body") == "Title\n\nbody");
  CHECK(HtmlToPlainText("<ul><li>one</li><li>two</li></ul>after") == "one\ntwo\n\nafter");
  CHECK(HtmlToPlainText("<div>a</div><div>b</div>") == "a\nb");
  CHECK(HtmlToPlainText("&lt;script&gt; &quot;q&quot; &#39;s&#39; &eacute; &#x1F389;") ==
        "<script> \"q\" 's' \xC3\xA9 \xF0\x9F\x8E\x89");
}

TEST_CASE("plain text: whitespace collapses outside <pre> and is kept inside") {
  CHECK(HtmlToPlainText("  a \n\t b  ") == "a b");
  CHECK(HtmlToPlainText("<p>  spaced   out  </p>") == "spaced out");
  CHECK(HtmlToPlainText("<pre>a  b\n  c</pre>") == "a  b\n  c");
}

TEST_CASE("plain text: Mastodon link and mention markup reads naturally") {
  const std::string html =
      "<p><span class=\"h-card\" translate=\"no\"><a href=\"https://m.example/@bob\" "
      "class=\"u-url mention\">@<span>bob</span></a></span> see <a "
      "href=\"https://example.com/a/long/path\"><span class=\"invisible\">https://</span><span "
      "class=\"ellipsis\">example.com/a/lo</span><span class=\"invisible\">ng/path</span></a> "
      "<a href=\"https://m.example/tags/tag\" class=\"mention hashtag\" "
      "rel=\"tag\">#<span>tag</span></a></p>";
  CHECK(HtmlToPlainText(html) == "@bob see https://example.com/a/long/path #tag");
}

TEST_CASE("plain text: dropped elements and control characters do not leak") {
  CHECK(HtmlToPlainText("<script>alert(1)</script><style>p{}</style>ok") == "ok");
  CHECK(HtmlToPlainText("<svg><text>svg</text></svg><math>m</math>x") == "x");
  CHECK(HtmlToPlainText("<noscript>ns</noscript><template>t</template>y") == "y");
  CHECK(HtmlToPlainText("a\x1b[2Jb &#x1b;[31m c \xC2\x9B"
                        "1m d") == "a[2Jb [31m c 1m d");
  CHECK(HtmlToPlainText("bad \xff utf8") == "bad \xEF\xBF\xBD utf8");
  CHECK(HtmlToPlainText("") == "");
  const std::string lts = HtmlToPlainText(std::string(100000, '<') + "span>");
  CHECK(lts.size() == 99999);  // a '<' not followed by a letter is text
  CHECK(lts.find_first_not_of('<') == std::string::npos);
}

TEST_CASE("EscapeHtml: the five characters, nothing else") {
  using cornerstore::EscapeHtml;
  CHECK(EscapeHtml("<a href=\"x\">'&'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(EscapeHtml("caf\xC3\xA9 plain") == "caf\xC3\xA9 plain");
  std::string out = "pre:";
  cornerstore::AppendEscapedHtml(out, "&");
  CHECK(out == "pre:&amp;");
}
