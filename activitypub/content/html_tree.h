// HtmlTree: an untrusted HTML fragment parsed by Gumbo within HtmlLimits.
//
// Internal to activitypub/content (it exposes Gumbo types, and Gumbo is a private dependency of
// cs_activitypub). Before parsing, the input is cut to the byte and tag caps, invalid UTF-8 is
// replaced with U+FFFD, and NUL, other C0 controls (except tab, LF, FF, CR), DEL and C1
// controls are removed. Every Gumbo allocation goes through an allocator owned by the tree,
// which enforces the memory and time budget and frees everything in one pass on destruction
// (Gumbo's own destroy function recurses once per nesting level and would overflow the stack
// on deep input). Not copyable; one tree per thread, no shared state.
#pragma once

#include <gumbo.h>

#include <memory>
#include <string>
#include <string_view>

#include "activitypub/content/sanitizer.h"

namespace cornerstore::activitypub::content {

class HtmlTree {
 public:
  HtmlTree(std::string_view html, const HtmlLimits& limits);
  ~HtmlTree();
  HtmlTree(const HtmlTree&) = delete;
  HtmlTree& operator=(const HtmlTree&) = delete;

  // The <html> element whose children are the fragment's top-level nodes (parsed as the
  // content of a <div>); null when the parse went over budget or failed a Gumbo assertion.
  const GumboNode* root() const { return root_; }
  // The input was cut at max_input_bytes or max_tags before parsing.
  bool truncated() const { return truncated_; }
  bool over_budget() const { return root_ == nullptr; }

 private:
  class Allocator;

  bool truncated_ = false;  // declared first: set while input_ is initialised
  std::string input_;       // Gumbo's tree points into this buffer
  std::unique_ptr<Allocator> allocator_;
  const GumboNode* root_ = nullptr;
};

}  // namespace cornerstore::activitypub::content
