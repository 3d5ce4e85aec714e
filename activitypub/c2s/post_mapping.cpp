#include "activitypub/c2s/post_mapping.h"

#include <algorithm>
#include <cctype>

#include "activitypub/content/sanitizer.h"

namespace cornerstore::activitypub::c2s {
namespace {

void AddUnique(std::vector<std::string>& list, const std::string& item) {
  if (item.empty()) return;
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

std::vector<std::string> Union(const std::vector<std::string>& a,
                               const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const auto& item : a) AddUnique(out, item);
  for (const auto& item : b) AddUnique(out, item);
  return out;
}

bool Contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

bool IsHandleChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '@' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The position of `name` in `text` as a whole mention (case-insensitive): not inside a longer
// word or handle. A '.' or '-' right after it ends the mention unless a handle character follows.
size_t FindMention(std::string_view text, std::string_view name) {
  if (name.empty() || text.size() < name.size()) return std::string_view::npos;
  for (size_t i = 0; i + name.size() <= text.size(); ++i) {
    bool equal = true;
    for (size_t k = 0; k < name.size() && equal; ++k) {
      equal = std::tolower(static_cast<unsigned char>(text[i + k])) ==
              std::tolower(static_cast<unsigned char>(name[k]));
    }
    if (!equal) continue;
    if (i > 0 && IsHandleChar(text[i - 1])) continue;
    const size_t end = i + name.size();
    if (end < text.size()) {
      char next = text[end];
      if (IsHandleChar(next)) continue;
      if ((next == '.' || next == '-') && end + 1 < text.size() && IsHandleChar(text[end + 1]) &&
          text[end + 1] != '@') {
        continue;
      }
    }
    return i;
  }
  return std::string_view::npos;
}

}  // namespace

Addressing MergeAddressing(const Addressing& a, const Addressing& b) {
  Addressing out;
  out.to = Union(a.to, b.to);
  out.cc = Union(a.cc, b.cc);
  out.bto = Union(a.bto, b.bto);
  out.bcc = Union(a.bcc, b.bcc);
  out.audience = Union(a.audience, b.audience);
  return out;
}

store::Visibility VisibilityFromAddressing(const Addressing& addressing,
                                           std::string_view followers_uri) {
  if (Contains(addressing.to, kPublicCollection) || Contains(addressing.bto, kPublicCollection)) {
    return store::Visibility::kPublic;
  }
  if (Contains(addressing.cc, kPublicCollection) || Contains(addressing.bcc, kPublicCollection)) {
    return store::Visibility::kUnlisted;
  }
  for (const auto* field : {&addressing.to, &addressing.cc, &addressing.bto, &addressing.bcc}) {
    if (Contains(*field, followers_uri)) return store::Visibility::kFollowers;
  }
  return store::Visibility::kDirect;
}

std::vector<std::string> AddressedActors(const Addressing& addressing,
                                         std::string_view followers_uri) {
  std::vector<std::string> out;
  for (const auto* field : {&addressing.to, &addressing.cc}) {
    for (const std::string& id : *field) {
      if (id == kPublicCollection || id == followers_uri) continue;
      AddUnique(out, id);
    }
  }
  return out;
}

std::vector<std::string> BlindActors(const Addressing& addressing, std::string_view followers_uri) {
  const std::vector<std::string> addressed = AddressedActors(addressing, followers_uri);
  std::vector<std::string> out;
  for (const auto* field : {&addressing.bto, &addressing.bcc}) {
    for (const std::string& id : *field) {
      if (id == kPublicCollection || id == followers_uri || Contains(addressed, id)) continue;
      AddUnique(out, id);
    }
  }
  return out;
}

std::string PostText(const ApObject& object) {
  std::string text = content::HtmlToPlainText(object.content);
  const std::string title = content::HtmlToPlainText(object.name);
  if (!title.empty()) text = text.empty() ? title : title + "\n\n" + text;
  return text;
}

std::string ContentWarning(const ApObject& object) {
  return content::HtmlToPlainText(object.summary);
}

std::string WithMentions(std::string text, const std::vector<std::string>& handles) {
  std::string prefix;
  for (const std::string& handle : handles) {
    if (handle.size() < 2 || handle[0] != '@') continue;
    if (FindMention(text, handle) != std::string::npos) continue;
    if (FindMention(prefix, handle) != std::string::npos) continue;
    const size_t host_at = handle.find('@', 1);
    if (host_at != std::string::npos) {
      const std::string_view short_name = std::string_view(handle).substr(0, host_at);
      if (size_t at = FindMention(text, short_name); at != std::string::npos) {
        text.replace(at, short_name.size(), handle);
        continue;
      }
    }
    prefix += handle + " ";
  }
  return prefix + text;
}

}  // namespace cornerstore::activitypub::c2s
