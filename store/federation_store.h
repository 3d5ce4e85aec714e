// FederationStore: what Cornerstore remembers about the rest of the fediverse and its traffic
// with it — remote actors and their keys, follows both ways, posts (ours and others'),
// reactions, blocks, notifications, reports, and the two durable queues (inbox, delivery).
//
// The outbox pattern: every method that changes state and must tell peers about it takes the
// delivery jobs to enqueue (`deliveries`) and commits them in the SAME transaction as the change,
// so a crash can never keep the change and lose the message, or the reverse.
//
// Idempotence: inbound effects are keyed by activity id and by effect (one follow per pair, one
// like per actor and object, one notification per activity and account), so processing an
// activity twice changes nothing the second time.
//
// Times: a zero created_at, received_at, next_attempt_at, published_at, fetched_at (or edited_at
// on UpdateObject) means "now" by the store's clock.
//
// Errors as in store/store.h: kNotFound, kConflict, kGone (a tombstoned object), kUnavailable.
// Thread safety: every method may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/result.h"

namespace cornerstore::store {

// ---------------------------------------------------------------- remote actors and keys

struct RemoteActor {
  int64_t id = 0;
  std::string uri;  // the actor id, unique
  std::string type = "Person";
  std::string username;  // preferredUsername
  std::string host;      // lower-case host of `uri`
  std::string display_name;
  std::string summary_html;  // sanitized
  std::string url;           // profile page
  std::string inbox;
  std::string shared_inbox;  // empty if none
  std::string outbox;
  std::string followers_uri;
  std::string following_uri;
  std::string featured_uri;
  std::string avatar_url;
  std::string header_url;
  std::string public_key_id;
  std::string public_key_pem;
  bool manually_approves_followers = false;
  std::vector<std::string> also_known_as;
  std::string moved_to;
  std::string raw_json;
  int64_t fetched_at = 0;
};

// A remote public key as resolved from its keyId (PROTOCOL.md §4).
struct CachedKey {
  std::string key_id;
  std::string owner_uri;  // the actor the key speaks for
  std::string public_key_pem;
  int64_t fetched_at = 0;
  int64_t failed_at = 0;  // last failed fetch (negative cache), 0 if none
};

// ---------------------------------------------------------------- delivery queue

enum class DeliveryState { kQueued, kLeased, kDone, kFailed };

struct DeliveryJob {
  int64_t id = 0;
  std::string activity_uri;   // with inbox_url: unique, so one activity reaches one inbox once
  std::string activity_json;  // the exact bytes sent on every attempt
  std::string inbox_url;
  std::string host;  // inbox_url's server: lower-case host[:port] (AuthorityOf; per-host limits)
  int64_t signer_account_id = 0;  // 0: the instance actor signs
  std::string signer_key_id;
  // Set only when the signer account is being deleted: the job carries its own key so the
  // account's Delete still goes out after the account row is gone.
  std::string signer_private_key_pem;
  int64_t object_id = 0;  // the local post this delivery is about (reach), 0 if none
  DeliveryState state = DeliveryState::kQueued;
  int attempts = 0;
  int64_t next_attempt_at = 0;
  int64_t lease_until = 0;
  std::string last_error;
  int last_status = 0;
  int64_t created_at = 0;
};

// Per-host delivery health (PROTOCOL.md §7) and signature scheme memory (§4).
struct HostState {
  std::string host;
  std::string signature_scheme;  // "" unknown, "cavage", "rfc9421"
  int consecutive_failures = 0;
  int64_t breaker_until = 0;     // no attempts before this
  int64_t last_failure_day = 0;  // days since epoch of the last failure
  int failure_days = 0;          // distinct days with failures since the last success
  bool unavailable = false;      // skip until it answers or signs a request to us
  int64_t last_success_at = 0;
};

// Reach of one post: counts of its delivery jobs by state, and the ones still retrying.
struct DeliveryReport {
  int64_t total = 0, done = 0, queued = 0, failed = 0;
  int64_t hosts_total = 0, hosts_done = 0;
  std::vector<DeliveryJob> retrying;  // queued with attempts > 0
  std::vector<DeliveryJob> gave_up;   // failed
};

// ---------------------------------------------------------------- inbox queue

enum class InboxState { kQueued, kProcessing, kDone, kFailed };

struct InboxItem {
  int64_t id = 0;
  std::string activity_uri;  // dedup key ("" for an activity without id: never deduplicated)
  int64_t recipient_account_id = 0;  // personal inbox owner, 0 for the shared inbox
  std::string signer_key_id;
  std::string signer_uri;  // the verified key owner: the only actor this activity may speak for
  std::string body;        // the raw JSON as received
  int64_t received_at = 0;
  InboxState state = InboxState::kQueued;
  int attempts = 0;
  int64_t next_attempt_at = 0;
  std::string last_error;
};

// ---------------------------------------------------------------- follows

enum class FollowState { kPending, kAccepted };

// One follow relation. Exactly one side is local (account id set) unless both are.
struct Follow {
  int64_t id = 0;
  std::string follower_uri;
  int64_t follower_account_id = 0;  // set when the follower is local
  std::string followed_uri;
  int64_t followed_account_id = 0;  // set when the followed actor is local
  FollowState state = FollowState::kPending;
  std::string follow_activity_uri;  // the Follow's id (ours or theirs)
  int64_t created_at = 0;
};

// The most items one page request returns: bounds the memory and time of one list query.
inline constexpr int kMaxPageLimit = 200;

// A page request over a list ordered newest first: items with id < max_id (0: from the newest).
struct PageRequest {
  int64_t max_id = 0;
  int64_t min_id = 0;  // items with id > min_id (0: no lower bound)
  int limit = 20;      // clamped to [1, kMaxPageLimit]
};

// ---------------------------------------------------------------- objects (posts)

enum class Visibility { kPublic, kUnlisted, kFollowers, kDirect };
std::string_view VisibilityName(Visibility v);  // "public" | "unlisted" | "followers" | "direct"
// Any case; "private" (the Mastodon client API name) is accepted for kFollowers.
std::optional<Visibility> ParseVisibility(std::string_view name);

struct StoredMention {
  std::string actor_uri;
  std::string acct;        // "user@host"
  int64_t account_id = 0;  // set when the mentioned actor is local
};

// In InsertObject's `deliveries`, stands for the id of the row being inserted, which is not
// known before the insert: the Create of a new post can then count towards its reach.
inline constexpr int64_t kInsertedObjectId = -1;

struct StoredObject {
  int64_t id = 0;
  std::string uri;
  std::string url;
  std::string type = "Note";  // Note, Question, Article, Page, Event, Image, Video
  int64_t account_id = 0;     // set for our own posts
  std::string attributed_to;  // actor uri
  std::string in_reply_to_uri;
  std::string conversation_uri;
  Visibility visibility = Visibility::kPublic;
  std::string summary;  // content warning (sanitized HTML for remote)
  bool sensitive = false;
  std::string content_html;    // sanitized for remote; ours as rendered
  std::string content_source;  // ours: the text as typed
  std::string language;
  std::vector<std::string> to;
  std::vector<std::string> cc;
  std::vector<StoredMention> mentions;
  std::vector<std::string> hashtags;  // lower case, no '#'
  int64_t published_at = 0;
  int64_t edited_at = 0;   // 0 if never edited
  int64_t deleted_at = 0;  // tombstone: set when deleted; the uri is never reused
  std::string raw_json;    // remote objects: the JSON as received (for re-reading)
};

// ---------------------------------------------------------------- reactions, blocks, social

enum class ReactionType { kLike, kAnnounce, kEmojiReact };

struct Reaction {
  int64_t id = 0;
  ReactionType type = ReactionType::kLike;
  std::string activity_uri;
  std::string actor_uri;
  int64_t actor_account_id = 0;  // set when a local account reacted
  std::string object_uri;
  std::string content;  // the emoji of an EmojiReact
  int64_t created_at = 0;
};

struct Block {
  int64_t id = 0;
  // Exactly one direction: a local account blocking a remote actor, or a remote actor that
  // told us it blocks a local account.
  int64_t account_id = 0;
  std::string actor_uri;
  bool by_remote = false;  // true: actor_uri blocks account_id
  std::string activity_uri;
  int64_t created_at = 0;
};

enum class NotificationType {
  kFollow,
  kFollowRequest,
  kMention,
  kReply,
  kFavourite,
  kReblog,
  kEmojiReact,
  kMove,
  kReport,
  kUpdate
};
std::string_view NotificationTypeName(NotificationType t);  // Mastodon's names: "follow", …
std::optional<NotificationType> ParseNotificationType(std::string_view name);  // the inverse

struct Notification {
  int64_t id = 0;
  int64_t account_id = 0;
  NotificationType type = NotificationType::kMention;
  std::string actor_uri;
  std::string object_uri;    // may be empty
  std::string activity_uri;  // with account_id and type: unique (idempotence)
  int64_t created_at = 0;
  bool dismissed = false;
};

struct Report {
  int64_t id = 0;
  int64_t account_id = 0;  // the reported local account, 0 if none
  std::string reporter_uri;
  std::string content;
  std::vector<std::string> object_uris;
  std::string activity_uri;
  int64_t created_at = 0;
};

// ---------------------------------------------------------------- client API lists and markers

// Which public posts a public timeline lists (Mastodon's /timelines/public and /tag/:hashtag).
struct PublicTimelineFilter {
  bool local_only = false;   // only posts of our accounts
  bool remote_only = false;  // only posts of other servers
  std::string tag;           // only posts with this hashtag (lower case, no '#'); "" for any
};

// Where an account stopped reading a timeline (Mastodon's Marker): saved by its apps.
struct Marker {
  std::string timeline;      // "home" or "notifications"
  std::string last_read_id;  // the id of the last item read, as the client API spells it
  int64_t version = 0;       // 0 when first saved, +1 on every later save
  int64_t updated_at = 0;
};

class FederationStore {
 public:
  virtual ~FederationStore() = default;

