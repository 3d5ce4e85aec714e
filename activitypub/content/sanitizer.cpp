#include "activitypub/content/sanitizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <iterator>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "activitypub/content/html_tree.h"
#include "activitypub/content/unicode.h"
#include "src/common/html_escape.h"

namespace cornerstore::activitypub::content {
namespace {

// Room kept below the output cap for the end tags that close whatever is still open.
constexpr size_t kClosingTagReserve = 1024;
// Digits kept in ol[start] and li[value]; longer numbers are not list positions.
constexpr size_t kMaxListNumberDigits = 9;

// ---- Element classes ------------------------------------------------------------------------

// The elements the output may contain.
enum class Out : uint8_t {
  kP,
  kBr,
  kSpan,
  kA,
  kDel,
  kPre,
  kCode,
  kEm,
  kStrong,
  kB,
  kI,
  kU,
  kUl,
  kOl,
  kLi,
  kBlockquote
};

constexpr const char* kOutNames[] = {"p",    "br", "span",   "a",         "del", "pre",
                                     "code", "em", "strong", "b",         "i",   "u",
                                     "ul",   "ol", "li",     "blockquote"};

static_assert(std::size(kOutNames) == static_cast<size_t>(Out::kBlockquote) + 1);

const char* NameOf(Out tag) { return kOutNames[static_cast<size_t>(tag)]; }

bool IsBlock(Out tag) {
  return tag == Out::kP || tag == Out::kBr || tag == Out::kPre || tag == Out::kUl ||
         tag == Out::kOl || tag == Out::kLi || tag == Out::kBlockquote;
}

enum class Rule : uint8_t {
  kUnwrap,       // children kept, inline (the default, e.g. unknown elements)
  kUnwrapBlock,  // children kept, with a word break around them
  kKeep,         // an allowlisted element
  kHeading,      // h1–h6 → <p><strong>
  kDrop,         // removed with everything inside
};

struct Classified {
  Rule rule = Rule::kUnwrap;
  Out out = Out::kSpan;  // for kKeep
};

constexpr std::pair<GumboTag, Out> kKeptTags[] = {
    {GUMBO_TAG_P, Out::kP},           {GUMBO_TAG_BR, Out::kBr},
    {GUMBO_TAG_SPAN, Out::kSpan},     {GUMBO_TAG_A, Out::kA},
    {GUMBO_TAG_DEL, Out::kDel},       {GUMBO_TAG_PRE, Out::kPre},
    {GUMBO_TAG_CODE, Out::kCode},     {GUMBO_TAG_EM, Out::kEm},
    {GUMBO_TAG_STRONG, Out::kStrong}, {GUMBO_TAG_B, Out::kB},
    {GUMBO_TAG_I, Out::kI},           {GUMBO_TAG_U, Out::kU},
    {GUMBO_TAG_UL, Out::kUl},         {GUMBO_TAG_OL, Out::kOl},
    {GUMBO_TAG_LI, Out::kLi},         {GUMBO_TAG_BLOCKQUOTE, Out::kBlockquote}};

constexpr GumboTag kHeadingTags[] = {GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3,
                                     GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6};

// Code, styles, embedded documents and media, forms, document metadata.
constexpr GumboTag kDroppedTags[] = {
    GUMBO_TAG_SCRIPT,   GUMBO_TAG_STYLE,    GUMBO_TAG_TEMPLATE, GUMBO_TAG_IFRAME,
    GUMBO_TAG_OBJECT,   GUMBO_TAG_EMBED,    GUMBO_TAG_PARAM,    GUMBO_TAG_APPLET,
    GUMBO_TAG_NOSCRIPT, GUMBO_TAG_NOEMBED,  GUMBO_TAG_NOFRAMES, GUMBO_TAG_FRAME,
    GUMBO_TAG_FRAMESET, GUMBO_TAG_SVG,      GUMBO_TAG_MATH,     GUMBO_TAG_HEAD,
    GUMBO_TAG_TITLE,    GUMBO_TAG_BASE,     GUMBO_TAG_LINK,     GUMBO_TAG_META,
    GUMBO_TAG_FORM,     GUMBO_TAG_INPUT,    GUMBO_TAG_BUTTON,   GUMBO_TAG_SELECT,
    GUMBO_TAG_OPTION,   GUMBO_TAG_OPTGROUP, GUMBO_TAG_DATALIST, GUMBO_TAG_TEXTAREA,
    GUMBO_TAG_KEYGEN,   GUMBO_TAG_ISINDEX,  GUMBO_TAG_IMG,      GUMBO_TAG_IMAGE,
    GUMBO_TAG_VIDEO,    GUMBO_TAG_AUDIO,    GUMBO_TAG_SOURCE,   GUMBO_TAG_TRACK,
    GUMBO_TAG_CANVAS,   GUMBO_TAG_AREA,     GUMBO_TAG_BGSOUND,  GUMBO_TAG_BASEFONT,
    GUMBO_TAG_MENUITEM, GUMBO_TAG_MARQUEE};

// Block-level containers whose text is kept.
constexpr GumboTag kBlockTags[] = {
    GUMBO_TAG_HTML,      GUMBO_TAG_BODY,       GUMBO_TAG_ADDRESS, GUMBO_TAG_ARTICLE,
    GUMBO_TAG_ASIDE,     GUMBO_TAG_CENTER,     GUMBO_TAG_DETAILS, GUMBO_TAG_DIR,
    GUMBO_TAG_DIV,       GUMBO_TAG_DL,         GUMBO_TAG_DT,      GUMBO_TAG_DD,
    GUMBO_TAG_FIELDSET,  GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,  GUMBO_TAG_FOOTER,
    GUMBO_TAG_HEADER,    GUMBO_TAG_HGROUP,     GUMBO_TAG_HR,      GUMBO_TAG_LEGEND,
    GUMBO_TAG_MAIN,      GUMBO_TAG_MENU,       GUMBO_TAG_NAV,     GUMBO_TAG_SECTION,
    GUMBO_TAG_SUMMARY,   GUMBO_TAG_TABLE,      GUMBO_TAG_CAPTION, GUMBO_TAG_COLGROUP,
    GUMBO_TAG_COL,       GUMBO_TAG_THEAD,      GUMBO_TAG_TBODY,   GUMBO_TAG_TFOOT,
    GUMBO_TAG_TR,        GUMBO_TAG_TD,         GUMBO_TAG_TH,      GUMBO_TAG_LISTING,
    GUMBO_TAG_PLAINTEXT, GUMBO_TAG_XMP,        GUMBO_TAG_MULTICOL};

// One entry per GumboTag, built once (thread-safe static initialisation).
const std::array<Classified, GUMBO_TAG_LAST + 1>& RuleTable() {
  static const auto table = [] {
    std::array<Classified, GUMBO_TAG_LAST + 1> t{};
    for (auto [tag, out] : kKeptTags) t[tag] = {Rule::kKeep, out};
    for (GumboTag tag : kHeadingTags) t[tag].rule = Rule::kHeading;
    for (GumboTag tag : kDroppedTags) t[tag].rule = Rule::kDrop;
    for (GumboTag tag : kBlockTags) t[tag].rule = Rule::kUnwrapBlock;
    return t;
  }();
  return table;
}

Classified Classify(const GumboNode* node) {
  const GumboElement& e = node->v.element;
  if (node->type == GUMBO_NODE_TEMPLATE || e.tag_namespace != GUMBO_NAMESPACE_HTML) {
    return {Rule::kDrop};  // template contents, and all SVG / MathML
  }
  return e.tag <= GUMBO_TAG_LAST ? RuleTable()[e.tag] : Classified{};
}

// ---- Attribute values -----------------------------------------------------------------------

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string_view TrimAsciiSpace(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

const char* FindAttribute(const GumboElement& e, std::string_view name) {
  for (unsigned i = 0; i < e.attributes.length; ++i) {
    const auto* attr = static_cast<const GumboAttribute*>(e.attributes.data[i]);
    if (attr->attr_namespace == GUMBO_ATTR_NAMESPACE_NONE && name == attr->name) {
      return attr->value;
    }
  }
  return nullptr;
}

// The href a browser would follow, if its scheme is one we allow. Browsers drop tab and
// newline anywhere in a URL and C0 controls and spaces at its ends, so the check runs on what
// they would see ("java\tscript:", " javascript:"), and that cleaned form is what we emit.
std::optional<std::string> SafeHref(std::string_view value) {
  std::string url;
  url.reserve(value.size());
  for (char c : value) {
    if (c != '\t' && c != '\n' && c != '\r') url += c;
  }
  const auto is_c0_or_space = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!url.empty() && is_c0_or_space(url.back())) url.pop_back();
  size_t start = 0;
  while (start < url.size() && is_c0_or_space(url[start])) ++start;
  url.erase(0, start);
  if (url.empty() || url.size() > kMaxHrefBytes) return std::nullopt;
  for (char c : url) {
    if (is_c0_or_space(c) || c == 0x7F) return std::nullopt;  // not a URL anyone typed
  }
  const size_t colon = url.find(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;  // relative: no use here
  for (size_t i = 0; i < colon; ++i) {
    const char c = url[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool ok =
        alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return std::nullopt;
    url[i] = AsciiLower(c);
  }
  const std::string_view scheme(url.data(), colon);
  if (std::find(kSafeLinkSchemes.begin(), kSafeLinkSchemes.end(), scheme) ==
      kSafeLinkSchemes.end()) {
    return std::nullopt;
  }
  if (scheme == "http" || scheme == "https") {
    const std::string_view rest = std::string_view(url).substr(colon + 1);
    if (!rest.starts_with("//") || rest.size() == 2 || rest[2] == '/' || rest[2] == '\\' ||
        rest[2] == '?' || rest[2] == '#') {
      return std::nullopt;  // no host
    }
  } else if (colon + 1 == url.size()) {
    return std::nullopt;
  }
  return url;
}

// Allowed classes in source order, without repeats; "" if none.
std::string FilterClasses(std::string_view value) {
  std::vector<std::string_view> kept;
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && IsAsciiSpace(value[i])) ++i;
    size_t j = i;
    while (j < value.size() && !IsAsciiSpace(value[j])) ++j;
    const std::string_view token = value.substr(i, j - i);
    if (!token.empty() &&
        std::find(kAllowedClasses.begin(), kAllowedClasses.end(), token) != kAllowedClasses.end() &&
        std::find(kept.begin(), kept.end(), token) == kept.end()) {
      kept.push_back(token);
    }
    i = j;
  }
  std::string out;
  for (std::string_view k : kept) {
    if (!out.empty()) out += ' ';
    out += k;
  }
  return out;
}

bool RelHasTag(std::string_view value) {
  size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && IsAsciiSpace(value[i])) ++i;
    size_t j = i;
    while (j < value.size() && !IsAsciiSpace(value[j])) ++j;
    if (EqualsIgnoreCase(value.substr(i, j - i), "tag")) return true;
    i = j;
  }
  return false;
}

