// SqliteFederationStore: the SQLite implementation of FederationStore.
//
// Shares the sqlite::Database of a SqliteStore (SqliteStore::database()), so accounts and the
// federation tables live in one file and one write transaction can span them. Every write is one
// BEGIN IMMEDIATE transaction on the writer connection; the delivery jobs a method is given are
// inserted in that same transaction (the outbox pattern). Reads run in one read transaction on
// a pooled reader, so a row and its parts (an object's mentions and tags) are one snapshot.
//
// The methods are split by subject across store/sqlite/federation/*.cpp; shared helpers live in
// store/sqlite/federation/{sql_helpers,outbox,object_rows}.h.
//
// Choices the interface leaves open:
// - Removing something that is not there (DeleteFollow, RemoveReaction, RemoveBlock, Unpin,
//   RemoveDomainBlock, DismissNotification, Complete/Retry/Fail of a queue item) is kNotFound,
//   and nothing is enqueued. RemoveRemoteActor of an unknown actor succeeds (a repeated Delete).
// - AddReaction that finds the reaction already there enqueues nothing.
// - TombstoneObject of an object already tombstoned succeeds, keeping the first deleted_at.
// - A tombstone also loses its mentions, tags, pins, timeline entries and the notifications
//   about it. RemoveRemoteActor also drops the actor's cached keys.
// - A local Block (by_remote = false) leaves follows alone: the caller ends them with
//   DeleteFollow / SetFollowState, carrying the Undo or Reject it must send.
// - IsDomainBlocked covers subdomains of a blocked domain.
// - ListNotifications leaves dismissed notifications out.
// - CompleteInbox clears the stored body: only the dedup key is kept.
// - Leasing an item or a job counts one attempt.
//
// Ownership: borrows `database`, which must outlive this object.
// Thread safety: every method may be called from any thread concurrently; several processes
// may share the database file (leases are taken inside BEGIN IMMEDIATE).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/result.h"
#include "store/federation_store.h"
#include "store/sqlite/database.h"
#include "store/sqlite/inbox_spool.h"

namespace cornerstore::store {

class SqliteFederationStore final : public FederationStore {
 public:
  explicit SqliteFederationStore(sqlite::Database& database) : db_(database) {}
  SqliteFederationStore(const SqliteFederationStore&) = delete;
  SqliteFederationStore& operator=(const SqliteFederationStore&) = delete;

  // --- Remote actors and keys (store/sqlite/federation/remote_actors.cpp)
  Result<RemoteActor> UpsertRemoteActor(const RemoteActor& actor) override;
  Result<RemoteActor> FindRemoteActor(std::string_view uri) override;
  Result<RemoteActor> FindRemoteActorByAcct(std::string_view username,
                                            std::string_view host) override;
  Status RemoveRemoteActor(std::string_view uri) override;
  Result<std::optional<CachedKey>> FindKey(std::string_view key_id) override;
  Status PutKey(const CachedKey& key) override;
  Status MarkKeyFetchFailed(std::string_view key_id, int64_t at) override;

  // --- Follows (follows.cpp)
  Result<Follow> PutFollow(const Follow& follow,
                           const std::vector<DeliveryJob>& deliveries = {}) override;
  Result<Follow> FindFollow(std::string_view follower_uri, std::string_view followed_uri) override;
  Result<Follow> FindFollowByActivity(std::string_view follow_activity_uri) override;
  Status SetFollowState(int64_t follow_id, FollowState state,
                        const std::vector<DeliveryJob>& deliveries = {}) override;
  Status DeleteFollow(int64_t follow_id, const std::vector<DeliveryJob>& deliveries = {}) override;
  Result<std::vector<Follow>> ListFollowers(int64_t account_id, FollowState state,
                                            const PageRequest& page) override;
  Result<std::vector<Follow>> ListFollowing(int64_t account_id, FollowState state,
                                            const PageRequest& page) override;
  Result<int64_t> CountFollowers(int64_t account_id, FollowState state) override;
  Result<int64_t> CountFollowing(int64_t account_id, FollowState state) override;
  Result<std::vector<std::string>> FollowerInboxes(int64_t account_id) override;
  Result<std::vector<int64_t>> LocalFollowersOf(std::string_view actor_uri) override;

