// Instance (v1 and v2) and Application entities (docs.joinmastodon.org/entities/V1_Instance,
// /Instance, /Application): what clients read before logging in to learn the server's name,
// limits and features. Pure functions; thread-safe.
#pragma once

#include <string>

#include "config/config.h"
#include "src/common/json.h"
#include "store/store.h"

namespace cornerstore::api {

// The Mastodon API version we speak, as clients parse it to pick features, with our own name
// and version after it (the form other servers use).
std::string CompatibleVersion();

json::Value InstanceV1ToJson(const config::Config& config, const store::UsageCounts& usage);
json::Value InstanceV2ToJson(const config::Config& config, const store::UsageCounts& usage);

// An Application as statuses and verify_credentials show it (no credentials).
json::Value ApplicationToJson(const std::string& name, const std::string& website);

}  // namespace cornerstore::api
