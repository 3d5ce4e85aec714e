// A fake remote fediverse instance for Cornerstore's end-to-end tests, built on Fedify (the npm
// package, version pinned in package-lock.json).
//
// It serves Person actors with RSA keys on http://127.0.0.1:<free port> (WebFinger, actor
// documents, personal inboxes /users/NAME/inbox, the shared inbox /inbox, notes by id) and:
//   - checks the HTTP signature of every inbox POST twice: Fedify's inbox verifies it (and
//     answers 401 when it does not), and an explicit verifyRequestDetailed on an identical copy
//     records which key signed it and who owns that key;
//   - records every activity its listeners saw (type, id, actor, object, the recipient inbox);
//   - answers a Follow of one of its actors with a signed Accept at once (open accounts);
//   - sends activities as one of its actors (`send`), checking that Cornerstore answered 202.
// Nothing here is specific to one scenario: tests wait for arrivals with `waitFor(arrival(…))`.
import { createServer } from "node:http";
import { randomInt, randomUUID } from "node:crypto";

import {
  createFederation,
  generateCryptoKeyPair,
  getDocumentLoader,
  MemoryKvStore,
  verifyRequestDetailed,
} from "@fedify/fedify";
import {
  Accept,
  Add,
  Announce,
  Create,
  Delete,
  Endpoints,
  Follow,
  Like,
  Note,
  Person,
  Reject,
  Remove,
  Undo,
  Update,
} from "@fedify/vocab";

// Fedify's inbox answers 202 to an activity it verified and dispatched.
export const ACCEPTED = 202;
// How long one expected delivery may take: Cornerstore's delivery workers poll their queue
// every 2 s, so a healthy delivery lands within about 3 s.
export const DELIVERY_WAIT_MS = 15_000;
// Loopback addresses tried for port 80 before falling back to a free port on 127.0.0.1.
const PORT80_ATTEMPTS = 5;

// Activity types whose object Cornerstore embeds: the listener parses it with Fedify.
const EMBEDDING = new Set(["Create", "Update", "Delete", "Undo"]);

export class StepFailure extends Error {}
export function fail(message) {
  throw new StepFailure(message);
}

export class RemoteInstance {
  // names: the actors to serve; log: called with one line per event when verbose.
  constructor({ names, debug = () => {} }) {
    this.names = names;
    this.debug = debug;
    this.keyPairs = new Map();
    this.notes = new Map(); // path segment -> Note
    // What the inbox listeners saw: { type, id, actor, objectId, recipient, activity, object }.
    this.received = [];
    // Every inbox POST: { path, activityId, activityType, json, scheme, verified, keyId, owner,
    // reason, status, body }.
    this.inboxPosts = [];
    // Follows of our actors that we accepted: { follow, accept }.
    this.acceptedFollows = [];
    this.waiters = new Set();
    this.documentLoader = getDocumentLoader({ allowPrivateAddress: true });
    this.origin = null;
    this.federation = null;
    this.server = null;
  }

