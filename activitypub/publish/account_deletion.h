// Deleting a local account and telling the fediverse, as Mastodon's DeleteAccountService does:
// a Delete whose `object` is the actor itself, to Public, signed with the deleted actor's own
// key, to every server that knows the account (store::FederationStore::AccountAudienceInboxes:
// followers and followed both ways, pending or not, reactors, mentioned actors, authors it
// reacted to; shared inboxes preferred, deduplicated, never our own). Afterwards the actor URL
// answers 410 Gone with DeletedActorToJson and the username is never taken again.
//
// The account's row, its username's tombstone and the delivery jobs commit in ONE
// FederationStore::DeleteLocalAccount transaction: the jobs carry the private key, so they
// outlive the account they sign for. The activity id is fixed ({actor}#delete), so a repeated
// attempt can never queue a second copy for an inbox.
//
// Pure functions over the stores given; thread-safe as far as they are.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "activitypub/uris.h"
#include "src/common/clock.h"
#include "src/common/json.h"
#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/store.h"

namespace cornerstore::activitypub {

// "{actor}#delete" (Mastodon's id for an actor's Delete).
std::string AccountDeleteId(std::string_view actor_id);

// Delete{actor}: id AccountDeleteId, `actor` and `object` the actor id, `to` [Public].
json::Value DeleteActorToJson(const store::Account& account, const Uris& uris);

// What the actor URL of a deleted account serves: {"id": actor, "type": "Tombstone"}.
json::Value DeletedActorToJson(std::string_view username, const Uris& uris);

// What a deletion queued.
struct AccountDeletionReport {
  int64_t inboxes = 0;  // delivery jobs queued for the Delete
  int64_t servers = 0;  // distinct hosts among them
};

// Deletes `account` (which must be current: its id and private key are used) and queues its
// Delete. kNotFound if it was deleted meanwhile; the stores' errors as they are.
Result<AccountDeletionReport> DeleteAccountAndFederate(store::FederationStore& federation,
                                                       const store::Account& account,
                                                       const Uris& uris, const Clock& clock);

}  // namespace cornerstore::activitypub
