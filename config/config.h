// Typed configuration of one Cornerstore instance.
//
// Loaded by LoadConfig (config/loader.h) from a TOML file, then environment overrides
// (CORNERSTORE_<SECTION>_<KEY>), then command-line flags; validated once, then read-only for the
// life of the process (safe to share across threads without locks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace cornerstore::config {

struct ServerConfig {
  std::string listen_address = "127.0.0.1";  // server.listen_address
  int port = 8080;                           // server.port
  // Request workers. The connection gate parks idle and slow connections on one epoll thread, so
  // these bound requests in service, not connections; 32 serves 64 busy keep-alive connections
  // faster than 64 would on 2 CPUs (docs/PERFORMANCE.md) and keeps idle memory lower.
  int http_threads = 32;
  int read_timeout_seconds = 5;  // short, so slow-drip clients cannot hold workers
  int write_timeout_seconds = 10;
  int keep_alive_max_count = 1000;
  int listen_backlog = 1024;

  bool operator==(const ServerConfig&) const = default;
};

struct InstanceConfig {
  // Handle domain: accounts are @name@domain. instance.domain
  std::string domain = "localhost";
  // Public base URL of the server (scheme://host[:port], no trailing slash); actor ids live here.
  // May be on another host than `domain` (handles on shop.example, server on social.shop.example).
  std::string base_url = "http://localhost:8080";
  std::string name = "Cornerstore";  // shown in NodeInfo and pages
  std::string description;
  std::string admin_contact;  // e-mail shown in NodeInfo metadata
  bool open_registrations = false;
  bool authorized_fetch = false;  // require signatures on object and collection GETs

  bool operator==(const InstanceConfig&) const = default;
};

struct StorageConfig {
  std::string data_dir = "./data";  // created 0700 if missing
  std::string database_path;        // default: <data_dir>/cornerstore.db

  bool operator==(const StorageConfig&) const = default;
};

struct WorkerConfig {
  int inbox_workers = 2;
  int delivery_workers = 4;
  size_t inbox_queue_capacity = 10'000;  // pending inbox activities before answering 503

  bool operator==(const WorkerConfig&) const = default;
};

struct LimitsConfig {
  size_t max_request_body_bytes = 1 << 20;  // PROTOCOL.md §6
  size_t max_fetch_body_bytes = 1 << 20;    // PROTOCOL.md §8
  int max_json_depth = 64;

  bool operator==(const LimitsConfig&) const = default;
};

struct LogConfig {
  std::string level = "info";  // debug | info | warn | error
  bool access_log = true;

  bool operator==(const LogConfig&) const = default;
};

struct UnsafeConfig {
  // Allows fetching loopback/private addresses and plain http. For tests and local development
  // only: it disables the SSRF guard. unsafe.allow_private_addresses
  bool allow_private_addresses = false;
  // Registers the /_test/* routes the integration tests use (an echo and a handler that
  // throws). Never enable in production. unsafe.test_routes
  bool test_routes = false;
  // Accept and store inbox activities but leave them unprocessed, so crash-recovery tests can
  // kill the server between the 202 and the processing. unsafe.hold_inbox_processing
  bool hold_inbox_processing = false;
  // Divides every delivery wait — retry backoff, Retry-After, breaker pause, unavailable-host
  // probe — so tests and staging run the two-day retry schedule in minutes. 1 in production.
  // unsafe.delivery_time_divisor
  int delivery_time_divisor = 1;

  bool operator==(const UnsafeConfig&) const = default;
};

struct Config {
  ServerConfig server;
  InstanceConfig instance;
  StorageConfig storage;
  WorkerConfig workers;
  LimitsConfig limits;
  LogConfig log;
  UnsafeConfig unsafe;

  // Host part of instance.base_url (lower case), derived at load time.
  std::string base_host;

  bool operator==(const Config&) const = default;
};

}  // namespace cornerstore::config