  // --- Remote actors and keys
  // Inserts or replaces by uri; returns the stored row (with id).
  virtual Result<RemoteActor> UpsertRemoteActor(const RemoteActor& actor) = 0;
  virtual Result<RemoteActor> FindRemoteActor(std::string_view uri) = 0;
  // Case-insensitive username, exact host.
  virtual Result<RemoteActor> FindRemoteActorByAcct(std::string_view username,
                                                    std::string_view host) = 0;
  // An actor's Delete: removes the actor, its follows both ways, its objects (tombstoned so they
  // cannot be re-created), reactions and notifications.
  virtual Status RemoveRemoteActor(std::string_view uri) = 0;

  virtual Result<std::optional<CachedKey>> FindKey(std::string_view key_id) = 0;
  virtual Status PutKey(const CachedKey& key) = 0;  // replaces; clears failed_at
  virtual Status MarkKeyFetchFailed(std::string_view key_id, int64_t at) = 0;

  // --- Follows
  // Records or updates (same follower+followed pair) a follow; returns the stored row.
  virtual Result<Follow> PutFollow(const Follow& follow,
                                   const std::vector<DeliveryJob>& deliveries = {}) = 0;
  virtual Result<Follow> FindFollow(std::string_view follower_uri,
                                    std::string_view followed_uri) = 0;
  virtual Result<Follow> FindFollowByActivity(std::string_view follow_activity_uri) = 0;
  virtual Status SetFollowState(int64_t follow_id, FollowState state,
                                const std::vector<DeliveryJob>& deliveries = {}) = 0;
  virtual Status DeleteFollow(int64_t follow_id,
                              const std::vector<DeliveryJob>& deliveries = {}) = 0;
  // Actors following local `account_id` (followers) in `state`, newest first: remote ones, and
  // local accounts following another local account.
  virtual Result<std::vector<Follow>> ListFollowers(int64_t account_id, FollowState state,
                                                    const PageRequest& page) = 0;
  // Actors local `account_id` follows, in `state`, newest first.
  virtual Result<std::vector<Follow>> ListFollowing(int64_t account_id, FollowState state,
                                                    const PageRequest& page) = 0;
  virtual Result<int64_t> CountFollowers(int64_t account_id, FollowState state) = 0;
  virtual Result<int64_t> CountFollowing(int64_t account_id, FollowState state) = 0;
  // Where a post to `account_id`'s followers goes: the distinct shared inbox of each accepted
  // remote follower, else its personal inbox.
  virtual Result<std::vector<std::string>> FollowerInboxes(int64_t account_id) = 0;
  // Local accounts with an accepted follow of remote `actor_uri`.
  virtual Result<std::vector<int64_t>> LocalFollowersOf(std::string_view actor_uri) = 0;