  // --- Objects (objects.cpp) and pins (pins.cpp)
  Result<StoredObject> InsertObject(const StoredObject& object,
                                    const std::vector<DeliveryJob>& deliveries = {}) override;
  Status UpdateObject(const StoredObject& object,
                      const std::vector<DeliveryJob>& deliveries = {}) override;
  Status TombstoneObject(std::string_view uri, int64_t deleted_at,
                         const std::vector<DeliveryJob>& deliveries = {}) override;
  Result<StoredObject> FindObject(std::string_view uri) override;
  Result<StoredObject> FindObjectById(int64_t id) override;
  Result<std::vector<StoredObject>> ListAccountObjects(int64_t account_id,
                                                       const std::vector<Visibility>& visibilities,
                                                       const PageRequest& page) override;
  Result<int64_t> CountAccountObjects(int64_t account_id,
                                      const std::vector<Visibility>& visibilities) override;
  Result<std::vector<StoredObject>> ListTimeline(int64_t account_id,
                                                 const PageRequest& page) override;
  Status AddToTimeline(int64_t account_id, int64_t object_id) override;
  // --- Client API lists (timelines.cpp)
  Result<std::vector<StoredObject>> ListHomeTimeline(int64_t account_id,
                                                     const PageRequest& page) override;
  Result<std::vector<StoredObject>> ListPublicTimeline(const PublicTimelineFilter& filter,
                                                       const PageRequest& page) override;
  Result<std::vector<StoredObject>> ListReplies(std::string_view object_uri, int limit) override;
  Result<int64_t> CountReplies(std::string_view object_uri) override;
  Result<StoredObject> FindObjectByUrl(std::string_view url) override;
  Result<std::vector<std::string>> SearchHashtags(std::string_view prefix, int limit,
                                                  int offset) override;
  Status Pin(int64_t account_id, int64_t object_id,
             const std::vector<DeliveryJob>& deliveries = {}) override;
  Status Unpin(int64_t account_id, int64_t object_id,
               const std::vector<DeliveryJob>& deliveries = {}) override;
  Result<std::vector<StoredObject>> ListPinned(int64_t account_id) override;

  // --- Reactions (reactions.cpp)
  Result<bool> AddReaction(const Reaction& reaction,
                           const std::vector<DeliveryJob>& deliveries = {}) override;
  Result<Reaction> FindReaction(ReactionType type, std::string_view actor_uri,
                                std::string_view object_uri) override;
  Result<Reaction> FindReactionByActivity(std::string_view activity_uri) override;
  Status RemoveReaction(int64_t reaction_id,
                        const std::vector<DeliveryJob>& deliveries = {}) override;
  Result<int64_t> CountReactions(std::string_view object_uri, ReactionType type) override;
  Result<std::vector<std::string>> ReactorInboxes(std::string_view object_uri) override;

  // --- Blocks (blocks.cpp)
  Status AddBlock(const Block& block, const std::vector<DeliveryJob>& deliveries = {}) override;
  Status RemoveBlock(int64_t account_id, std::string_view actor_uri, bool by_remote,
                     const std::vector<DeliveryJob>& deliveries = {}) override;
  Result<bool> IsBlocked(int64_t account_id, std::string_view actor_uri, bool by_remote) override;
  Status AddDomainBlock(std::string_view host) override;
  Status RemoveDomainBlock(std::string_view host) override;
  Result<bool> IsDomainBlocked(std::string_view host) override;

  // --- Notifications and reports (notifications.cpp)
  Result<bool> AddNotification(const Notification& notification) override;
  Result<std::vector<Notification>> ListNotifications(int64_t account_id,
                                                      const PageRequest& page) override;
  Status DismissNotification(int64_t account_id, int64_t notification_id) override;
  Result<std::vector<Notification>> ListNotificationsOfTypes(
      int64_t account_id, const std::vector<NotificationType>& types,
      const PageRequest& page) override;  // notification_queries.cpp
  Result<Notification> FindNotification(int64_t account_id, int64_t notification_id) override;
  Status ClearNotifications(int64_t account_id) override;
  Result<bool> AddReport(const Report& report) override;
  Result<std::vector<Report>> ListReports(const PageRequest& page) override;