  async start() {
    for (const name of this.names) {
      this.keyPairs.set(name, [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")]);
    }
    this.federation = this.#buildFederation();
    this.server = createServer((req, res) => this.#serve(req, res));
    // Handles of accounts on a server with a port ("@alice@127.0.0.1:8080") cannot be written
    // as mentions (Mastodon's mention syntax, which Cornerstore follows, has no port), so the
    // instance first tries port 80 of a loopback address, where its handles have no port.
    for (let attempt = 0; attempt < PORT80_ATTEMPTS && this.origin == null; attempt++) {
      const address = `127.0.${randomInt(0, 256)}.${randomInt(2, 255)}`;
      if (await this.#listen(80, address)) this.origin = `http://${address}`;
    }
    if (this.origin == null) {
      if (!(await this.#listen(0, "127.0.0.1"))) fail("the remote instance cannot listen");
      this.origin = `http://127.0.0.1:${this.server.address().port}`;
    }
    this.host = new URL(this.origin).host;
    // True when handles carry no port, so that they can be mentioned.
    this.mentionable = !this.host.includes(":");
  }

  // Resolves true once listening, false when the address cannot be had (in use, no privilege).
  #listen(port, address) {
    return new Promise((resolve) => {
      const onError = () => resolve(false);
      this.server.once("error", onError);
      this.server.listen(port, address, () => {
        this.server.off("error", onError);
        resolve(true);
      });
    });
  }

  stop() {
    if (this.server == null) return;
    this.server.closeAllConnections?.();
    this.server.close();
    this.server = null;
  }

  context() {
    return this.federation.createContext(new URL(this.origin), undefined);
  }
  actorUri(name) {
    return this.context().getActorUri(name);
  }
  handle(name) {
    return `${name}@${this.host}`;
  }
  newId(name, kind) {
    return new URL(`/users/${name}/${kind}/${randomUUID()}`, this.origin);
  }
  // A Note of `name`'s, served at its id (so Cornerstore may fetch it).
  addNote(name, values) {
    const key = randomUUID();
    const note = new Note({
      id: this.context().getObjectUri(Note, { identifier: name, id: key }),
      attribution: this.actorUri(name),
      ...values,
    });
    this.notes.set(key, note);
    return note;
  }

  // Fetches an ActivityPub object (an actor of Cornerstore's) with Fedify.
  async lookup(url) {
    return await this.context().lookupObject(url, { documentLoader: this.documentLoader });
  }

  // Sends `activity` as `name` to `recipient` (an Actor) and requires a 202 from its inbox.
  async send(name, activity, recipient) {
    try {
      await this.context().sendActivity({ identifier: name }, recipient, activity, {
        immediate: true,
      });
    } catch (e) {
      fail(`sending ${activity.id?.href}: ${e.message.split("\n")[0]}`);
    }
  }

  // Resolves with find()'s first truthy answer, asked now and after every answered inbox POST;
  // rejects after `ms`, listing the inbox POSTs that were refused (the likely reason).
  waitFor(label, find, ms = DELIVERY_WAIT_MS) {
    return new Promise((resolve, reject) => {
      const done = () => {
        this.waiters.delete(check);
        clearTimeout(timer);
      };
      const check = () => {
        let value;
        try {
          value = find();
        } catch (e) {
          done();
          reject(e);
          return;
        }
        if (value) {
          done();
          resolve(value);
        }
      };
      const timer = setTimeout(() => {
        done();
        const refused = this.inboxPosts.filter((p) => p.status != null && p.status >= 400);
        reject(
          new StepFailure(
            `${label}: nothing within ${ms / 1000} s` +
              refused.map((p) => `\n      refused: ${describePost(p)}`).join(""),
          ),
        );
      }, ms);
      this.waiters.add(check);
      check();
    });
  }

  // A finder for waitFor: the activity of `type` matching `match` that a listener saw, once the
  // POST that carried it was answered: { entry, post }. Looks at everything received since the
  // call (or since `since`, an index into inboxPosts).
  arrival(type, match, since = this.inboxPosts.length) {
    return () => {
      for (const post of this.inboxPosts.slice(since)) {
        if (post.activityType === type && post.status != null && post.status >= 400) {
          fail(`the inbox refused ${describePost(post)}`);
        }
      }
      const ids = new Set(this.inboxPosts.slice(since).map((p) => p.activityId));
      const entry = this.received.find((r) => r.type === type && ids.has(r.id) && match(r));
      if (entry == null) return null;
      const post = this.inboxPosts.find((p) => p.activityId === entry.id && p.status != null);
      return post == null ? null : { entry, post };
    };
  }

  #buildFederation() {
    const federation = createFederation({
      kv: new MemoryKvStore(),
      // Cornerstore runs on http://127.0.0.1 in the test: allow loopback and plain http.
      allowPrivateAddress: true,
      // Signatures on incoming requests are verified (the default, stated because it is the
      // point of this instance).
      skipSignatureVerification: false,
    });
    federation
      .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
        if (!this.keyPairs.has(identifier)) return null;
        const keys = await ctx.getActorKeyPairs(identifier);
        return new Person({
          id: ctx.getActorUri(identifier),
          preferredUsername: identifier,
          name: `${identifier} (remote test instance)`,
          url: ctx.getActorUri(identifier),
          inbox: ctx.getInboxUri(identifier),
          outbox: ctx.getOutboxUri(identifier),
          followers: ctx.getFollowersUri(identifier),
          following: ctx.getFollowingUri(identifier),
          endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
          manuallyApprovesFollowers: false,
          publicKey: keys[0].cryptographicKey,
          assertionMethods: keys.map((k) => k.multikey),
        });
      })
      .setKeyPairsDispatcher(async (_ctx, identifier) => this.keyPairs.get(identifier) ?? []);
    federation.setFollowersDispatcher("/users/{identifier}/followers", async () => ({
      items: [],
    }));
    federation.setFollowingDispatcher("/users/{identifier}/following", async () => ({
      items: [],
    }));
    federation.setOutboxDispatcher("/users/{identifier}/outbox", async () => ({ items: [] }));
    federation.setObjectDispatcher(
      Note,
      "/users/{identifier}/notes/{id}",
      async (_ctx, values) => this.notes.get(values.id) ?? null,
    );

    const listeners = federation.setInboxListeners("/users/{identifier}/inbox", "/inbox");
    for (const [type, cls] of [
      ["Accept", Accept],
      ["Reject", Reject],
      ["Create", Create],
      ["Update", Update],
      ["Delete", Delete],
      ["Announce", Announce],
      ["Like", Like],
      ["Undo", Undo],
      ["Add", Add],
      ["Remove", Remove],
    ]) {
      listeners.on(cls, (ctx, activity) => this.#record(type, ctx, activity));
    }
    listeners.on(Follow, async (ctx, follow) => {
      await this.#record("Follow", ctx, follow);
      await this.#acceptFollow(ctx, follow);
    });
    listeners.onError(async (_ctx, error) => {
      console.error(`      remote inbox listener error: ${error?.message ?? error}`);
    });
    return federation;
  }

  async #record(type, ctx, activity) {
    let object = null;
    if (EMBEDDING.has(type)) {
      try {
        object = await activity.getObject({
          documentLoader: this.documentLoader,
          contextLoader: this.documentLoader,
        });
      } catch (e) {
        console.error(`      remote inbox: ${type} ${activity.id?.href}: object unreadable: ${e}`);
      }
    }
    this.received.push({
      type,
      id: activity.id?.href ?? null,
      actor: activity.actorId?.href ?? null,
      objectId: activity.objectId?.href ?? null,
      recipient: ctx.recipient,
      activity,
      object,
    });
  }

  // Our actors approve followers at once, as an open Mastodon account does.
  async #acceptFollow(ctx, follow) {
    const followee = follow.objectId;
    const name = followee == null ? null : ctx.parseUri(followee)?.identifier;
    if (name == null || !this.keyPairs.has(name) || follow.actorId == null) return;
    const follower = await follow.getActor({
      documentLoader: this.documentLoader,
      contextLoader: this.documentLoader,
    });
    if (follower == null) {
      console.error(`      remote: cannot fetch ${follow.actorId.href} to accept its Follow`);
      return;
    }
    const accept = new Accept({
      id: this.newId(name, "accepts"),
      actor: ctx.getActorUri(name),
      object: follow,
      to: follow.actorId,
    });
    try {
      await ctx.sendActivity({ identifier: name }, follower, accept, { immediate: true });
      this.acceptedFollows.push({ follow, accept });
      this.debug(`remote: ${name} accepted ${follow.id?.href}`);
    } catch (e) {
      console.error(`      remote: Accept of ${follow.id?.href} refused: ${e.message}`);
    }
  }

  async #serve(req, res) {
    let status = 500;
    try {
      const request = await toRequest(req, this.origin);
      const path = new URL(request.url).pathname;
      let post = null;
      if (request.method === "POST" && (path === "/inbox" || path.endsWith("/inbox"))) {
        post = await this.#inspectInboxPost(request, path);
        this.inboxPosts.push(post);
      }
      const response = await this.federation.fetch(request, {
        contextData: undefined,
        onNotFound: () => new Response("Not found", { status: 404 }),
        onNotAcceptable: () => new Response("Not acceptable", { status: 406 }),
      });
      status = response.status;
      const headers = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      const payload = Buffer.from(await response.arrayBuffer());
      if (post != null) {
        post.status = status;
        if (status >= 400) post.body = payload.toString("utf8").slice(0, 300);
      }
      res.writeHead(status, headers);
      res.end(payload);
      if (post != null) for (const waiter of [...this.waiters]) waiter();
    } catch (e) {
      console.error(`      remote server error on ${req.method} ${req.url}: ${e?.stack ?? e}`);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error");
    } finally {
      this.debug(`remote served ${req.method} ${req.url} -> ${status}`);
    }
  }