  // --- Objects
  // Stores a new object. kConflict if the uri exists, kGone if it was deleted (tombstone).
  // A delivery whose object_id is kInsertedObjectId is about the new object: it gets its id.
  virtual Result<StoredObject> InsertObject(const StoredObject& object,
                                            const std::vector<DeliveryJob>& deliveries = {}) = 0;
  // Replaces content fields of the object with `object.uri` (edits); kNotFound / kGone.
  virtual Status UpdateObject(const StoredObject& object,
                              const std::vector<DeliveryJob>& deliveries = {}) = 0;
  // Turns the object into a tombstone (content cleared, deleted_at set); its reactions go.
  virtual Status TombstoneObject(std::string_view uri, int64_t deleted_at,
                                 const std::vector<DeliveryJob>& deliveries = {}) = 0;
  // Finds by uri; a tombstone is returned too (deleted_at != 0), callers decide (410).
  virtual Result<StoredObject> FindObject(std::string_view uri) = 0;
  virtual Result<StoredObject> FindObjectById(int64_t id) = 0;
  // Our account's posts, newest first; `visibilities` filters (empty: all). Tombstones excluded.
  virtual Result<std::vector<StoredObject>> ListAccountObjects(
      int64_t account_id, const std::vector<Visibility>& visibilities, const PageRequest& page) = 0;
  virtual Result<int64_t> CountAccountObjects(int64_t account_id,
                                              const std::vector<Visibility>& visibilities) = 0;
  // Remote objects received for `account_id`'s timeline (from actors it follows, or addressed
  // or mentioning it), newest first.
  virtual Result<std::vector<StoredObject>> ListTimeline(int64_t account_id,
                                                         const PageRequest& page) = 0;
  // Records that `account_id` may see remote object `object_id` (it was addressed, mentioned,
  // or sent by a followed actor). Idempotent.
  virtual Status AddToTimeline(int64_t account_id, int64_t object_id) = 0;