// "yes" / "no", or nullopt for anything else.
std::optional<std::string_view> TranslateValue(std::string_view value) {
  value = TrimAsciiSpace(value);
  if (EqualsIgnoreCase(value, "no")) return "no";
  if (EqualsIgnoreCase(value, "yes")) return "yes";
  return std::nullopt;
}

std::optional<std::string> ListNumber(std::string_view value) {
  value = TrimAsciiSpace(value);
  const bool negative = !value.empty() && value.front() == '-';
  if (negative) value.remove_prefix(1);
  if (value.empty() || value.size() > kMaxListNumberDigits) return std::nullopt;
  for (char c : value) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return (negative ? "-" : "") + std::string(value);
}

// Appends `text` (valid UTF-8 from the parser) escaped, without control characters: C0 other
// than tab, LF and FF, DEL and C1 are dropped and CR becomes LF (a parser would turn a raw CR
// into LF, so emitting one would not survive a second pass). Stops before `limit` bytes of
// `out`; returns false if it had to.
bool AppendCleanText(std::string& out, std::string_view text, size_t limit) {
  for (size_t i = 0; i < text.size();) {
    if (out.size() >= limit) return false;
    const size_t start = i;
    const char32_t cp = DecodeUtf8(text, &i);
    if (cp == '\r') {
      out += '\n';
    } else if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\f') ||
               (cp >= 0x7F && cp <= 0x9F)) {
      continue;
    } else if (cp == kReplacementChar && i - start != 3) {
      AppendUtf8(out, kReplacementChar);
    } else if (i - start == 1) {
      AppendEscapedHtml(out, text.substr(start, 1));
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return true;
}

// ---- Sanitizing serializer ------------------------------------------------------------------

// Walks the parsed tree with an explicit stack and writes allowlisted HTML. The output stack
// mirrors what a parser re-reading the output would have open, and an element is only written
// where that parser would nest it as written (no <p> inside <p>, no <a> inside <a>, no <li>
// directly inside <li>); otherwise it is unwrapped. That is what makes the output a fixed point.
class Sanitizer {
 public:
  explicit Sanitizer(const HtmlLimits& limits)
      : max_depth_(limits.max_output_depth),
        max_elements_(limits.max_tags / 2),
        output_limit_(limits.max_input_bytes > kClosingTagReserve
                          ? limits.max_input_bytes - kClosingTagReserve
                          : 0) {}

  void Run(const GumboNode* root) {
    frames_.push_back(Frame{&root->v.element.children, 0, 0, false});
    while (!frames_.empty()) {
      Frame& top = frames_.back();
      if (stopped_ || top.next >= top.children->length) {
        Close(top);
        frames_.pop_back();
        continue;
      }
      const auto* child = static_cast<const GumboNode*>(top.children->data[top.next++]);
      switch (child->type) {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
          Text(child->v.text.text);
          break;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
          Open(child);
          break;  // may push: `top` is dead after this
        default:
          break;  // comments, CDATA
      }
    }
  }

  std::string& out() { return out_; }
  bool truncated() const { return stopped_; }

 private:
  struct Frame {
    const GumboVector* children;
    unsigned next;
    uint8_t opened;  // output elements this node opened (0–2), closed when it ends
    bool block;      // an unwrapped block: words on either side stay apart
  };

  void Open(const GumboNode* node) {
    const Classified c = Classify(node);
    const GumboVector* children = &node->v.element.children;
    switch (c.rule) {
      case Rule::kDrop:
        return;
      case Rule::kUnwrap:
        frames_.push_back(Frame{children, 0, 0, false});
        return;
      case Rule::kUnwrapBlock:
        UnwrapBlock(children);
        return;
      case Rule::kHeading:
        OpenHeading(children);
        return;
      case Rule::kKeep:
        break;
    }
    if (c.out == Out::kBr) {
      if (!Budget(1)) {
        pending_break_ = true;
        return;
      }
      Emit("<br>", true);
      return;
    }
    if (!Budget(1) || !Nestable(c.out)) {
      IsBlock(c.out) ? UnwrapBlock(children) : frames_.push_back(Frame{children, 0, 0, false});
      return;
    }
    std::string tag = std::string("<") + NameOf(c.out);
    if (!Attributes(node->v.element, c.out, &tag)) {  // an <a> without a usable href
      frames_.push_back(Frame{children, 0, 0, false});
      return;
    }
    tag += '>';
    Push(c.out, tag);
    frames_.push_back(Frame{children, 0, 1, false});
  }

  void OpenHeading(const GumboVector* children) {
    if (Budget(2) && Nestable(Out::kP)) {
      Push(Out::kP, "<p>");
      Push(Out::kStrong, "<strong>");
      frames_.push_back(Frame{children, 0, 2, false});
    } else if (Budget(1)) {
      pending_break_ = true;
      Push(Out::kStrong, "<strong>");
      frames_.push_back(Frame{children, 0, 1, true});
    } else {
      UnwrapBlock(children);
    }
  }

  void UnwrapBlock(const GumboVector* children) {
    pending_break_ = true;
    frames_.push_back(Frame{children, 0, 0, true});
  }

  void Close(const Frame& frame) {
    for (int i = 0; i < frame.opened; ++i) {
      const Out tag = open_.back();
      open_.pop_back();
      if (tag == Out::kA) --open_links_;
      if (tag == Out::kP) --open_paragraphs_;
      std::string end = std::string("</") + NameOf(tag) + ">";
      Emit(end, IsBlock(tag));
    }
    if (frame.block) pending_break_ = true;
  }

  // Room for `n` more elements at this depth.
  bool Budget(size_t n) const {
    return elements_ + n <= max_elements_ && open_.size() + n <= max_depth_;
  }

  // Whether a parser reading our output would nest `tag` inside what is open now.
  bool Nestable(Out tag) const {
    switch (tag) {
      case Out::kA:
        return open_links_ == 0;
      case Out::kP:
      case Out::kUl:
      case Out::kOl:
      case Out::kPre:
      case Out::kBlockquote:
        return open_paragraphs_ == 0;
      case Out::kLi:
        if (open_paragraphs_ != 0) return false;
        for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
          if (*it == Out::kLi) return false;
          if (*it == Out::kUl || *it == Out::kOl || *it == Out::kBlockquote || *it == Out::kPre) {
            return true;
          }
        }
        return true;
      default:
        return true;
    }
  }

  // Appends the allowed attributes of `e` to `tag`; false for an <a> with no usable href.
  bool Attributes(const GumboElement& e, Out out, std::string* tag) const {
    auto add = [tag](std::string_view name, std::string_view value) {
      *tag += ' ';
      *tag += name;
      *tag += "=\"";
      AppendCleanText(*tag, value, SIZE_MAX);
      *tag += '"';
    };
    if (out == Out::kA) {
      const char* href = FindAttribute(e, "href");
      const std::optional<std::string> url = href ? SafeHref(href) : std::nullopt;
      if (!url) return false;
      add("href", *url);
    }
    if (out == Out::kA || out == Out::kSpan) {
      if (const char* cls = FindAttribute(e, "class")) {
        const std::string kept = FilterClasses(cls);
        if (!kept.empty()) add("class", kept);
      }
      if (const char* tr = FindAttribute(e, "translate")) {
        if (auto v = TranslateValue(tr)) add("translate", *v);
      }
    }
    if (out == Out::kA) {
      const char* rel = FindAttribute(e, "rel");
      add("rel", rel && RelHasTag(rel) ? "tag nofollow noopener noreferrer"
                                       : "nofollow noopener noreferrer");
      add("target", "_blank");
    }
    if (out == Out::kOl) {
      if (const char* start = FindAttribute(e, "start")) {
        if (auto v = ListNumber(start)) add("start", *v);
      }
      if (FindAttribute(e, "reversed")) *tag += " reversed";
    }
    if (out == Out::kLi) {
      if (const char* value = FindAttribute(e, "value")) {
        if (auto v = ListNumber(value)) add("value", *v);
      }
    }
    return true;
  }

  void Push(Out tag, std::string_view start_tag) {
    if (!IsBlock(tag)) Separate();
    Emit(start_tag, IsBlock(tag));
    open_.push_back(tag);
    ++elements_;
    if (tag == Out::kA) ++open_links_;
    if (tag == Out::kP) ++open_paragraphs_;
    after_pre_start_ = tag == Out::kPre;
  }

  void Emit(std::string_view markup, bool block) {
    out_ += markup;
    after_pre_start_ = false;
    if (block) {
      pending_break_ = false;
      after_word_ = false;
    }
    if (out_.size() >= output_limit_) stopped_ = true;
  }

  // A space where an unwrapped block stood between two words ("a<div>b</div>" → "a b").
  void Separate() {
    if (pending_break_ && after_word_) out_ += ' ';
    pending_break_ = false;
  }

  void Text(std::string_view text) {
    if (text.empty() || stopped_) return;
    if (IsAsciiSpace(text.front())) pending_break_ = false;
    Separate();
    const size_t before = out_.size();
    if (!AppendCleanText(out_, text, output_limit_)) stopped_ = true;
    if (out_.size() > before) {
      // A parser drops one newline right after <pre>; double it so the text survives
      // re-parsing. Decided on what was written: text that cleans away to nothing ("&#1;")
      // leaves the next text first in the <pre>.
      if (after_pre_start_ && out_[before] == '\n') out_.insert(before, 1, '\n');
      after_pre_start_ = false;
      after_word_ = !IsAsciiSpace(out_.back());
    }
  }

  const size_t max_depth_;
  const size_t max_elements_;
  const size_t output_limit_;

  std::string out_;
  std::vector<Frame> frames_;
  std::vector<Out> open_;  // output elements open now, innermost last
  size_t elements_ = 0;
  int open_links_ = 0;
  int open_paragraphs_ = 0;
  bool pending_break_ = false;    // an unwrapped block boundary was passed
  bool after_word_ = false;       // the output ends in text that ends in a non-space
  bool after_pre_start_ = false;  // nothing written since a <pre> start tag
  bool stopped_ = false;          // output cap reached: close what is open and stop
};

