// PresanitizedHtml: a round's post HTML sanitized ahead of the batch is answered from what was
// prepared, on the preparing thread only, until cleared; anything else is sanitized as usual.
#include <doctest/doctest.h>

#include <string>
#include <thread>

#include "activitypub/inbox/presanitized_html.h"
#include "activitypub/vocabulary/from_json.h"
#include "src/common/json.h"

using namespace cornerstore;
using namespace cornerstore::activitypub;

namespace {

Activity Parse(const std::string& text) {
  auto parsed = json::Parse(text);
  REQUIRE(parsed.ok());
  auto activity = ActivityFromJson(*parsed);
  REQUIRE(activity.ok());
  return *activity;
}

constexpr const char* kCreate = R"({"id":"https://remote.example/a/1","type":"Create",
  "actor":"https://remote.example/users/a","object":{"id":"https://remote.example/notes/1",
  "type":"Note","summary":"cw <b>x</b>","content":"<p>hi<script>x</script></p>"}})";

}  // namespace

TEST_CASE("presanitized html: prepared before the batch, answered from it, cleared by the round") {
  int calls = 0;
  HtmlSanitizer counting = [&calls](std::string_view html) {
    ++calls;
    return "clean:" + std::string(html);
  };
  const HtmlSanitizer wrapped = PresanitizedHtml::Wrap(counting);
  {
    PresanitizedHtml::Round round;
    PresanitizedHtml::Prepare(Parse(kCreate), counting);
    CHECK(calls == 2);  // the content warning and the content
    CHECK(wrapped("<p>hi<script>x</script></p>") == "clean:<p>hi<script>x</script></p>");
    CHECK(wrapped("cw <b>x</b>") == "clean:cw <b>x</b>");
    CHECK(calls == 2);  // both answered from what was prepared
    CHECK(wrapped("<p>other</p>") == "clean:<p>other</p>");
    CHECK(calls == 3);  // not prepared: sanitized now

    // Another thread has prepared nothing.
    std::thread other([&] { CHECK(wrapped("cw <b>x</b>") == "clean:cw <b>x</b>"); });
    other.join();
    CHECK(calls == 4);
  }
  CHECK(wrapped("cw <b>x</b>") == "clean:cw <b>x</b>");
  CHECK(calls == 5);  // the round cleared it

  // Only what a Create or Update of an embedded post will store is prepared.
  PresanitizedHtml::Prepare(Parse(R"({"id":"https://remote.example/a/2","type":"Like",
    "actor":"https://remote.example/users/a","object":"https://remote.example/notes/1"})"),
                            counting);
  CHECK(calls == 5);
}
