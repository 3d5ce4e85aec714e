// Page queries and page URLs, and FetchPage over a plain list.
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <vector>

#include "activitypub/collections/paging.h"

namespace cornerstore::testing {
namespace {

using activitypub::collections::FetchPage;
using activitypub::collections::PageQuery;
using activitypub::collections::PageUrl;
using activitypub::collections::ParsePageQuery;

TEST_CASE("ParsePageQuery") {
  auto none = ParsePageQuery("");
  REQUIRE(none.ok());
  CHECK(!none->page);
  CHECK(none->max_id == 0);
  CHECK(!none->min_id.has_value());
  CHECK(ParsePageQuery("page=true")->page);
  CHECK(ParsePageQuery("page=1")->page);
  CHECK(!ParsePageQuery("page=false")->page);
  auto max = ParsePageQuery("max_id=42&page=true");
  REQUIRE(max.ok());
  CHECK(max->page);
  CHECK(max->max_id == 42);
  auto min = ParsePageQuery("min_id=0");
  REQUIRE(min.ok());
  CHECK(min->page);  // a cursor alone asks for a page
  CHECK(min->min_id == 0);
  for (const char* bad :
       {"max_id=abc", "max_id=-3", "min_id=", "min_id=1x", "max_id=99999999999999999999999"}) {
    CAPTURE(bad);
    auto parsed = ParsePageQuery(bad);
    REQUIRE(!parsed.ok());
    CHECK(parsed.error().code == ErrorCode::kInvalidInput);
  }
}

TEST_CASE("PageUrl spells each page one way") {
  const std::string c = "https://shop.example/users/shop/outbox";
  PageQuery q;
  q.page = true;
  CHECK(PageUrl(c, q) == c + "?page=true");
  q.max_id = 7;
  CHECK(PageUrl(c, q) == c + "?max_id=7&page=true");
  q.min_id = 3;
  CHECK(PageUrl(c, q) == c + "?max_id=7&min_id=3&page=true");
  q.max_id = 0;
  CHECK(PageUrl(c, q) == c + "?min_id=3&page=true");
  // Round trip.
  auto parsed = ParsePageQuery("min_id=3&page=true");
  CHECK(PageUrl(c, *parsed) == c + "?min_id=3&page=true");
}

// A store-like list over ids 1..n, newest first, honouring max_id, min_id and limit.
struct FakeList {
  std::vector<int64_t> ids;
  int calls = 0;
  Result<std::vector<int64_t>> operator()(const store::PageRequest& page) {
    ++calls;
    std::vector<int64_t> out;
    const int limit = std::clamp(page.limit, 1, store::kMaxPageLimit);
    for (auto it = ids.rbegin(); it != ids.rend() && static_cast<int>(out.size()) < limit; ++it) {
      if (page.max_id != 0 && *it >= page.max_id) continue;
      if (page.min_id != 0 && *it <= page.min_id) continue;
      out.push_back(*it);
    }
    return out;
  }
};

TEST_CASE("FetchPage: newest, max_id, min_id and the backward scan cap") {
  FakeList fake;
  for (int64_t i = 1; i <= 1000; ++i) fake.ids.push_back(i);
  std::function<Result<std::vector<int64_t>>(const store::PageRequest&)> list = std::ref(fake);
  std::function<int64_t(const int64_t&)> id_of = [](const int64_t& i) { return i; };

  PageQuery q;
  q.page = true;
  auto newest = FetchPage(list, id_of, q, 5);
  REQUIRE(newest.ok());
  CHECK(newest->items == std::vector<int64_t>{1000, 999, 998, 997, 996});
  CHECK(newest->has_older);

  q.max_id = 4;
  auto oldest = FetchPage(list, id_of, q, 5);
  CHECK(oldest->items == std::vector<int64_t>{3, 2, 1});
  CHECK(!oldest->has_older);

  q.max_id = 0;
  q.min_id = 500;
  auto above = FetchPage(list, id_of, q, 5);
  REQUIRE(above.ok());
  CHECK(above->items == std::vector<int64_t>{505, 504, 503, 502, 501});
  CHECK(above->has_older);

  q.min_id = 0;
  auto last = FetchPage(list, id_of, q, 5);
  CHECK(last->items == std::vector<int64_t>{5, 4, 3, 2, 1});
  CHECK(!last->has_older);

  // Both cursors: the oldest items inside the window.
  q.min_id = 10;
  q.max_id = 20;
  CHECK(FetchPage(list, id_of, q, 3)->items == std::vector<int64_t>{13, 12, 11});

  // A min_id further back than the scan allows is refused, not scanned.
  FakeList big;
  const int64_t too_many =
      int64_t{store::kMaxPageLimit} * activitypub::collections::kMaxBackwardScanBatches + 10;
  for (int64_t i = 1; i <= too_many; ++i) big.ids.push_back(i);
  std::function<Result<std::vector<int64_t>>(const store::PageRequest&)> big_list = std::ref(big);
  PageQuery far;
  far.page = true;
  far.min_id = 1;
  auto refused = FetchPage(big_list, id_of, far, 5);
  REQUIRE(!refused.ok());
  CHECK(refused.error().code == ErrorCode::kInvalidInput);
  CHECK(big.calls == activitypub::collections::kMaxBackwardScanBatches);
}

}  // namespace
}  // namespace cornerstore::testing
