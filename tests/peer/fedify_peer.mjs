#!/usr/bin/env node
// A real, independent ActivityPub peer for Cornerstore's interoperability test, built on Fedify
// (the npm package, version pinned in package-lock.json).
//
// It serves one actor, "alice", on http://127.0.0.1:<free port> and, against a running
// Cornerstore:
//   1. resolves the target account (WebFinger on the Cornerstore base URL, then Fedify's
//      lookupObject on the actor URL);
//   2. sends Follow and waits for an Accept of that Follow whose HTTP signature verified, both in
//      Fedify's inbox and by an explicit verifyRequest on the same request;
//   3. sends Create(Note) addressed to and mentioning the target, a Like, and an Undo of the Like;
//      every POST must be answered 202. Follow and Create are sent the way Fedify sends by default
//      (RFC 9421 first, draft-cavage on 4xx: "double-knocking"); Like and Undo knock with
//      draft-cavage first. The scheme each POST was accepted with is checked, so both schemes
//      are exercised;
//   4. prints one JSON line with the ids it used.
// One line per step on stdout; exit 0 on success, 1 on a failed step (reason on stderr),
// 2 on bad usage, 3 when the overall deadline passes.
//
// Usage: node fedify_peer.mjs [--timeout SECONDS] [--like-object URL] [--verbose]
//                             BASE_URL TARGET
//   BASE_URL  Cornerstore's base URL, e.g. http://127.0.0.1:8080
//   TARGET    the account: shop@localhost, @shop@localhost, acct:shop@localhost or its actor URL.
//             A handle is resolved with WebFinger on BASE_URL (the test's handle domain has no
//             server of its own).
import { AsyncLocalStorage } from "node:async_hooks";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";

import {
  createFederation,
  generateCryptoKeyPair,
  getDocumentLoader,
  MemoryKvStore,
  verifyRequestDetailed,
} from "@fedify/fedify";
import {
  Accept,
  Create,
  Endpoints,
  Follow,
  isActor,
  Like,
  Mention,
  Note,
  Person,
  PUBLIC_COLLECTION,
  Reject,
  Undo,
} from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import { configure, getConsoleSink } from "@logtape/logtape";

const USAGE =
  "usage: node fedify_peer.mjs [--timeout SECONDS] [--like-object URL] [--verbose] BASE_URL TARGET";
const ALICE = "alice";
const CAVAGE = "draft-cavage-http-signatures-12";
const RFC9421 = "rfc9421";
// Fedify's inbox answers 202 to an activity it verified and dispatched.
const ACCEPTED = 202;

// ---------------------------------------------------------------------------------------------
// Command line