  // --- Markers (markers.cpp)
  Result<std::vector<Marker>> ListMarkers(int64_t account_id) override;
  Result<Marker> SaveMarker(int64_t account_id, std::string_view timeline,
                            std::string_view last_read_id) override;

  // --- Inbox queue (inbox_queue.cpp)
  Result<bool> EnqueueInbox(const InboxItem& item) override;
  Result<int64_t> CountInboxPending() override;
  Result<std::vector<InboxItem>> LeaseInbox(int64_t now, int64_t lease_seconds, int limit) override;
  Result<std::unique_ptr<WriteBatch>> BeginWriteBatch() override;
  Status CompleteInbox(int64_t id) override;
  Status CompleteInboxItems(const std::vector<int64_t>& ids) override;
  Status RetryInbox(int64_t id, int64_t next_attempt_at, std::string_view error) override;
  Status FailInbox(int64_t id, std::string_view error) override;
  Result<std::vector<InboxItem>> ListFailedInbox(const PageRequest& page) override;
  Result<int64_t> PurgeInbox(int64_t received_before) override;

  // --- Inbox spool (inbox_queue.cpp; store/sqlite/inbox_spool.h says why)
  // From now on EnqueueInbox appends to the spool file at `path` instead of waiting for the
  // writer; workers claim what is spooled (ClaimSpooledInbox), and leases move what no worker
  // has claimed into inbox_queue first. Replays into inbox_queue what an
  // earlier process left in the file and returns how many items that was. Only the process that
  // holds the server lock may own a database's spool. Call once, before the store is shared.
  Result<int64_t> AttachInboxSpool(const std::string& path);
  // Moves everything spooled into inbox_queue now (a graceful stop, so the database file alone
  // is complete). Without a spool, does nothing.
  Status FlushInboxSpool();
  std::unique_ptr<SpooledInbox> ClaimSpooledInbox(size_t limit) override;

  // --- Delivery queue (delivery_queue.cpp) and host state (host_state.cpp)
  Status EnqueueDeliveries(const std::vector<DeliveryJob>& jobs) override;
  Result<std::vector<DeliveryJob>> LeaseDeliveries(
      int64_t now, int64_t lease_seconds, int limit,
      const std::vector<std::string>& skip_hosts = {}) override;
  Status CompleteDelivery(int64_t id, int status) override;
  Status RetryDelivery(int64_t id, int64_t next_attempt_at, int status,
                       std::string_view error) override;
  Status FailDelivery(int64_t id, int status, std::string_view error) override;
  Result<int64_t> CountDeliveriesPending() override;
  Result<DeliveryReport> ReportDeliveries(int64_t object_id) override;
  Result<HostState> GetHostState(std::string_view host) override;
  Status PutHostState(const HostState& state) override;

  // --- Deleting a local account (account_deletion.cpp)
  Result<std::vector<std::string>> AccountAudienceInboxes(int64_t account_id) override;
  Status DeleteLocalAccount(int64_t account_id,
                            const std::vector<DeliveryJob>& deliveries) override;

  // --- Crash recovery (leases.cpp)
  Result<int64_t> ReleaseLeases(int64_t now) override;

 private:
  int64_t Now() const { return db_.clock().NowUnix(); }
  // One write transaction that moves `claim` (taken from the spool, its turn come; possibly
  // empty) into inbox_queue and then runs `then(connection)`; the spool forgets the claim once it
  // commits, and has it claimed again if it does not. Defined and used in inbox_queue.cpp.
  template <typename Then>
  auto MoveSpooledThen(sqlite::InboxSpool::Claim claim, Then then);

  sqlite::Database& db_;
  std::unique_ptr<sqlite::InboxSpool> spool_;  // set once by AttachInboxSpool, if ever
};

}  // namespace cornerstore::store
