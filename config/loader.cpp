#include "config/loader.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string_view>
#include <variant>
#include <vector>

#include <toml++/toml.h>

#include "src/common/http_message.h"
#include "src/common/log.h"
#include "src/common/url.h"

extern char** environ;  // POSIX: the process environment

namespace cornerstore::config {
namespace {

// ---- Limits -------------------------------------------------------------------------------

constexpr size_t kMaxFileBytes = 1 << 20;  // a config file is a few KB; a bigger one is a mistake
constexpr int64_t kMaxPort = 65535;        // TCP port range; 0 (kernel's choice) is not a config
constexpr int64_t kMaxHttpThreads = 4096;  // one per connection; beyond this a proxy queues better
constexpr int64_t kMaxTimeoutSeconds = 300;  // longer lets one slow client hold a thread for ages
constexpr int64_t kMaxKeepAliveCount = 1'000'000;  // recycling connections now and then is healthy
constexpr int64_t kMaxListenBacklog = 65535;       // the kernel clamps to net.core.somaxconn anyway
constexpr int64_t kMaxWorkers = 256;            // each holds a database connection; more is a typo
constexpr int64_t kMaxInboxQueue = 10'000'000;  // a backlog this long is hours stale: answer 503
constexpr int64_t kMaxBodyBytes = 64 << 20;  // bodies are held whole in memory, one per connection
constexpr int64_t kMaxJsonDepth = 256;
constexpr int64_t kMaxTimeDivisor = 1'000'000;  // ≈2 days become ≈0.2 s: any more is meaningless //
                                                // JSON is serialized recursively; deeper is abuse
constexpr size_t kMaxNameBytes = 200;            // a title for page headers and NodeInfo
constexpr size_t kMaxDescriptionBytes = 10'000;  // a few paragraphs for the about page
constexpr size_t kMaxEmailBytes = 254;           // RFC 5321 limit on an address
constexpr size_t kMaxHostNameBytes = 253;        // DNS limit on a name
constexpr size_t kMaxLabelBytes = 63;            // DNS limit on one label
constexpr size_t kMaxShownValueBytes = 80;       // keeps an error one readable line
constexpr size_t kMaxSuggestionDistance = 2;     // edits that still look like a typo of a key
constexpr size_t kTextWidth = 100;               // column limit of generated help text

constexpr std::string_view kEnvPrefix = "CORNERSTORE_";
// CORNERSTORE_* variables that are not configuration keys, so they are not refused:
constexpr std::string_view kOtherVariables[] = {
    "CORNERSTORE_CONFIG",  // the command line's default config file path
    "CORNERSTORE_BINARY",  // set by the test harness; servers it starts inherit it
};
constexpr std::string_view kFlagsSource = "command line";

// ---- Checks -------------------------------------------------------------------------------

// Normalises `value` in place and returns what is wrong with it ("must be …"), if anything.
using Check = std::optional<std::string> (*)(std::string& value);

bool HasControl(std::string_view s, std::string_view allowed = {}) {
  for (unsigned char c : s) {
    if ((c < 0x20 || c == 0x7f) && allowed.find(static_cast<char>(c)) == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1, cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2, cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

// RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens.
bool IsHostName(std::string_view s) {
  if (s.empty() || s.size() > kMaxHostNameBytes) return false;
  size_t start = 0;
  while (true) {
    size_t dot = s.find('.', start);
    std::string_view label = s.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > kMaxLabelBytes || label.front() == '-' ||
        label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::optional<std::string> CheckListenAddress(std::string& v) {
  in_addr v4;
  in6_addr v6;
  if (!HasControl(v) &&
      (inet_pton(AF_INET, v.c_str(), &v4) == 1 || inet_pton(AF_INET6, v.c_str(), &v6) == 1)) {
    return std::nullopt;
  }
  std::string lower = ToLower(v);
  if (IsHostName(lower)) {
    v = std::move(lower);
    return std::nullopt;
  }
  return "must be an IP address or host name to listen on, e.g. 127.0.0.1, 0.0.0.0 or ::";
}

std::optional<std::string> CheckDomain(std::string& v) {
  std::string lower = ToLower(v);
  if (!IsHostName(lower)) {
    return "must be a host name without scheme, port or path, e.g. shop.example";
  }
  v = std::move(lower);
  return std::nullopt;
}

std::optional<std::string> CheckBaseUrl(std::string& v) {
  auto url = ParseUrl(v);
  // ParseUrl reads "https://h" and "https://h/" alike (path "/"): one trailing slash is dropped.
  if (!url || url->path != "/" || v.find_first_of("?#") != std::string::npos) {
    return "must be an absolute http(s) URL without a path, e.g. https://social.shop.example";
  }
  v = url->Origin();
  return std::nullopt;
}

std::optional<std::string> CheckName(std::string& v) {
  if (v.empty() || v.size() > kMaxNameBytes || HasControl(v)) {
    return "must be one line of 1 to " + std::to_string(kMaxNameBytes) + " bytes";
  }
  return std::nullopt;
}

std::optional<std::string> CheckDescription(std::string& v) {
  if (v.size() > kMaxDescriptionBytes || HasControl(v, "\n\t")) {
    return "must be text of at most " + std::to_string(kMaxDescriptionBytes) + " bytes";
  }
  return std::nullopt;
}

std::optional<std::string> CheckEmail(std::string& v) {
  if (v.empty()) return std::nullopt;
  size_t at = v.find('@');
  if (v.size() > kMaxEmailBytes || HasControl(v) || v.find(' ') != std::string::npos || at == 0 ||
      at == std::string::npos || at + 1 == v.size() || v.find('@', at + 1) != std::string::npos) {
    return "must be an e-mail address, e.g. admin@shop.example, or empty";
  }
  return std::nullopt;
}

std::optional<std::string> CheckDataDir(std::string& v) {
  if (v.empty() || HasControl(v)) return "must be a directory path, e.g. /var/lib/cornerstore";
  return std::nullopt;
}

std::optional<std::string> CheckDatabasePath(std::string& v) {
  if (HasControl(v)) return "must be a file path, or empty for <data_dir>/cornerstore.db";
  return std::nullopt;
}

std::optional<std::string> CheckLogLevel(std::string& v) {
  std::string lower = ToLower(v);
  log::Level level;
  if (!log::ParseLevel(lower, &level)) return "must be one of debug, info, warn, error";
  v = std::move(lower);
  return std::nullopt;
}

// ---- The key table: every key, said once --------------------------------------------------

template <typename T>
using Field = T* (*)(Config&);
using AnyField = std::variant<Field<std::string>, Field<int>, Field<size_t>, Field<bool>>;

struct Key {
  std::string_view section;  // also the Config member holding the section
  std::string_view name;     // also the member name
  AnyField field;
  std::string_view help;
  int64_t min = 0;  // integers: inclusive range
  int64_t max = 0;
  Check check = nullptr;  // strings: normalise and validate
};

struct Section {
  std::string_view name;
  std::string_view help;
};

// Names come from the member itself, so the file key, the variable and the struct cannot differ.
#define CS_KEY(section_member, key_member)         \
  .section = #section_member, .name = #key_member, \
  .field = +[](Config& c) { return &c.section_member.key_member; }

constexpr Section kSections[] = {
    {"server",
     "The HTTP listener. In production it sits behind a reverse proxy (nginx, Caddy) that "
     "terminates TLS and keeps the Host header."},
    {"instance", "Who this server is: handle domain, public URL, and what NodeInfo shows."},
    {"storage", "Where data lives."},
    {"workers", "Background threads for received and outgoing activities."},
    {"limits", "Sizes accepted from peers and read from other servers."},
    {"log", "One-line structured logs on stderr."},
    {"unsafe", "Settings that weaken security. For tests and local development only."},
};

const Key kKeys[] = {
    {CS_KEY(server, listen_address),
     .help = "IP address or host name to listen on. 127.0.0.1 keeps the server reachable only "
             "through a local reverse proxy; 0.0.0.0 or :: listens on every interface.",
     .check = CheckListenAddress},
    {CS_KEY(server, port), .help = "TCP port to listen on.", .min = 1, .max = kMaxPort},
    {CS_KEY(server, http_threads),
     .help = "Threads answering HTTP requests. Idle and slow connections wait on one epoll "
             "thread, not here, so this bounds requests in service at once, not connections.",
     .min = 1, .max = kMaxHttpThreads},
    {CS_KEY(server, read_timeout_seconds),
     .help = "Seconds to wait for a request; short, so slow clients cannot hold threads.", .min = 1,
     .max = kMaxTimeoutSeconds},
    {CS_KEY(server, write_timeout_seconds), .help = "Seconds to wait while sending a response.",
     .min = 1, .max = kMaxTimeoutSeconds},
    {CS_KEY(server, keep_alive_max_count),
     .help = "Requests served on one keep-alive connection before it is closed.", .min = 1,
     .max = kMaxKeepAliveCount},
    {CS_KEY(server, listen_backlog),
     .help = "Connections the kernel queues before they are accepted (capped by "
             "net.core.somaxconn).",
     .min = 1, .max = kMaxListenBacklog},
    {CS_KEY(instance, domain),
     .help = "Handle domain: accounts are @name@domain. A host name only: no scheme, port or "
             "path.",
     .check = CheckDomain},
    {CS_KEY(instance, base_url),
     .help = "Public base URL of the server, scheme://host[:port] without a path; actor ids live "
             "under it. May be another host than domain (handles on shop.example, server on "
             "social.shop.example). Changing it later orphans every follower.",
     .check = CheckBaseUrl},
    {CS_KEY(instance, name), .help = "Name shown on pages and in NodeInfo.", .check = CheckName},
    {CS_KEY(instance, description),
     .help = "Short description shown on the about page and in NodeInfo.",
     .check = CheckDescription},
    {CS_KEY(instance, admin_contact),
     .help = "Administrator e-mail address shown in NodeInfo metadata; empty for none.",
     .check = CheckEmail},
    {CS_KEY(instance, open_registrations),
     .help = "Whether anyone may sign up (advertised in NodeInfo)."},
    {CS_KEY(instance, authorized_fetch),
     .help = "Require HTTP signatures on GETs of objects and collections, so blocked servers and "
             "anonymous clients cannot read them."},
    {CS_KEY(storage, data_dir),
     .help = "Directory for the database and keys; created with mode 0700 if missing.",
     .check = CheckDataDir},
    {CS_KEY(storage, database_path),
     .help = "SQLite database file. Empty means <data_dir>/cornerstore.db.",
     .check = CheckDatabasePath},
    {CS_KEY(workers, inbox_workers), .help = "Threads processing received activities.", .min = 1,
     .max = kMaxWorkers},
    {CS_KEY(workers, delivery_workers), .help = "Threads delivering activities to other servers.",
     .min = 1, .max = kMaxWorkers},
    {CS_KEY(workers, inbox_queue_capacity),
     .help = "Received activities waiting to be processed before the inbox answers 503 (peers "
             "retry later).",
     .min = 1, .max = kMaxInboxQueue},
    {CS_KEY(limits, max_request_body_bytes),
     .help = "Largest request body accepted (inbox POSTs, API calls); larger requests get 413.",
     .min = 1, .max = kMaxBodyBytes},
    {CS_KEY(limits, max_fetch_body_bytes),
     .help = "Largest response body read from other servers (actors, keys, objects).", .min = 1,
     .max = kMaxBodyBytes},
    {CS_KEY(limits, max_json_depth), .help = "Deepest nesting accepted in JSON from peers.",
     .min = 1, .max = kMaxJsonDepth},
    {CS_KEY(log, level), .help = "Lowest level written: debug, info, warn or error.",
     .check = CheckLogLevel},
    {CS_KEY(log, access_log), .help = "Write one line per HTTP request."},
    {CS_KEY(unsafe, allow_private_addresses),
     .help = "Allow fetching loopback and private addresses and plain http. This turns off the "
             "SSRF guard: for tests and local development only."},
    {CS_KEY(unsafe, hold_inbox_processing),
     .help = "Store received activities without processing them (crash-recovery tests only)."},
    {CS_KEY(unsafe, delivery_time_divisor),
     .help = "Divide every delivery wait (retry backoff, Retry-After, breaker pause) by this, so "
             "tests and staging run the two-day retry schedule in minutes. 1 in production: "
             "more retries sooner than peers expect.",
     .min = 1, .max = kMaxTimeDivisor},
    {CS_KEY(unsafe, test_routes),
     .help = "Serve the /_test/* routes used by the integration tests. Never enable in "
             "production."},
};

#undef CS_KEY

enum class Kind { kString, kInteger, kBoolean };

Kind KindOf(const Key& k) {
  if (std::holds_alternative<Field<std::string>>(k.field)) return Kind::kString;
  if (std::holds_alternative<Field<bool>>(k.field)) return Kind::kBoolean;
  return Kind::kInteger;
}

std::string FullName(const Key& k) { return std::string(k.section) + "." + std::string(k.name); }

std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string EnvName(const Key& k) {
  return std::string(kEnvPrefix) + ToUpper(k.section) + "_" + ToUpper(k.name);
}

std::string TypeText(const Key& k) {
  switch (KindOf(k)) {
    case Kind::kString:
      return "string";
    case Kind::kBoolean:
      return "true or false";
    case Kind::kInteger:
      break;
  }
  return "integer from " + std::to_string(k.min) + " to " + std::to_string(k.max);
}

// What a value of the wrong type should have been.
std::string Requirement(const Key& k) {
  switch (KindOf(k)) {
    case Kind::kString:
      return "must be a string";
    case Kind::kBoolean:
      return "must be true or false";
    case Kind::kInteger:
      break;
  }
  return "must be an " + TypeText(k);
}

const Key* FindKey(std::string_view section, std::string_view name) {
  for (const Key& k : kKeys) {
    if (k.section == section && k.name == name) return &k;
  }
  return nullptr;
}

bool IsSection(std::string_view name) {
  for (const Section& s : kSections) {
    if (s.name == name) return true;
  }
  return false;
}

// ---- Text ---------------------------------------------------------------------------------

// A TOML basic string: quoted, with backslash escapes for quotes, backslashes and controls.
std::string TomlString(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// A value as shown in an error line: quoted, escaped and cut short.
std::string Shown(std::string_view s) {
  if (s.size() <= kMaxShownValueBytes) return TomlString(s);
  size_t cut = kMaxShownValueBytes;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
  return TomlString(s.substr(0, cut)) + "...";
}

std::string ShownNode(const toml::node& node) {
  if (const auto* s = node.as_string()) return Shown(s->get());
  if (node.is_table()) return "a table";
  if (node.is_array()) return "an array";
  std::ostringstream out;
  node.visit([&](const auto& v) { out << v; });
  std::string text = out.str();
  return text.size() <= kMaxShownValueBytes ? text : text.substr(0, kMaxShownValueBytes) + "...";
}

// `text` as "# " comment lines (or indented lines) no wider than kTextWidth.
std::string Wrap(std::string_view text, std::string_view prefix) {
  std::string out, line(prefix);
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view word = text.substr(pos, end - pos);
    pos = end + 1;
    if (word.empty()) continue;
    if (line.size() > prefix.size() && line.size() + 1 + word.size() > kTextWidth) {
      out += line + "\n";
      line = prefix;
    }
    if (line.size() > prefix.size()) line += ' ';
    line += word;
  }
  if (line.size() > prefix.size()) out += line + "\n";
  return out;
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "; did you mean X?" naming the key `wrong` most likely meant (a near spelling, or the same key
// name in another section), or "" if none looks likely.
std::string DidYouMean(std::string_view wrong, std::string (*name_of)(const Key&)) {
  const Key* best = nullptr;
  size_t best_distance = kMaxSuggestionDistance + 1;
  for (const Key& k : kKeys) {
    size_t d = EditDistance(wrong, name_of(k));
    if (d < best_distance) best = &k, best_distance = d;
  }
  for (const Key& k : kKeys) {
    if (best) break;  // a near spelling beats a same-named key elsewhere
    std::string name = name_of(k);
    std::string_view bare = std::string_view(name).substr(name.size() - k.name.size());
    if (wrong == bare || (wrong.size() > bare.size() && wrong.ends_with(bare) &&
                          (wrong[wrong.size() - bare.size() - 1] == '.' ||
                           wrong[wrong.size() - bare.size() - 1] == '_'))) {
      best = &k;
    }
  }
  return best ? "; did you mean " + name_of(*best) + "?" : "";
}

Error Fail(std::string line) { return MakeError(ErrorCode::kInvalidInput, "config: " + line); }

Error BadValue(const Key& k, std::string_view shown, std::string_view source,
               std::string_view problem) {
  std::string where = source.empty() ? "" : " (" + std::string(source) + ")";
  return Fail(FullName(k) + " = " + std::string(shown) + where + ": " + std::string(problem));
}

// ---- Assignment: every source ends here -----------------------------------------------------

using Raw = std::variant<std::string, int64_t, bool>;

Status Assign(Config& c, const Key& k, Raw raw, std::string_view source) {
  if (auto* field = std::get_if<Field<std::string>>(&k.field)) {
    std::string value = std::get<std::string>(std::move(raw));
    std::string shown = Shown(value);
    if (!IsValidUtf8(value)) return BadValue(k, shown, source, "must be valid UTF-8");
    if (k.check) {
      if (auto problem = k.check(value)) return BadValue(k, shown, source, *problem);
    }
    *(*field)(c) = std::move(value);
  } else if (auto* field = std::get_if<Field<bool>>(&k.field)) {
    *(*field)(c) = std::get<bool>(raw);
  } else {
    int64_t n = std::get<int64_t>(raw);
    if (n < k.min || n > k.max) return BadValue(k, std::to_string(n), source, Requirement(k));
    if (auto* field = std::get_if<Field<int>>(&k.field)) {
      *(*field)(c) = static_cast<int>(n);
    } else {
      *(*std::get<Field<size_t>>(k.field))(c) = static_cast<size_t>(n);
    }
  }
  return OkStatus();
}

// A value written as text (environment variable, flag).
Status AssignText(Config& c, const Key& k, const std::string& text, std::string_view source) {
  switch (KindOf(k)) {
    case Kind::kString:
      return Assign(c, k, text, source);
    case Kind::kBoolean:
      if (text == "true" || text == "false") return Assign(c, k, text == "true", source);
      break;
    case Kind::kInteger: {
      int64_t n = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec == std::errc() && end == text.data() + text.size() && !text.empty()) {
        return Assign(c, k, n, source);
      }
      break;
    }
  }
  return BadValue(k, Shown(text), source, Requirement(k));
}

// "path:line:column" of a node or key in the file.
std::string Location(const std::string& path, const toml::source_region& region) {
  if (region.begin.line == 0) return path;
  return path + ":" + std::to_string(region.begin.line) + ":" + std::to_string(region.begin.column);
}

Status AssignNode(Config& c, const Key& k, const toml::node& node, const std::string& path) {
  std::string source = Location(path, node.source());
  switch (KindOf(k)) {
    case Kind::kString:
      if (const auto* v = node.as_string()) return Assign(c, k, v->get(), source);
      break;
    case Kind::kBoolean:
      if (const auto* v = node.as_boolean()) return Assign(c, k, v->get(), source);
      break;
    case Kind::kInteger:
      if (const auto* v = node.as_integer()) return Assign(c, k, v->get(), source);
      break;
  }
  return BadValue(k, ShownNode(node), source, Requirement(k));
}

Result<std::string> ReadFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Fail("cannot read " + path + ": " + std::strerror(errno));
  std::string text(kMaxFileBytes + 1, '\0');
  size_t n = std::fread(text.data(), 1, text.size(), f);
  int error = std::ferror(f) ? errno : 0;
  std::fclose(f);
  if (error != 0) return Fail("cannot read " + path + ": " + std::strerror(error));
  if (n > kMaxFileBytes) {
    return Fail(path + " is larger than " + std::to_string(kMaxFileBytes) + " bytes");
  }
  text.resize(n);
  return text;
}

Status ApplyFile(Config& c, const std::string& path) {
  CS_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  toml::table root;
  try {
    root = toml::parse(text, path);
  } catch (const toml::parse_error& e) {
    std::string description(e.description());
    for (char& ch : description) {
      if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
    }
    return Fail(Location(path, e.source()) + ": " + description);
  }
  // Keys are visited in name order; report the problem that comes first in the file.
  struct Problem {
    toml::source_position at;
    Error error;
  };
  std::optional<Problem> first;
  auto note = [&](const toml::source_region& region, Error error) {
    if (!first || region.begin < first->at) first = Problem{region.begin, std::move(error)};
  };
  for (const auto& [section_key, section_node] : root) {
    std::string section(section_key.str());
    std::string where = " (" + Location(path, section_key.source()) + ")";
    if (!IsSection(section) && !section_node.is_table()) {
      note(section_key.source(),
           Fail("unknown key " + section + where + DidYouMean(section, FullName)));
      continue;
    }
    if (!IsSection(section)) {
      std::string suggestion;
      for (const Section& s : kSections) {
        if (EditDistance(section, s.name) <= kMaxSuggestionDistance) {
          suggestion = "; did you mean [" + std::string(s.name) + "]?";
        }
      }
      note(section_key.source(), Fail("unknown section [" + section + "]" + where + suggestion));
      continue;
    }
    if (!section_node.is_table()) {
      note(section_key.source(),
           Fail(section + where + ": must be a table, written [" + section + "]"));
      continue;
    }
    for (const auto& [key, node] : *section_node.as_table()) {
      std::string full = section + "." + std::string(key.str());
      if (const Key* k = FindKey(section, key.str())) {
        Status s = AssignNode(c, *k, node, path);
        if (!s.ok()) note(node.source(), s.take_error());
      } else {
        note(key.source(), Fail("unknown key " + full + " (" + Location(path, key.source()) + ")" +
                                DidYouMean(full, FullName)));
      }
    }
  }
  if (first) return std::move(first->error);
  return OkStatus();
}

Status ApplyEnvironment(Config& c, const std::map<std::string, std::string>& environment) {
  for (const auto& [name, value] : environment) {
    if (!name.starts_with(kEnvPrefix)) continue;
    bool other = false;
    for (std::string_view o : kOtherVariables) other |= name == o;
    if (other) continue;
    const Key* key = nullptr;
    for (const Key& k : kKeys) {
      if (EnvName(k) == name) key = &k;
    }
    if (!key) return Fail("unknown environment variable " + name + DidYouMean(name, EnvName));
    CS_RETURN_IF_ERROR(AssignText(c, *key, value, name));
  }
  return OkStatus();
}

Status ApplyFlags(Config& c, const std::map<std::string, std::string>& flags) {
  for (const auto& [name, value] : flags) {
    size_t dot = name.find('.');
    const Key* k = dot == std::string::npos
                       ? nullptr
                       : FindKey(std::string_view(name).substr(0, dot), name.substr(dot + 1));
    if (!k) {
      return Fail("unknown key " + name + " (" + std::string(kFlagsSource) + ")" +
                  DidYouMean(name, FullName));
    }
    CS_RETURN_IF_ERROR(AssignText(c, *k, value, kFlagsSource));
  }
  return OkStatus();
}

std::string DefaultDatabasePath(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "cornerstore.db").string();
}

// The TOML literal of a key's current value.
std::string ValueText(Config& c, const Key& k) {
  return std::visit(
      [&](auto field) -> std::string {
        const auto& v = *field(c);
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return TomlString(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else {
          return std::to_string(v);
        }
      },
      k.field);
}

}  // namespace

Result<Config> LoadConfig(const LoadOptions& opts) {
  Config c;
  if (!opts.file_path.empty()) CS_RETURN_IF_ERROR(ApplyFile(c, opts.file_path));
  CS_RETURN_IF_ERROR(ApplyEnvironment(c, opts.environment));
  CS_RETURN_IF_ERROR(ApplyFlags(c, opts.flag_overrides));
  if (c.storage.database_path.empty()) {
    c.storage.database_path = DefaultDatabasePath(c.storage.data_dir);
  }
  auto base = ParseUrl(c.instance.base_url);
  assert(base);  // CheckBaseUrl accepted every value that reached the field
  c.base_host = base->host;
  return c;
}

std::map<std::string, std::string> CurrentEnvironment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    size_t eq = entry.find('=');
    if (eq == std::string_view::npos || !entry.starts_with(kEnvPrefix)) continue;
    out.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return out;
}

std::string ExampleConfigToml(const Config& config) {
  Config c = config;
  if (c.storage.database_path == DefaultDatabasePath(c.storage.data_dir)) {
    c.storage.database_path.clear();  // keep following data_dir
  }
  std::string out = Wrap(
      "Cornerstore configuration. Precedence: built-in defaults < this file < environment "
      "variables < command-line flags. Every key can also be set from the environment as "
      "CORNERSTORE_<SECTION>_<KEY>, e.g. CORNERSTORE_INSTANCE_DOMAIN=shop.example. Unknown "
      "keys are errors.",
      "# ");
  for (const Section& s : kSections) {
    out += "\n[" + std::string(s.name) + "]\n" + Wrap(s.help, "# ");
    for (const Key& k : kKeys) {
      if (k.section != s.name) continue;
      out += "\n" + Wrap(k.help, "# ");
      out += Wrap("Type: " + TypeText(k) + ". Environment: " + EnvName(k) + ".", "# ");
      out += std::string(k.name) + " = " + ValueText(c, k) + "\n";
    }
  }
  return out;
}

std::string DescribeEnvironmentVariables() {
  Config defaults;
  std::string out = Wrap(
      "Environment variables: each overrides the same key of the config file; command-line "
      "flags override them.",
      "");
  for (const Key& k : kKeys) {
    out += "  " + EnvName(k) + "  (" + TypeText(k) + "; default " + ValueText(defaults, k) + ")\n" +
           Wrap(k.help, "      ");
  }
  return out;
}

}  // namespace cornerstore::config
