// PresanitizedHtml: peer HTML sanitized before the inbox worker's write batch, for the batch's
// handlers to find done.
//
// Why: the worker parses a round's activities before it takes the database writer, so the other
// worker's batch can hold the writer meanwhile. Sanitizing a post's HTML (an HTML5 parse and an
// allowlist: 6–7% of the writer's time per post when done inside the batch) needs no store
// either. Prepare runs the sanitizer then, over the HTML the Create and Update handlers will
// clean, and keeps the results for the calling thread; a sanitizer made by Wrap answers from
// them and sanitizes anything else itself. Results are keyed by the input, so a handler that
// cleans other text than was prepared gets it cleaned, never another post's.
//
// Thread safety: what Prepare keeps belongs to the calling thread (thread-local).
#pragma once

#include "activitypub/inbox/sanitizer.h"
#include "activitypub/vocabulary/types.h"

namespace cornerstore::activitypub {

class PresanitizedHtml {
 public:
  // Sanitizes now, with `sanitize`, the HTML the handlers would sanitize to store the post that
  // `activity` creates or updates (an embedded one); keeps the results until Clear.
  static void Prepare(const Activity& activity, const HtmlSanitizer& sanitize);
  // Drops what this thread prepared.
  static void Clear();
  // `inner`, answering first from what the calling thread prepared. `inner` must outlive it.
  static HtmlSanitizer Wrap(const HtmlSanitizer& inner);

  // Clears what the thread prepared when it ends: a worker's round.
  class Round {
   public:
    Round() = default;
    ~Round() { Clear(); }
    Round(const Round&) = delete;
    Round& operator=(const Round&) = delete;
  };
};

}  // namespace cornerstore::activitypub