  // --- Client API lists (store/sqlite/federation/timelines.cpp)
  // `account_id`'s home timeline, newest first by object id: its own posts and the objects
  // AddToTimeline recorded for it. Tombstones excluded.
  virtual Result<std::vector<StoredObject>> ListHomeTimeline(int64_t account_id,
                                                             const PageRequest& page) = 0;
  // Public posts, ours and remote, newest first, as `filter` says. Without a tag, replies to
  // other authors are left out (an author's own threads stay), as Mastodon's public feed does.
  virtual Result<std::vector<StoredObject>> ListPublicTimeline(const PublicTimelineFilter& filter,
                                                               const PageRequest& page) = 0;
  // Stored direct replies to `object_uri`, oldest first, at most `limit` (clamped to
  // [1, kMaxPageLimit]). Tombstones excluded.
  virtual Result<std::vector<StoredObject>> ListReplies(std::string_view object_uri, int limit) = 0;
  virtual Result<int64_t> CountReplies(std::string_view object_uri) = 0;
  // The oldest object whose `url` (its HTML page) is `url`; kNotFound if none. Tombstones too.
  virtual Result<StoredObject> FindObjectByUrl(std::string_view url) = 0;
  // Hashtags of stored posts starting with `prefix` (any case), most used first, then by name.
  virtual Result<std::vector<std::string>> SearchHashtags(std::string_view prefix, int limit,
                                                          int offset) = 0;