// ---- Plain text -----------------------------------------------------------------------------

// Newlines in a row at most: one blank line, however many <br> or empty blocks there were.
constexpr int kMaxPlainTextBreaks = 2;

// Elements set apart by a blank line in plain text; other blocks get a new line.
constexpr GumboTag kParagraphLikeTags[] = {
    GUMBO_TAG_P,  GUMBO_TAG_H1,         GUMBO_TAG_H2,    GUMBO_TAG_H3,    GUMBO_TAG_H4,
    GUMBO_TAG_H5, GUMBO_TAG_H6,         GUMBO_TAG_PRE,   GUMBO_TAG_UL,    GUMBO_TAG_OL,
    GUMBO_TAG_DL, GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_TABLE, GUMBO_TAG_FIGURE};

// Line breaks a block asks for around itself: 2 = a blank line, 1 = a new line.
int BreaksAround(const GumboNode* node) {
  const GumboTag tag = node->v.element.tag;
  if (std::find(std::begin(kParagraphLikeTags), std::end(kParagraphLikeTags), tag) !=
      std::end(kParagraphLikeTags)) {
    return 2;
  }
  return tag == GUMBO_TAG_LI || Classify(node).rule == Rule::kUnwrapBlock ? 1 : 0;
}

class PlainText {
 public:
  void Run(const GumboNode* root) {
    frames_.push_back(Frame{&root->v.element.children, 0, 0, false});
    while (!frames_.empty()) {
      Frame& top = frames_.back();
      if (top.next >= top.children->length) {
        Break(top.breaks);
        if (top.pre) --in_pre_;
        frames_.pop_back();
        continue;
      }
      const auto* child = static_cast<const GumboNode*>(top.children->data[top.next++]);
      if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE) {
        Text(child->v.text.text);
      } else if (child->type == GUMBO_NODE_ELEMENT || child->type == GUMBO_NODE_TEMPLATE) {
        if (Classify(child).rule == Rule::kDrop) continue;
        if (child->v.element.tag == GUMBO_TAG_BR) {
          Break(1, /*force=*/true);
          continue;
        }
        const int breaks = BreaksAround(child);
        const bool pre = child->v.element.tag == GUMBO_TAG_PRE;
        Break(breaks);
        if (pre) ++in_pre_;
        frames_.push_back(Frame{&child->v.element.children, 0, breaks, pre});
      }
    }
  }

  std::string& out() { return out_; }

 private:
  struct Frame {
    const GumboVector* children;
    unsigned next;
    int breaks;
    bool pre;
  };

  // Asks for `n` newlines before the next text. Breaks between blocks merge (the larger wins);
  // <br> adds one each time.
  void Break(int n, bool force = false) {
    if (n == 0) return;
    breaks_ = std::min(kMaxPlainTextBreaks, force ? breaks_ + n : std::max(breaks_, n));
    space_ = false;
  }

  void Text(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
      const size_t start = i;
      const char32_t cp = DecodeUtf8(text, &i);
      if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\f' && cp != '\r') ||
          (cp >= 0x7F && cp <= 0x9F)) {
        continue;
      }
      if (in_pre_ == 0 && (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\f' || cp == '\r')) {
        space_ = true;
        continue;
      }
      if (!out_.empty()) {
        if (breaks_ > 0) {
          out_.append(static_cast<size_t>(breaks_), '\n');
        } else if (space_ && out_.back() != '\n') {
          out_ += ' ';
        }
      }
      breaks_ = 0;
      space_ = false;
      if (cp == '\r' || cp == '\f') {
        out_ += cp == '\r' ? '\n' : ' ';
      } else if (cp == kReplacementChar && i - start != 3) {
        AppendUtf8(out_, kReplacementChar);
      } else {
        out_.append(text.substr(start, i - start));
      }
    }
  }

  std::string out_;
  std::vector<Frame> frames_;
  int in_pre_ = 0;
  int breaks_ = 0;
  bool space_ = false;
};

}  // namespace

SanitizedHtml SanitizeHtmlWithLimits(std::string_view html, const HtmlLimits& limits) {
  SanitizedHtml result;
  const HtmlTree tree(html, limits);
  result.truncated = tree.truncated();
  if (tree.over_budget()) {
    result.over_budget = true;
    return result;
  }
  Sanitizer sanitizer(limits);
  sanitizer.Run(tree.root());
  result.html = std::move(sanitizer.out());
  result.truncated = result.truncated || sanitizer.truncated();
  return result;
}

std::string SanitizeHtml(std::string_view html) {
  return SanitizeHtmlWithLimits(html, HtmlLimits{}).html;
}

std::string HtmlToPlainText(std::string_view html) {
  const HtmlTree tree(html, HtmlLimits{});
  if (tree.over_budget()) return {};
  PlainText text;
  text.Run(tree.root());
  std::string& out = text.out();
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\t')) {
    out.pop_back();
  }
  const size_t start = out.find_first_not_of("\n \t");
  return start == std::string::npos ? std::string() : out.substr(start);
}

}  // namespace cornerstore::activitypub::content
