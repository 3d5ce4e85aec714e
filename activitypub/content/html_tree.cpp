#include "activitypub/content/html_tree.h"

#include <chrono>
#include <csetjmp>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "activitypub/content/unicode.h"

namespace cornerstore::activitypub::content {
namespace {

// How often (in allocations) the allocator looks at the clock: cheap, yet frequent enough
// because every token Gumbo builds allocates.
constexpr unsigned kClockCheckInterval = 64;

// Where a failed assertion inside Gumbo jumps to: the parse running on this thread, if any.
thread_local std::jmp_buf* t_gumbo_escape = nullptr;

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Cuts and cleans the input as described in html_tree.h.
std::string CleanInput(std::string_view html, const HtmlLimits& limits, bool* truncated) {
  if (html.size() > limits.max_input_bytes) {
    size_t cut = limits.max_input_bytes;
    while (cut > 0 && (static_cast<unsigned char>(html[cut]) & 0xC0) == 0x80) --cut;
    html = html.substr(0, cut);
    *truncated = true;
  }
  std::string out;
  out.reserve(html.size());
  size_t tags = 0;
  for (size_t i = 0; i < html.size();) {
    const char c = html[i];
    if (c == '<' && i + 1 < html.size() && (IsAsciiAlpha(html[i + 1]) || html[i + 1] == '/')) {
      if (++tags > limits.max_tags) {
        *truncated = true;
        break;
      }
    }
    const size_t start = i;
    const char32_t cp = DecodeUtf8(html, &i);
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\f' && cp != '\r') continue;
    if (cp >= 0x7F && cp <= 0x9F) continue;
    if (cp == kReplacementChar && i - start != 3) {
      AppendUtf8(out, kReplacementChar);  // an invalid byte
      continue;
    }
    out.append(html.substr(start, i - start));
  }
  return out;
}

}  // namespace

// Every block handed to Gumbo carries this header; live blocks form a doubly linked list so
// that the whole tree is freed without walking it.
struct alignas(std::max_align_t) BlockHeader {
  BlockHeader* prev;
  BlockHeader* next;
  size_t size;
};

class HtmlTree::Allocator {
 public:
  Allocator(size_t budget, std::chrono::milliseconds max_time)
      : budget_(budget), deadline_(std::chrono::steady_clock::now() + max_time) {
    head_.prev = head_.next = &head_;
    head_.size = 0;
  }
  ~Allocator() {
    BlockHeader* b = head_.next;
    while (b != &head_) {
      BlockHeader* next = b->next;
      std::free(b);
      b = next;
    }
  }
  Allocator(const Allocator&) = delete;
  Allocator& operator=(const Allocator&) = delete;

  // Gumbo's callbacks. Allocate never returns null: over budget or out of memory it jumps back
  // to Parse, abandoning Gumbo's frames (plain C, holding only memory from this allocator).
  static void* Allocate(void* self, size_t size) {
    auto* a = static_cast<Allocator*>(self);
    if (size > a->budget_ - a->live_ || (++a->allocations_ % kClockCheckInterval == 0 &&
                                         std::chrono::steady_clock::now() > a->deadline_)) {
      std::longjmp(a->escape_, 1);
    }
    auto* b = static_cast<BlockHeader*>(std::malloc(sizeof(BlockHeader) + size));
    if (b == nullptr) std::longjmp(a->escape_, 1);
    b->size = size;
    b->prev = &a->head_;
    b->next = a->head_.next;
    a->head_.next->prev = b;
    a->head_.next = b;
    a->live_ += size;
    return b + 1;
  }
  static void Deallocate(void* self, void* ptr) {
    if (ptr == nullptr) return;
    auto* a = static_cast<Allocator*>(self);
    BlockHeader* b = static_cast<BlockHeader*>(ptr) - 1;
    b->prev->next = b->next;
    b->next->prev = b->prev;
    a->live_ -= b->size;
    std::free(b);
  }

  // Runs Gumbo; null if the budget ran out. No object with a destructor lives in this frame,
  // so the jump back into it is well defined.
  GumboOutput* Parse(const GumboOptions* options, const char* data, size_t size) {
    if (setjmp(escape_) != 0) {
      t_gumbo_escape = nullptr;
      return nullptr;
    }
    t_gumbo_escape = &escape_;
    GumboOutput* output = gumbo_parse_with_options(options, data, size);
    t_gumbo_escape = nullptr;
    return output;
  }

 private:
  std::jmp_buf escape_;
  BlockHeader head_;  // sentinel of the live-block list
  const size_t budget_;
  size_t live_ = 0;
  uint64_t allocations_ = 0;
  const std::chrono::steady_clock::time_point deadline_;
};

HtmlTree::HtmlTree(std::string_view html, const HtmlLimits& limits)
    : input_(CleanInput(html, limits, &truncated_)),
      allocator_(
          std::make_unique<Allocator>(limits.max_parse_memory_bytes, limits.max_parse_time)) {
  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &Allocator::Allocate;
  options.deallocator = &Allocator::Deallocate;
  options.userdata = allocator_.get();
  options.max_errors = 0;  // errors are of no use here and would only cost memory
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  GumboOutput* output = allocator_->Parse(&options, input_.data(), input_.size());
  if (output != nullptr && output->root != nullptr && output->root->type == GUMBO_NODE_ELEMENT) {
    root_ = output->root;
  }
}

// The tree's memory goes with the allocator; gumbo_destroy_output is deliberately not called.
HtmlTree::~HtmlTree() = default;

}  // namespace cornerstore::activitypub::content

// Debian builds Gumbo 0.10.1 with its assertions on, and crafted HTML trips some of them
// ("<table><math><mi><![CDATA[d]]>" fails one in handle_in_table; found by tests/fuzz): glibc's
// __assert_fail would abort the whole server on one peer's post. This definition takes its place
// in the process (the executable's symbol wins over libc's, for libgumbo's calls too). During a
// parse on this thread it abandons the parse as the memory budget does (Gumbo keeps no global
// state, and its memory is the allocator's); anywhere else it does what glibc does.
extern "C" void __assert_fail(const char* assertion, const char* file, unsigned int line,
                              const char* function) noexcept {
  if (std::jmp_buf* escape = cornerstore::activitypub::content::t_gumbo_escape) {
    cornerstore::activitypub::content::t_gumbo_escape = nullptr;
    std::longjmp(*escape, 1);
  }
  std::fprintf(stderr, "%s:%u: %s: Assertion `%s' failed.\n", file, line,
               function != nullptr ? function : "?", assertion);
  std::abort();
}