  // --- Pins (featured)
  virtual Status Pin(int64_t account_id, int64_t object_id,
                     const std::vector<DeliveryJob>& deliveries = {}) = 0;
  virtual Status Unpin(int64_t account_id, int64_t object_id,
                       const std::vector<DeliveryJob>& deliveries = {}) = 0;
  virtual Result<std::vector<StoredObject>> ListPinned(int64_t account_id) = 0;

  // --- Reactions (Like, Announce, EmojiReact): one per type, actor and object.
  // Returns false if that reaction already existed (nothing changed).
  virtual Result<bool> AddReaction(const Reaction& reaction,
                                   const std::vector<DeliveryJob>& deliveries = {}) = 0;
  virtual Result<Reaction> FindReaction(ReactionType type, std::string_view actor_uri,
                                        std::string_view object_uri) = 0;
  virtual Result<Reaction> FindReactionByActivity(std::string_view activity_uri) = 0;
  virtual Status RemoveReaction(int64_t reaction_id,
                                const std::vector<DeliveryJob>& deliveries = {}) = 0;
  virtual Result<int64_t> CountReactions(std::string_view object_uri, ReactionType type) = 0;
  // Where news of `object_uri` must reach the remote actors who reacted to it (liked, boosted,
  // emoji-reacted), so their servers drop the boost or like when the post goes (Mastodon's
  // StatusReachFinder): the distinct shared inbox of each such actor, else its personal inbox.
  virtual Result<std::vector<std::string>> ReactorInboxes(std::string_view object_uri) = 0;

  // --- Blocks
  // A remote Block of a local account also ends follows both ways between them.
  virtual Status AddBlock(const Block& block, const std::vector<DeliveryJob>& deliveries = {}) = 0;
  virtual Status RemoveBlock(int64_t account_id, std::string_view actor_uri, bool by_remote,
                             const std::vector<DeliveryJob>& deliveries = {}) = 0;
  virtual Result<bool> IsBlocked(int64_t account_id, std::string_view actor_uri,
                                 bool by_remote) = 0;
  // Instance-wide domain blocks (operator decision).
  virtual Status AddDomainBlock(std::string_view host) = 0;
  virtual Status RemoveDomainBlock(std::string_view host) = 0;
  virtual Result<bool> IsDomainBlocked(std::string_view host) = 0;

  // --- Notifications and reports
  // Idempotent by (account, type, activity_uri): returns false if it already existed.
  virtual Result<bool> AddNotification(const Notification& notification) = 0;
  virtual Result<std::vector<Notification>> ListNotifications(int64_t account_id,
                                                              const PageRequest& page) = 0;
  virtual Status DismissNotification(int64_t account_id, int64_t notification_id) = 0;
  // ListNotifications limited to `types` (empty: every type). (notification_queries.cpp)
  virtual Result<std::vector<Notification>> ListNotificationsOfTypes(
      int64_t account_id, const std::vector<NotificationType>& types, const PageRequest& page) = 0;
  // One notification of `account_id`; kNotFound if it is another's, dismissed or absent.
  virtual Result<Notification> FindNotification(int64_t account_id, int64_t notification_id) = 0;
  // Dismisses every notification of `account_id` (rows stay, so replays do not notify again).
  virtual Status ClearNotifications(int64_t account_id) = 0;
  virtual Result<bool> AddReport(const Report& report) = 0;  // idempotent by activity_uri
  virtual Result<std::vector<Report>> ListReports(const PageRequest& page) = 0;

