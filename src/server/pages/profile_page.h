// The public HTML profile page of a local account (what a browser gets at /@name and at the
// actor URL). Pure function; thread-safe.
#pragma once

#include <string>

#include "activitypub/uris.h"
#include "store/store.h"

namespace cornerstore::server::pages {

std::string RenderProfilePage(const store::Account& account, const activitypub::Uris& uris);

}  // namespace cornerstore::server::pages