  // The independent signature check of one inbox POST, on an identical copy of the request.
  async #inspectInboxPost(request, path) {
    const scheme = request.headers.has("signature-input")
      ? "rfc9421"
      : request.headers.has("signature")
        ? "draft-cavage"
        : "unsigned";
    const result = await verifyRequestDetailed(request.clone(), {
      documentLoader: this.documentLoader,
      contextLoader: this.documentLoader,
    });
    let json = null;
    try {
      json = JSON.parse(await request.clone().text());
    } catch {
      // Not JSON: Fedify's inbox answers it.
    }
    return {
      path,
      activityId: json?.id ?? null,
      activityType: json?.type ?? null,
      json,
      scheme,
      verified: result.verified,
      keyId: result.verified ? result.key.id?.href : result.reason.keyId?.href,
      owner: result.verified ? result.key.ownerId?.href : null,
      reason: result.verified ? null : result.reason.type,
      status: null,
      body: null,
    };
  }
}

// Node's http server in front of Fedify's fetch-style handler.
async function toRequest(req, origin) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const body = Buffer.concat(chunks);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  const url = new URL(req.url, req.headers.host ? `http://${req.headers.host}` : origin);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, { method: req.method, headers, body: hasBody ? body : undefined });
}

export function describePost(post) {
  return (
    `${post.activityType} ${post.activityId} at ${post.path}: ${post.status} ` +
    `(signature [${post.scheme}] keyId ${post.keyId}: ` +
    `${post.verified ? "verified" : `not verified, ${post.reason}`}) ${post.body ?? ""}`
  ).trimEnd();
}

// Checks that an arrival came from `actorId`, signed with a key `actorId` owns, verified and
// accepted; returns a summary for the PASS line.
export function signedBy({ entry, post }, actorId) {
  if (entry.actor !== actorId) fail(`${entry.type} ${entry.id} is by ${entry.actor}`);
  if (post.status !== ACCEPTED) fail(`the inbox answered ${describePost(post)}`);
  if (!post.verified) fail(`signature did not verify: ${describePost(post)}`);
  if (post.owner !== actorId) {
    fail(`${entry.type} signed by key ${post.keyId} of ${post.owner}, not ${actorId}`);
  }
  return `at ${post.path}, [${post.scheme}] signature by ${post.keyId} verified`;
}