  // --- Markers (markers.cpp)
  // The saved markers of `account_id`, by timeline name.
  virtual Result<std::vector<Marker>> ListMarkers(int64_t account_id) = 0;
  // Saves where `account_id` stopped reading `timeline`; returns the marker as stored.
  virtual Result<Marker> SaveMarker(int64_t account_id, std::string_view timeline,
                                    std::string_view last_read_id) = 0;

  // --- Inbox queue
  // Persists a received activity. Returns false (and stores nothing) if an item with the same
  // non-empty activity_uri was already received: replays are dropped here.
  virtual Result<bool> EnqueueInbox(const InboxItem& item) = 0;
  // Items not yet done or failed (for back-pressure: 503 when over capacity).
  virtual Result<int64_t> CountInboxPending() = 0;
  // Leases up to `limit` due items (queued with next_attempt_at <= now, or processing with an
  // expired lease: a crash mid-processing), marking them processing until now + lease_seconds.
  virtual Result<std::vector<InboxItem>> LeaseInbox(int64_t now, int64_t lease_seconds,
                                                    int limit) = 0;
  virtual Status CompleteInbox(int64_t id) = 0;
  // CompleteInbox of each of `ids`, in one write where the store can; kNotFound if any is
  // missing (then none is completed).
  virtual Status CompleteInboxItems(const std::vector<int64_t>& ids) = 0;
  virtual Status RetryInbox(int64_t id, int64_t next_attempt_at, std::string_view error) = 0;
  virtual Status FailInbox(int64_t id, std::string_view error) = 0;  // permanent, reason kept
  // Failed items, newest first (for the operator).
  virtual Result<std::vector<InboxItem>> ListFailedInbox(const PageRequest& page) = 0;
  // Deletes done items received before `received_before`; returns how many. Replays of their
  // activity ids are no longer recognised afterwards, so keep them longer than peers retry.
  virtual Result<int64_t> PurgeInbox(int64_t received_before) = 0;

  // Accepted items a store keeps outside inbox_queue until a worker claims them (a spool file),
  // handed out oldest first. The worker applies them in a write batch in which each is admitted
  // into the queue with its outcome, so the move, the lease and the completion are one write.
  class SpooledInbox {
   public:
    // Not Committed: the items go back to the spool, to be claimed again.
    virtual ~SpooledInbox() = default;
    // The claimed items, oldest first, id 0 until admitted: handed over once (later calls return
    // none), so the caller applies them without a copy.
    virtual std::vector<InboxItem> TakeItems() = 0;
    // Waits until every older claim is settled. False when this one was handed back meanwhile
    // (an older claim failed): drop it. Call before BeginWriteBatch, never inside a batch.
    virtual bool AwaitTurn() = 0;
    // Inside the batch, once `item` (one of the claim's) was applied: records it as done (no
    // body kept) and returns its id; 0 when there was nothing to do (a replay, or its recipient
    // was deleted), and the caller then drops what applying it wrote.
    virtual Result<int64_t> AdmitDone(const InboxItem& item) = 0;
    // Inside the batch: queues `item` (one of the claim's), body kept, as leased (its first
    // attempt, until lease_until), to be applied on its own or to record its failure; returns
    // its id, or 0 as AdmitDone.
    virtual Result<int64_t> AdmitLeased(const InboxItem& item, int64_t lease_until) = 0;
    // The batch's last write: records that the claim left the spool.
    virtual Status MarkMoved() = 0;
    // After the batch committed: the spool forgets the claim.
    virtual void Committed() = 0;
  };
  // Claims up to `limit` spooled items; null when none are spooled or the store has no spool.
  virtual std::unique_ptr<SpooledInbox> ClaimSpooledInbox(size_t limit) {
    (void)limit;
    return nullptr;
  }