let options;
try {
  options = parseArgs({
    allowPositionals: true,
    options: {
      timeout: { type: "string", default: "60" },
      "like-object": { type: "string" },
      verbose: { type: "boolean", short: "v", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
} catch (e) {
  console.error(`${e.message}\n${USAGE}`);
  process.exit(2);
}
if (options.values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (options.positionals.length !== 2) {
  console.error(USAGE);
  process.exit(2);
}
const timeoutSeconds = Number(options.values.timeout);
if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0 || timeoutSeconds > 600) {
  console.error(`--timeout must be a number of seconds from 1 to 600\n${USAGE}`);
  process.exit(2);
}
let baseUrl;
try {
  baseUrl = new URL(options.positionals[0]);
  if (baseUrl.protocol !== "http:" && baseUrl.protocol !== "https:") throw new Error("not http(s)");
} catch {
  console.error(`BASE_URL must be an http(s) URL, got ${options.positionals[0]}\n${USAGE}`);
  process.exit(2);
}
const target = options.positionals[1];
const verbose = options.values.verbose;

// ---------------------------------------------------------------------------------------------
// Reporting and the deadline

const startedAt = Date.now();
let httpServer = null;

function elapsed() {
  return `${((Date.now() - startedAt) / 1000).toFixed(1)}s`;
}
function step(message) {
  console.log(`ok    ${message}`);
}
function detail(message) {
  console.log(`      ${message}`);
}
function debug(message) {
  if (verbose) console.log(`  ..  ${message}`);
}
function shutdown(code) {
  if (httpServer != null) {
    httpServer.closeAllConnections?.();
    httpServer.close();
  }
  process.exit(code);
}
class StepFailure extends Error {}
function fail(message) {
  throw new StepFailure(message);
}

const deadline = setTimeout(() => {
  console.error(
    `FAIL  timeout: the scenario did not finish within ${timeoutSeconds} s (${currentStep})`,
  );
  shutdown(3);
}, timeoutSeconds * 1000);
let currentStep = "starting";

if (verbose) {
  // Fedify's own log: requests it serves and sends at info, signature work and inbox decisions
  // (why a request was refused) at debug.
  await configure({
    sinks: { console: getConsoleSink() },
    contextLocalStorage: new AsyncLocalStorage(),
    loggers: [
      { category: ["fedify"], sinks: ["console"], lowestLevel: "info" },
      { category: ["fedify", "sig"], sinks: ["console"], lowestLevel: "debug" },
      { category: ["fedify", "federation", "inbox"], sinks: ["console"], lowestLevel: "debug" },
      { category: ["fedify", "federation", "outbox"], sinks: ["console"], lowestLevel: "debug" },
      { category: ["logtape", "meta"], sinks: ["console"], lowestLevel: "warning" },
    ],
  });
}

// ---------------------------------------------------------------------------------------------
// Every HTTP request Fedify makes goes through the global fetch: record them, so the test can
// tell which signature scheme each POST used and what Cornerstore answered to each attempt.

const outgoing = []; // { method, url, scheme, activityId, status, body }
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const request = input instanceof Request ? input : null;
  const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
  const url = String(request?.url ?? input);
  const headers = new Headers(init?.headers ?? request?.headers ?? {});
  const record = { method, url, scheme: null, activityId: null, status: null, body: "" };
  if (method === "POST") {
    record.scheme = headers.has("signature-input")
      ? RFC9421
      : headers.has("signature")
        ? CAVAGE
        : "unsigned";
    try {
      // Read a copy; a one-shot stream passed in init is left alone.
      const body = init?.body;
      const text =
        body == null
          ? await request?.clone().text()
          : typeof body === "string"
            ? body
            : body instanceof ArrayBuffer || ArrayBuffer.isView(body)
              ? new TextDecoder().decode(body)
              : null;
      if (text != null) record.activityId = JSON.parse(text).id ?? null;
    } catch {
      // Not JSON: leave activityId empty.
    }
  }
  let response;
  try {
    response = await realFetch(input, init);
  } catch (e) {
    record.status = `network error: ${e.cause?.message ?? e.message}`;
    outgoing.push(record);
    debug(`${method} ${url} -> ${record.status}`);
    throw e;
  }
  record.status = response.status;
  if (!response.ok) {
    try {
      record.body = (await response.clone().text()).slice(0, 300);
    } catch {
      // Unreadable body: keep the status only.
    }
  }
  outgoing.push(record);
  debug(
    `${method} ${url}${record.scheme ? ` [${record.scheme}]` : ""} -> ${response.status}` +
      (record.body ? ` ${record.body}` : ""),
  );
  return response;
};

// ---------------------------------------------------------------------------------------------
// Alice: keys, notes, and the federation(s) serving her

currentStep = "generating keys";
const rsa = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
const ed25519 = await generateCryptoKeyPair("Ed25519");
const notes = new Map(); // note id (path segment) -> Note

// Inbox state, filled by the inbox listeners and the HTTP adapter.
const received = []; // { type, id, actor, object }
// Inbox POSTs: { path, activityId, activityType, scheme, verified, keyId, owner, reason,
// status, body }.
const inboxPosts = [];
let inboxWaiter = null; // called after each inbox POST has been answered

const documentLoader = getDocumentLoader({ allowPrivateAddress: true });

function buildFederation(firstKnock) {
  const federation = createFederation({
    kv: new MemoryKvStore(),
    // Cornerstore runs on http://127.0.0.1 in the test: allow loopback and plain http.
    allowPrivateAddress: true,
    // Signatures on incoming requests are verified (the default, stated because it is the point).
    skipSignatureVerification: false,
    firstKnock,
    // No queue: sendActivity delivers at once and throws when a recipient refuses.
  });

  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
      if (identifier !== ALICE) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: "Alice (Fedify peer)",
        summary: "<p>The Fedify side of Cornerstore's interoperability test.</p>",
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
    .setKeyPairsDispatcher(async (_ctx, identifier) =>
      identifier === ALICE ? [rsa, ed25519] : [],
    );

  federation.setFollowersDispatcher("/users/{identifier}/followers", async () => ({ items: [] }));
  federation.setFollowingDispatcher("/users/{identifier}/following", async () => ({ items: [] }));
  federation.setOutboxDispatcher("/users/{identifier}/outbox", async () => ({ items: [] }));
  federation.setObjectDispatcher(Note, "/users/{identifier}/notes/{id}", async (_ctx, values) =>
    values.identifier === ALICE ? (notes.get(values.id) ?? null) : null,
  );

  federation
    .setInboxListeners("/users/{identifier}/inbox", "/inbox")
    .on(Accept, async (ctx, accept) => {
      const entry = {
        type: "Accept",
        id: accept.id?.href ?? null,
        actor: accept.actorId?.href ?? null,
        object: accept.objectId?.href ?? null,
        recipient: ctx.recipient,
      };
      received.push(entry);
    })
    .on(Reject, async (ctx, reject) => {
      const entry = {
        type: "Reject",
        id: reject.id?.href ?? null,
        actor: reject.actorId?.href ?? null,
        object: reject.objectId?.href ?? null,
        recipient: ctx.recipient,
      };
      received.push(entry);
    })
    .onError(async (_ctx, error) => {
      console.error(`      inbox listener error: ${error?.message ?? error}`);
    });
  return federation;
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

let federation = null; // the one serving HTTP; RFC 9421 first, like Fedify out of the box
let cavageFederation = null; // same actor and keys, draft-cavage first, used to send only
let origin = null;

httpServer = createServer(async (req, res) => {
  let status = 500;
  try {
    const request = await toRequest(req, origin);
    const path = new URL(request.url).pathname;
    const isInbox = request.method === "POST" && (path === "/inbox" || path.endsWith("/inbox"));
    let post = null;
    if (isInbox) {
      // Check the signature independently of the inbox handler, on an identical copy.
      const scheme = request.headers.has("signature-input")
        ? RFC9421
        : request.headers.has("signature")
          ? CAVAGE
          : "unsigned";
      const result = await verifyRequestDetailed(request.clone(), {
        documentLoader,
        contextLoader: documentLoader,
      });
      let activityId = null;
      let activityType = null;
      try {
        const json = JSON.parse(await request.clone().text());
        activityId = json.id ?? null;
        activityType = json.type ?? null;
      } catch {
        // Not JSON: Fedify's inbox answers it.
      }
      post = {
        path,
        activityId,
        activityType,
        scheme,
        verified: result.verified,
        keyId: result.verified ? result.key.id?.href : result.reason.keyId?.href,
        owner: result.verified ? result.key.ownerId?.href : null,
        reason: result.verified ? null : result.reason.type,
        status: null,
      };
      inboxPosts.push(post);
    }
    const response = await federation.fetch(request, {
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
    if (post != null) inboxWaiter?.();
  } catch (e) {
    console.error(`      peer server error on ${req.method} ${req.url}: ${e?.stack ?? e}`);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("internal error");
  } finally {
    debug(`peer served ${req.method} ${req.url} -> ${status}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Scenario helpers

function newId(kind) {
  return new URL(`/users/${ALICE}/${kind}/${randomUUID()}`, origin);
}

// Sends one activity to the target with the given federation and checks every POST that carried
// it: the last must be 202 and signed with the expected scheme.
async function deliver(fed, label, activity, recipient, expectedScheme) {
  const ctx = fed.createContext(new URL(origin), undefined);
  const id = activity.id.href;
  try {
    await ctx.sendActivity({ identifier: ALICE }, recipient, activity, { immediate: true });
  } catch (e) {
    const attempts = outgoing.filter((r) => r.activityId === id);
    fail(
      `delivery failed: ${e.message.split("\n")[0]}` +
        attempts.map((a) => `\n      attempt [${a.scheme}] -> ${a.status} ${a.body}`).join(""),
    );
  }
  const attempts = outgoing.filter((r) => r.method === "POST" && r.activityId === id);
  if (attempts.length === 0) fail(`no POST was recorded for ${id}`);
  const last = attempts[attempts.length - 1];
  const refused = attempts.slice(0, -1);
  for (const a of refused) {
    detail(`${label}: POST ${a.url} [${a.scheme}] -> ${a.status} ${a.body}`.trimEnd());
  }
  detail(`${label}: POST ${last.url} [${last.scheme}] -> ${last.status}`);
  if (last.status !== ACCEPTED) {
    fail(`Cornerstore answered ${last.status}, expected ${ACCEPTED} ${last.body}`.trimEnd());
  }
  if (last.scheme !== expectedScheme) {
    const why = refused.map((a) => `[${a.scheme}] ${a.status} ${a.body}`.trimEnd()).join("; ");
    fail(`accepted only with ${last.scheme}; ${expectedScheme} was refused: ${why}`);
  }
  return last;
}

// Resolves with the Accept of the Follow once Fedify's inbox listener has seen it and the inbox
// has answered the POST that carried it; rejects on a Reject, or when an Accept or Reject POST
// is refused by the inbox (a signature Fedify could not verify, say).
function waitForAccept(followId) {
  return new Promise((resolve, reject) => {
    const check = () => {
      for (const post of inboxPosts) {
        if (post.status == null || post.status < 400) continue;
        if (post.activityType !== "Accept" && post.activityType !== "Reject") continue;
        inboxWaiter = null;
        reject(
          new StepFailure(
            `Fedify's inbox refused ${post.activityType} ${post.activityId} with ${post.status} ` +
              `(signature [${post.scheme}] keyId ${post.keyId}: ` +
              `${post.verified ? "verified" : `not verified, ${post.reason}`}) ${post.body ?? ""}`,
          ),
        );
        return;
      }
      const entry = received.find((r) => r.object === followId);
      if (entry == null) return;
      const post = inboxPosts.find((p) => p.activityId === entry.id && p.status != null);
      if (post == null) return;
      inboxWaiter = null;
      if (entry.type === "Reject") reject(new StepFailure(`Cornerstore sent Reject ${entry.id}`));
      else resolve({ accept: entry, post });
    };
    inboxWaiter = check;
    check();
  });
}

async function resolveTarget() {
  if (/^https?:\/\//.test(target)) return { actorUrl: new URL(target), handle: null };
  const handle = target.replace(/^acct:/, "").replace(/^@/, "");
  if (!/^[^@\s]+@[^@\s]+$/.test(handle)) fail(`TARGET is neither a handle nor a URL: ${target}`);
  const url = new URL("/.well-known/webfinger", baseUrl);
  url.searchParams.set("resource", `acct:${handle}`);
  const response = await fetch(url, {
    headers: { Accept: "application/jrd+json, application/json" },
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 200) fail(`WebFinger ${url} answered ${response.status}`);
  const jrd = await response.json();
  const self = (jrd.links ?? []).find(
    (l) =>
      l.rel === "self" &&
      (l.type === "application/activity+json" ||
        /^application\/ld\+json;\s*profile="https:\/\/www\.w3\.org\/ns\/activitystreams"$/.test(
          l.type ?? "",
        )),
  );
  if (self?.href == null) fail(`WebFinger ${url}: no self link of an ActivityStreams type`);
  return { actorUrl: new URL(self.href), handle: jrd.subject?.replace(/^acct:/, "") ?? handle };
}

// ---------------------------------------------------------------------------------------------
// The scenario

async function main() {
  currentStep = "starting the peer";
  await new Promise((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(0, "127.0.0.1", resolve);
  });
  origin = `http://127.0.0.1:${httpServer.address().port}`;
  federation = buildFederation(RFC9421);
  cavageFederation = buildFederation(CAVAGE);
  const ctx = federation.createContext(new URL(origin), undefined);
  const aliceUri = ctx.getActorUri(ALICE);
  step(`peer listening on ${origin}, actor ${aliceUri.href} (RSA + Ed25519 keys)`);

  // 1. Find the Cornerstore actor.
  currentStep = "step 1: looking up the target";
  const { actorUrl, handle } = await resolveTarget();
  if (handle != null) step(`webfinger acct:${handle} -> ${actorUrl.href}`);
  const actor = await ctx.lookupObject(actorUrl.href, { documentLoader });
  if (actor == null) fail(`lookupObject(${actorUrl.href}) found nothing (see --verbose)`);
  if (!isActor(actor)) fail(`${actorUrl.href} is not an actor`);
  if (actor.id?.href !== actorUrl.href) fail(`actor id ${actor.id?.href} != ${actorUrl.href}`);
  if (actor.inboxId == null) fail(`actor ${actor.id.href} has no inbox`);
  const mentionName = `@${handle ?? `${actor.preferredUsername}@${actorUrl.host}`}`;
  step(
    `lookupObject ${actor.id.href}: ${actor.constructor.name} "${actor.preferredUsername}", ` +
      `inbox ${actor.inboxId.href}`,
  );

  // 2. Follow, then wait for a verified Accept of that Follow.
  currentStep = "step 2: Follow";
  const follow = new Follow({
    id: newId("follows"),
    actor: aliceUri,
    object: actor.id,
    to: actor.id,
  });
  const accepted = waitForAccept(follow.id.href);
  await deliver(federation, "Follow", follow, actor, RFC9421);
  step(`Follow ${follow.id.href} delivered (202)`);

  currentStep = "step 2: waiting for Accept";
  const { accept, post: acceptPost } = await accepted;
  if (accept.actor !== actor.id.href) {
    fail(`Accept ${accept.id} is by ${accept.actor}, not ${actor.id.href}`);
  }
  if (acceptPost.status !== ACCEPTED) {
    fail(`Fedify's inbox answered ${acceptPost.status} to Accept ${accept.id}, not ${ACCEPTED}`);
  }
  if (!acceptPost.verified) {
    fail(
      `Accept ${accept.id}: signature [${acceptPost.scheme}] did not verify ` +
        `(${acceptPost.reason})`,
    );
  }
  if (acceptPost.owner !== actor.id.href) {
    fail(`Accept signed by key ${acceptPost.keyId} of ${acceptPost.owner}, not ${actor.id.href}`);
  }
  step(
    `Accept ${accept.id} of the Follow arrived at ${acceptPost.path}: signature ` +
      `[${acceptPost.scheme}] keyId ${acceptPost.keyId} verified, ` +
      `inbox answered ${acceptPost.status}`,
  );

  // 3. Create(Note) addressed to the target and mentioning it, a Like, and an Undo of the Like.
  currentStep = "step 3: Create";
  const noteKey = randomUUID();
  const noteUri = ctx.getObjectUri(Note, { identifier: ALICE, id: noteKey });
  const note = new Note({
    id: noteUri,
    attribution: aliceUri,
    to: actor.id,
    cc: PUBLIC_COLLECTION,
    published: Temporal.Now.instant(),
    content:
      `<p><span class="h-card">` +
      `<a href="${actor.url?.href ?? actor.id.href}" class="u-url mention">` +
      `@<span>${actor.preferredUsername}</span></a></span> Hello from Fedify!</p>`,
    tags: [new Mention({ href: actor.id, name: mentionName })],
  });
  notes.set(noteKey, note);
  const create = new Create({
    id: newId("creates"),
    actor: aliceUri,
    object: note,
    to: actor.id,
    cc: PUBLIC_COLLECTION,
    published: note.published,
  });
  await deliver(federation, "Create", create, actor, RFC9421);
  step(
    `Create ${create.id.href} of Note ${noteUri.href} mentioning ${mentionName} delivered (202)`,
  );

  currentStep = "step 3: Like";
  const likeObject = new URL(options.values["like-object"] ?? noteUri.href);
  const like = new Like({ id: newId("likes"), actor: aliceUri, object: likeObject, to: actor.id });
  await deliver(cavageFederation, "Like", like, actor, CAVAGE);
  step(`Like ${like.id.href} of ${likeObject.href} delivered (202)`);

  currentStep = "step 3: Undo";
  const undo = new Undo({ id: newId("undos"), actor: aliceUri, object: like, to: actor.id });
  await deliver(cavageFederation, "Undo", undo, actor, CAVAGE);
  step(`Undo ${undo.id.href} of the Like delivered (202)`);

  // 4. The ids, for the caller to look up in Cornerstore.
  console.log(
    JSON.stringify({
      actor: aliceUri.href,
      target: actor.id.href,
      follow: follow.id.href,
      accept: accept.id,
      create: create.id.href,
      note: noteUri.href,
      like: like.id.href,
      like_object: likeObject.href,
      undo: undo.id.href,
    }),
  );
  step(`scenario passed in ${elapsed()}`);
}

try {
  await main();
  clearTimeout(deadline);
  shutdown(0);
} catch (e) {
  clearTimeout(deadline);
  let reason;
  if (e instanceof StepFailure) reason = e.message;
  else if (verbose) reason = e?.stack ?? String(e);
  else reason = `${e?.message ?? e}${e?.cause ? ` (${e.cause.message ?? e.cause})` : ""}`;
  console.error(`FAIL  ${currentStep}: ${reason}`);
  shutdown(1);
}
