#include "activitypub/content/post_formatter.h"

#include <algorithm>
#include <map>

#include "activitypub/content/unicode.h"
#include "src/common/html_escape.h"
#include "src/common/url.h"

namespace cornerstore::activitypub::content {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsUsernameChar(char c) { return IsAsciiAlnum(c) || c == '_' || c == '.' || c == '-'; }

bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != prefix[i]) return false;
  }
  return true;
}

bool IsUnicodeSpace(char32_t cp) {
  return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x2028 ||
         cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

// Newlines as LF, valid UTF-8, no control characters but LF and tab.
std::string NormalizeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const size_t start = i;
    const char32_t cp = DecodeUtf8(text, &i);
    if (cp == '\r') {
      out += '\n';
      if (i < text.size() && text[i] == '\n') ++i;
    } else if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) {
      continue;
    } else if (cp == kReplacementChar && i - start != 3) {
      AppendUtf8(out, kReplacementChar);
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

bool IsBlankLine(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

size_t CountChars(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    DecodeUtf8(s, &i);
    ++n;
  }
  return n;
}

// Byte offset of the `chars`-th code point of `s` (or s.size()).
size_t OffsetOfChar(std::string_view s, size_t chars) {
  size_t i = 0;
  for (size_t n = 0; n < chars && i < s.size(); ++n) DecodeUtf8(s, &i);
  return i;
}

class Formatter {
 public:
  Formatter(std::string_view base_url, const MentionResolver& resolve)
      : base_url_(base_url), resolve_(resolve) {
    while (base_url_.ends_with('/')) base_url_.remove_suffix(1);
  }

  FormattedPost Run(std::string_view raw) {
    const std::string text = NormalizeText(raw);
    std::vector<std::string_view> paragraph;
    auto flush = [&] {
      if (paragraph.empty()) return;
      post_.html += "<p>";
      for (size_t i = 0; i < paragraph.size(); ++i) {
        if (i > 0) post_.html += "<br>";
        Line(paragraph[i]);
      }
      post_.html += "</p>";
      paragraph.clear();
    };
    std::string_view rest = text;
    while (true) {
      const size_t nl = rest.find('\n');
      const std::string_view line = rest.substr(0, nl);
      if (IsBlankLine(line)) {
        flush();
      } else {
        paragraph.push_back(line);
      }
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
    flush();
    return std::move(post_);
  }

 private:
  // One line: plain text with links, mentions and hashtags picked out.
  void Line(std::string_view line) {
    size_t plain = 0;   // start of the text not yet written
    char32_t prev = 0;  // the code point before `i`; 0 at the start of the line
    size_t i = 0;
    while (i < line.size()) {
      const char c = line[i];
      size_t end = 0;
      if ((c == 'h' || c == 'H') && !IsWordChar(prev)) {
        end = Link(line, i, plain);
      } else if (c == '@' && !IsWordChar(prev) && prev != '=' && prev != '/') {
        end = MentionAt(line, i, plain);
      } else if (c == '#' && !IsWordChar(prev) && prev != '=' && prev != '/' && prev != ')') {
        end = Hashtag(line, i, plain);
      }
      if (end > i) {
        size_t last = end - 1;
        while (last > i && (static_cast<unsigned char>(line[last]) & 0xC0) == 0x80) --last;
        prev = DecodeUtf8(line, &last);
        i = plain = end;
        continue;
      }
      prev = DecodeUtf8(line, &i);
    }
    AppendEscapedHtml(post_.html, line.substr(plain));
  }

  void FlushPlain(std::string_view line, size_t plain, size_t at) {
    AppendEscapedHtml(post_.html, line.substr(plain, at - plain));
  }

  // An http(s) URL at `i`: writes the link and returns its end, or returns 0.
  size_t Link(std::string_view line, size_t i, size_t plain) {
    const std::string_view at = line.substr(i);
    size_t scheme_len = 0;
    if (StartsWithIgnoreCase(at, "https://")) {
      scheme_len = 8;
    } else if (StartsWithIgnoreCase(at, "http://")) {
      scheme_len = 7;
    } else {
      return 0;
    }
    size_t end = i + scheme_len;
    while (end < line.size()) {
      size_t next = end;
      const char32_t cp = DecodeUtf8(line, &next);
      const bool stop = cp <= 0x20 || cp == 0x7F || cp == '<' || cp == '>' || cp == '"' ||
                        cp == '`' || IsUnicodeSpace(cp) || (cp >= 0x80 && !IsWordChar(cp));
      if (stop) break;
      end = next;
    }
    // Punctuation that ends a sentence, and closing brackets that do not close one in the URL.
    while (end > i + scheme_len) {
      const char last = line[end - 1];
      const std::string_view url = line.substr(i, end - i);
      auto unbalanced = [&](char open, char close) {
        return std::count(url.begin(), url.end(), close) > std::count(url.begin(), url.end(), open);
      };
      if (std::string_view(".,:;!?'\"*").find(last) != std::string_view::npos ||
          (last == ')' && unbalanced('(', ')')) || (last == ']' && unbalanced('[', ']')) ||
          (last == '}' && unbalanced('{', '}'))) {
        --end;
      } else {
        break;
      }
    }
    const std::string_view url = line.substr(i, end - i);
    size_t host_end = scheme_len;
    while (host_end < url.size() && url[host_end] != '/' && url[host_end] != '?' &&
           url[host_end] != '#') {
      ++host_end;
    }
    size_t first = scheme_len;
    if (host_end == scheme_len || !IsWordChar(DecodeUtf8(url, &first))) return 0;

    FlushPlain(line, plain, i);
    size_t prefix_len = scheme_len;
    if (StartsWithIgnoreCase(url.substr(scheme_len), "www.")) prefix_len += 4;
    const std::string_view display = url.substr(prefix_len);
    const bool cut = CountChars(display) > kLinkDisplayChars;
    const size_t shown = cut ? OffsetOfChar(display, kLinkDisplayChars) : display.size();
    std::string& h = post_.html;
    h += "<a href=\"";
    AppendEscapedHtml(h, url);
    h += "\" target=\"_blank\" rel=\"nofollow noopener noreferrer\" translate=\"no\">";
    h += "<span class=\"invisible\">";
    AppendEscapedHtml(h, url.substr(0, prefix_len));
    h += cut ? "</span><span class=\"ellipsis\">" : "</span><span class=\"\">";
    AppendEscapedHtml(h, display.substr(0, shown));
    h += "</span><span class=\"invisible\">";
    AppendEscapedHtml(h, display.substr(shown));
    h += "</span></a>";
    return end;
  }

  // "@user" or "@user@host" at `i`: writes the mention if it resolves and returns its end;
  // returns 0 if there is no mention here, or its end after writing it as text if unresolved.
  size_t MentionAt(std::string_view line, size_t i, size_t plain) {
    size_t end = i + 1;
    while (end < line.size() && IsUsernameChar(line[end])) ++end;
    while (end > i + 1 && (line[end - 1] == '.' || line[end - 1] == '-')) --end;
    if (end == i + 1 || line[i + 1] == '.' || line[i + 1] == '-') return 0;
    const std::string_view user = line.substr(i + 1, end - i - 1);

    std::string_view host;
    if (end < line.size() && line[end] == '@') {
      size_t h = end + 1, host_end = h;
      while (h < line.size()) {
        size_t next = h;
        const char32_t cp = DecodeUtf8(line, &next);
        if (!IsWordChar(cp) && cp != '.' && cp != '-') break;
        h = next;
        if (IsWordChar(cp)) host_end = h;  // a host ends in a word character
      }
      size_t first = end + 1;
      if (host_end > end + 1 && IsWordChar(DecodeUtf8(line, &first)) &&
          host_end - end - 1 <= kMaxMentionHostBytes) {
        host = line.substr(end + 1, host_end - end - 1);
        end = host_end;
      }
    }

    FlushPlain(line, plain, i);
    const std::optional<MentionTarget> target = Resolve(user, host);
    if (!target) {
      AppendEscapedHtml(post_.html, line.substr(i, end - i));
      return end;
    }
    const std::string url = target->profile_url.empty() ? target->actor_id : target->profile_url;
    const size_t at = target->acct.find('@');
    const std::string_view shown =
        target->acct.empty() ? user : std::string_view(target->acct).substr(0, at);
    std::string& h = post_.html;
    h += "<span class=\"h-card\" translate=\"no\"><a href=\"";
    AppendEscapedHtml(h, url);
    h += "\" class=\"u-url mention\">@<span>";
    AppendEscapedHtml(h, shown);
    h += "</span></a></span>";

    const bool known =
        std::any_of(post_.mentions.begin(), post_.mentions.end(),
                    [&](const Mention& m) { return m.actor_id == target->actor_id; });
    if (!known) {
      std::string name = "@";
      if (!target->acct.empty()) {
        name += target->acct;
      } else {
        name += user;
        if (!host.empty()) name += "@" + std::string(host);
      }
      post_.mentions.push_back(Mention{target->actor_id, std::move(name), url});
    }
    return end;
  }

  std::optional<MentionTarget> Resolve(std::string_view user, std::string_view host) {
    const std::string key = ToLowerUtf8(std::string(user) + "@" + std::string(host));
    if (auto it = resolved_.find(key); it != resolved_.end()) return it->second;
    if (resolved_.size() >= kMaxMentionLookups || !resolve_) return std::nullopt;
    std::optional<MentionTarget> target = resolve_(user, host);
    if (target && target->actor_id.empty()) target.reset();
    resolved_.emplace(key, target);
    return target;
  }

  // "#tag" at `i`: writes the hashtag link and returns its end, or returns 0.
  size_t Hashtag(std::string_view line, size_t i, size_t plain) {
    size_t end = i + 1;
    bool letter = false;
    while (end < line.size()) {
      size_t next = end;
      const char32_t cp = DecodeUtf8(line, &next);
      if (!IsWordChar(cp)) break;
      letter = letter || IsLetterChar(cp);
      end = next;
    }
    if (!letter) return 0;
    const std::string_view tag = line.substr(i + 1, end - i - 1);
    const std::string lower = ToLowerUtf8(tag);

    FlushPlain(line, plain, i);
    std::string& h = post_.html;
    h += "<a href=\"";
    AppendEscapedHtml(h, std::string(base_url_) + "/tags/" + PercentEncode(lower));
    h += "\" class=\"mention hashtag\" rel=\"tag\">#<span>";
    AppendEscapedHtml(h, tag);
    h += "</span></a>";
    if (std::find(post_.hashtags.begin(), post_.hashtags.end(), lower) == post_.hashtags.end()) {
      post_.hashtags.push_back(lower);
    }
    return end;
  }

  std::string_view base_url_;
  const MentionResolver& resolve_;
  std::map<std::string, std::optional<MentionTarget>> resolved_;  // by lower-case user@host
  FormattedPost post_;
};

}  // namespace

FormattedPost FormatPost(std::string_view text, std::string_view base_url,
                         const MentionResolver& resolve) {
  return Formatter(base_url, resolve).Run(text);
}

}  // namespace cornerstore::activitypub::content