  // A write batch on the calling thread: until it ends, every write this thread makes through
  // this store (and the account store sharing its database) joins one transaction, committed by
  // Commit — many small writes, one commit. Steps group writes that stand or fall together:
  // UndoStep drops what the current step wrote and keeps the rest. Other threads' writes wait
  // while a batch is open, so a batch must never wait on the network. Ending without Commit
  // drops everything. A store without batches returns null (callers then write as usual).
  class WriteBatch {
   public:
    virtual ~WriteBatch() = default;
    virtual Status BeginStep() = 0;
    virtual Status KeepStep() = 0;
    virtual Status UndoStep() = 0;
    virtual Status Commit() = 0;
  };
  virtual Result<std::unique_ptr<WriteBatch>> BeginWriteBatch() {
    return std::unique_ptr<WriteBatch>();
  }

  // --- Delivery queue
  // Enqueues jobs on their own (when there is no other state change). Duplicate
  // (activity_uri, inbox_url) pairs are ignored. A job without activity_uri or inbox_url is
  // kInvalidInput (here and in every `deliveries` argument, failing the whole change).
  virtual Status EnqueueDeliveries(const std::vector<DeliveryJob>& jobs) = 0;
  // Leases up to `limit` due jobs (queued with next_attempt_at <= now, or leased with an
  // expired lease), oldest first, skipping hosts in `skip_hosts`; marks them leased until
  // now + lease_seconds.
  virtual Result<std::vector<DeliveryJob>> LeaseDeliveries(
      int64_t now, int64_t lease_seconds, int limit,
      const std::vector<std::string>& skip_hosts = {}) = 0;
  virtual Status CompleteDelivery(int64_t id, int status) = 0;
  virtual Status RetryDelivery(int64_t id, int64_t next_attempt_at, int status,
                               std::string_view error) = 0;
  virtual Status FailDelivery(int64_t id, int status, std::string_view error) = 0;
  virtual Result<int64_t> CountDeliveriesPending() = 0;
  virtual Result<DeliveryReport> ReportDeliveries(int64_t object_id) = 0;

  virtual Result<HostState> GetHostState(std::string_view host) = 0;  // default if unknown
  virtual Status PutHostState(const HostState& state) = 0;

  // --- Deleting a local account
  // Where a local account's own Delete must go (Mastodon's DeleteAccountService): every remote
  // actor that follows it or that it follows (accepted or pending), that reacted to its posts or
  // was mentioned in them, or whose posts it reacted to — the distinct shared inbox of each, else
  // its personal inbox, in order.
  virtual Result<std::vector<std::string>> AccountAudienceInboxes(int64_t account_id) = 0;
  // Deletes local `account_id` and everything it owns, retires its username (Store::
  // IsAccountDeleted; CreateAccount refuses it from then on) and enqueues `deliveries`, all in
  // one transaction. The deliveries must carry their signer's key (signer_private_key_pem and
  // signer_key_id, signer_account_id 0): a job naming the deleted account as signer would go
  // with it, so one is kInvalidInput. kNotFound if there is no such account.
  virtual Status DeleteLocalAccount(int64_t account_id,
                                    const std::vector<DeliveryJob>& deliveries) = 0;

  // --- Crash recovery
  // Hands every leased delivery job and every inbox item being processed back to its queue,
  // due at `now`; returns how many. Only for a process that knows no other process works the
  // queues (a server holding the data directory's ServerLock): it reclaims at start what a
  // crashed predecessor held, instead of waiting for the leases to expire.
  virtual Result<int64_t> ReleaseLeases(int64_t now) = 0;
};

}  // namespace cornerstore::store
