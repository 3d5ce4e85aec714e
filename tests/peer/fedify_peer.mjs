#!/usr/bin/env node
// A real, independent ActivityPub peer for Cornerstore's interoperability test, built on Fedify
// (the npm package, version pinned in package-lock.json).
//
// It serves two actors on http://127.0.0.1:<free port>: "alice" (personal inbox, shared inbox
// /inbox) and "bob" (personal inbox only, no endpoints, so whatever reaches him is told apart
// from alice's deliveries by its path). Against a running Cornerstore it:
//   1. resolves the target account (WebFinger on the Cornerstore base URL, then Fedify's
//      lookupObject on the actor URL);
//   2. alice sends Follow and waits for an Accept of that Follow whose HTTP signature verified,
//      both in Fedify's inbox and by an explicit verifyRequest on the same request;
//   3. alice sends Create(Note) addressed to and mentioning the target, a Like, and an Undo of
//      the Like; every POST must be answered 202. Follow and Create are sent the way Fedify sends
//      by default (RFC 9421 first, draft-cavage on 4xx: "double-knocking"); Like and Undo knock
//      with draft-cavage first. The scheme each POST was accepted with is checked, so both
//      schemes are exercised;
//   4. prints one JSON line with the ids it used.
// With --cornerstore and --config (the binary and the running server's config file), it then
// makes the target publish through that CLI and checks, in Fedify's inbox listeners, what
// arrives (all of it must come with a signature Fedify verified):
//   5. bob follows and unfollows (Undo), and the CLI's `followers` must list alice but not bob;
//   6. `post` public → Create(Note) to as:Public, cc the followers collection; `post
//      --visibility followers` → Create(Note) to the followers collection only, one POST to
//      alice's shared inbox and none to bob;
//   7. `boost` and `like` of a Note alice serves but never sent (Cornerstore must fetch it) →
//      Announce and Like; `post edit` → Update(Note) with `updated`; `post pin` → Add to
//      featured; `unboost`, `unlike` → Undo(Announce), Undo(Like);
//   8. reads the outbox unsigned (totalItems counts the public post only, the first page holds
//      its Create and not the followers-only one) and signed by alice (a follower: both), and
//      the featured collection (the pinned Note embedded, edited);
//   9. `post delete` → Delete(Tombstone); the outbox and featured no longer show the post;
//  10. every inbox POST verified and answered 202, and bob's inbox got nothing after his Undo.
// Steps 1-4 print "ok" lines and stop at the first failure; steps 5-10 print one PASS or FAIL
// line per check and go on after a failure (a check whose input is missing fails as skipped).
// Exit 0 when everything passed, 1 on a failure (a fatal one's reason on stderr, "FAIL ..."),
// 2 on bad usage, 3 when the overall deadline passes.
//
// Usage: node fedify_peer.mjs [--timeout SECONDS] [--like-object URL] [--verbose]
//                             [--cornerstore BINARY --config FILE] BASE_URL TARGET
//   BASE_URL  Cornerstore's base URL, e.g. http://127.0.0.1:8080
//   TARGET    the account: shop@localhost, @shop@localhost, acct:shop@localhost or its actor URL.
//             A handle is resolved with WebFinger on BASE_URL (the test's handle domain has no
//             server of its own).
import { AsyncLocalStorage } from "node:async_hooks";
import { execFile } from "node:child_process";
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
  Add,
  Announce,
  Create,
  Delete,
  Endpoints,
  Follow,
  isActor,
  Like,
  Mention,
  Note,
  OrderedCollection,
  Person,
  PUBLIC_COLLECTION,
  Reject,
  Remove,
  Tombstone,
  Undo,
  Update,
} from "@fedify/vocab";
import { Temporal } from "@js-temporal/polyfill";
import { configure, getConsoleSink } from "@logtape/logtape";

const USAGE =
  "usage: node fedify_peer.mjs [--timeout SECONDS] [--like-object URL] [--verbose]\n" +
  "                            [--cornerstore BINARY --config FILE] BASE_URL TARGET";
const ALICE = "alice";
// The actor that follows and unfollows: nothing the target publishes afterwards may reach him.
const BOB = "bob";
const CAVAGE = "draft-cavage-http-signatures-12";
const RFC9421 = "rfc9421";
// Fedify's inbox answers 202 to an activity it verified and dispatched.
const ACCEPTED = 202;
// How long one expected delivery may take: Cornerstore's delivery workers poll their queue every
// 2 s (the CLI only enqueues), so a healthy delivery lands within about 3 s.
const DELIVERY_WAIT_MS = 15_000;
// How long one CLI command may run (a boost or like fetches the post first).
const CLI_TIMEOUT_MS = 20_000;
// Poll interval when waiting for Cornerstore's state through the CLI.
const CLI_POLL_MS = 300;

// ---------------------------------------------------------------------------------------------
// Command line

let options;
try {
  options = parseArgs({
    allowPositionals: true,
    options: {
      timeout: { type: "string", default: "60" },
      "like-object": { type: "string" },
      cornerstore: { type: "string" },
      config: { type: "string" },
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
const cornerstoreBinary = options.values.cornerstore ?? null;
const cornerstoreConfig = options.values.config ?? null;
if ((cornerstoreBinary == null) !== (cornerstoreConfig == null)) {
  console.error(`--cornerstore and --config go together\n${USAGE}`);
  process.exit(2);
}

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
function describeError(e) {
  if (e instanceof StepFailure) return e.message;
  if (verbose) return e?.stack ?? String(e);
  return `${e?.message ?? e}${e?.cause ? ` (${e.cause.message ?? e.cause})` : ""}`;
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
// The actors: keys, notes, and the federation(s) serving them

currentStep = "generating keys";
const keyPairs = new Map([
  [
    ALICE,
    [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5"), await generateCryptoKeyPair("Ed25519")],
  ],
  [BOB, [await generateCryptoKeyPair("RSASSA-PKCS1-v1_5")]],
]);
const notes = new Map(); // alice's notes: id (path segment) -> Note

// What Fedify's inbox listeners saw: { type, id, actor, objectId, recipient (the identifier for
// a personal inbox, null for the shared one), activity, object (the embedded object of a Create,
// Update, Delete or Undo, parsed by Fedify) }.
const received = [];
// Every inbox POST, seen by the HTTP adapter: { path, activityId, activityType, json, scheme,
// verified, keyId, owner, reason, status, body }.
const inboxPosts = [];
// GETs of alice's notes (Cornerstore fetching one to boost or like it): { path, scheme,
// verified, keyId, reason, status }.
const noteFetches = [];
// Called after each inbox POST has been answered (see waitFor).
const inboxWaiters = new Set();

const documentLoader = getDocumentLoader({ allowPrivateAddress: true });

// Activity types whose object Cornerstore embeds: the listener parses it with Fedify.
const EMBEDDING = new Set(["Create", "Update", "Delete", "Undo"]);

function recorder(type) {
  return async (ctx, activity) => {
    let object = null;
    if (EMBEDDING.has(type)) {
      try {
        object = await activity.getObject({ documentLoader, contextLoader: documentLoader });
      } catch (e) {
        console.error(`      inbox: ${type} ${activity.id?.href}: object unreadable: ${e.message}`);
      }
    }
    received.push({
      type,
      id: activity.id?.href ?? null,
      actor: activity.actorId?.href ?? null,
      objectId: activity.objectId?.href ?? null,
      recipient: ctx.recipient,
      activity,
      object,
    });
  };
}

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
      if (!keyPairs.has(identifier)) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      const isAlice = identifier === ALICE;
      return new Person({
        id: ctx.getActorUri(identifier),
        preferredUsername: identifier,
        name: isAlice ? "Alice (Fedify peer)" : "Bob (Fedify peer)",
        summary: "<p>The Fedify side of Cornerstore's interoperability test.</p>",
        url: ctx.getActorUri(identifier),
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        following: ctx.getFollowingUri(identifier),
        // Bob has no shared inbox: a delivery meant for him can only come to his own path.
        endpoints: isAlice ? new Endpoints({ sharedInbox: ctx.getInboxUri() }) : null,
        manuallyApprovesFollowers: false,
        publicKey: keys[0].cryptographicKey,
        assertionMethods: keys.map((k) => k.multikey),
      });
    })
    .setKeyPairsDispatcher(async (_ctx, identifier) => keyPairs.get(identifier) ?? []);

  federation.setFollowersDispatcher("/users/{identifier}/followers", async () => ({ items: [] }));
  federation.setFollowingDispatcher("/users/{identifier}/following", async () => ({ items: [] }));
  federation.setOutboxDispatcher("/users/{identifier}/outbox", async () => ({ items: [] }));
  federation.setObjectDispatcher(Note, "/users/{identifier}/notes/{id}", async (_ctx, values) =>
    values.identifier === ALICE ? (notes.get(values.id) ?? null) : null,
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
    listeners.on(cls, recorder(type));
  }
  listeners.onError(async (_ctx, error) => {
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

function signatureScheme(request) {
  if (request.headers.has("signature-input")) return RFC9421;
  return request.headers.has("signature") ? CAVAGE : "unsigned";
}

let federation = null; // the one serving HTTP; RFC 9421 first, like Fedify out of the box
let cavageFederation = null; // same actors and keys, draft-cavage first, used to send only
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
      const scheme = signatureScheme(request);
      const result = await verifyRequestDetailed(request.clone(), {
        documentLoader,
        contextLoader: documentLoader,
      });
      let json = null;
      try {
        json = JSON.parse(await request.clone().text());
      } catch {
        // Not JSON: Fedify's inbox answers it.
      }
      post = {
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
      };
      inboxPosts.push(post);
    }
    let fetchRecord = null;
    if (request.method === "GET" && path.startsWith(`/users/${ALICE}/notes/`)) {
      const result = await verifyRequestDetailed(request.clone(), {
        documentLoader,
        contextLoader: documentLoader,
      });
      fetchRecord = {
        path,
        scheme: signatureScheme(request),
        verified: result.verified,
        keyId: result.verified ? result.key.id?.href : result.reason.keyId?.href,
        reason: result.verified ? null : result.reason.type,
        status: null,
      };
      noteFetches.push(fetchRecord);
    }
    const response = await federation.fetch(request, {
      contextData: undefined,
      onNotFound: () => new Response("Not found", { status: 404 }),
      onNotAcceptable: () => new Response("Not acceptable", { status: 406 }),
    });
    status = response.status;
    if (fetchRecord != null) fetchRecord.status = status;
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
    if (post != null) for (const waiter of [...inboxWaiters]) waiter();
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

function newId(identifier, kind) {
  return new URL(`/users/${identifier}/${kind}/${randomUUID()}`, origin);
}

function describePost(post) {
  return (
    `${post.activityType} ${post.activityId} at ${post.path}: ${post.status} ` +
    `(signature [${post.scheme}] keyId ${post.keyId}: ` +
    `${post.verified ? "verified" : `not verified, ${post.reason}`}) ${post.body ?? ""}`
  ).trimEnd();
}

// Sends one activity from `identifier` to the recipient with the given federation and checks
// every POST that carried it: the last must be 202 and signed with the expected scheme.
async function deliver(fed, identifier, label, activity, recipient, expectedScheme) {
  const ctx = fed.createContext(new URL(origin), undefined);
  const id = activity.id.href;
  try {
    await ctx.sendActivity({ identifier }, recipient, activity, { immediate: true });
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

// Resolves with find()'s first truthy answer, asked now and after every answered inbox POST;
// rejects after `ms`, listing the inbox POSTs Fedify refused (a signature it could not verify,
// a shape it rejected) since they are the likely reason.
function waitFor(label, find, ms = DELIVERY_WAIT_MS) {
  return new Promise((resolve, reject) => {
    const done = () => {
      inboxWaiters.delete(check);
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
      const refused = inboxPosts.filter((p) => p.status != null && p.status >= 400);
      reject(
        new StepFailure(
          `${label}: nothing within ${ms / 1000} s` +
            refused.map((p) => `\n      refused: ${describePost(p)}`).join(""),
        ),
      );
    }, ms);
    inboxWaiters.add(check);
    check();
  });
}

// The activity of `type` that Fedify's inbox listener saw and matches `match`, once the POST
// that carried it has been answered: { entry, post }. A POST of that type refused after the
// call fails the wait at once.
function arrival(type, match) {
  const since = inboxPosts.length;
  return () => {
    for (const post of inboxPosts.slice(since)) {
      if (post.activityType === type && post.status != null && post.status >= 400) {
        fail(`Fedify's inbox refused ${describePost(post)}`);
      }
    }
    const entry = received.find((r) => r.type === type && match(r));
    if (entry == null) return null;
    const post = inboxPosts.find((p) => p.activityId === entry.id && p.status != null);
    return post == null ? null : { entry, post };
  };
}

// Checks that an arrival came signed by the target's key and was accepted; returns a summary.
function signedByTarget({ entry, post }, targetId) {
  if (entry.actor !== targetId) fail(`${entry.type} ${entry.id} is by ${entry.actor}`);
  if (post.status !== ACCEPTED) fail(`Fedify's inbox answered ${describePost(post)}`);
  if (!post.verified) fail(`signature did not verify: ${describePost(post)}`);
  if (post.owner !== targetId) {
    fail(`${entry.type} signed by key ${post.keyId} of ${post.owner}, not ${targetId}`);
  }
  return `at ${post.path}, [${post.scheme}] signature verified`;
}

// Resolves with the Accept of the Follow once Fedify's inbox listener has seen it and the inbox
// has answered the POST that carried it; rejects on a Reject, or when an Accept or Reject POST
// is refused by the inbox.
async function waitForAccept(followId) {
  const find = () => {
    for (const type of ["Accept", "Reject"]) {
      const found = arrival(type, (r) => r.objectId === followId)();
      if (found == null) continue;
      if (type === "Reject") fail(`Cornerstore sent Reject ${found.entry.id}`);
      return { accept: found.entry, post: found.post };
    }
    return null;
  };
  return await waitFor(`Accept of ${followId}`, find);
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
// Driving the target through Cornerstore's CLI (steps 5-10)

const results = { passed: 0, failed: 0 };

// Runs one check: a PASS line with the summary it returns, or a FAIL line with the reason. The
// scenario goes on either way.
async function check(label, body) {
  currentStep = label;
  try {
    const summary = await body();
    results.passed++;
    console.log(`PASS  ${label}${summary ? `: ${summary}` : ""}`);
    return true;
  } catch (e) {
    results.failed++;
    console.log(`FAIL  ${label}: ${describeError(e)}`);
    return false;
  }
}

// What a check needs from an earlier one.
function need(value, what) {
  if (value == null) fail(`skipped: ${what} is missing (an earlier check failed)`);
  return value;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function shellWords(args) {
  return args.map((a) => (/^[\w@:/.#=-]+$/.test(a) ? a : JSON.stringify(a))).join(" ");
}

// Runs `cornerstore --config FILE ARGS...` against the running server's config; resolves with
// its stdout, fails with its last lines of output on a non-zero exit.
function cornerstore(...args) {
  return new Promise((resolve, reject) => {
    execFile(
      cornerstoreBinary,
      ["--config", cornerstoreConfig, ...args],
      { timeout: CLI_TIMEOUT_MS },
      (error, stdout, stderr) => {
        debug(`cornerstore ${shellWords(args)} -> ${error ? `exit ${error.code}` : "0"}`);
        debug(`  ${`${stdout}${stderr}`.trim().replaceAll("\n", "\n  ")}`);
        if (error == null) {
          resolve(stdout);
          return;
        }
        const output = `${stderr}${stdout}`.trim().split("\n").slice(-3).join(" / ");
        reject(
          new StepFailure(
            `cornerstore ${shellWords(args)} exited ${error.code ?? error.signal}: ${output}`,
          ),
        );
      },
    );
  });
}

// `post` prints "Posted URI (id N, VISIBILITY)" and then how many inboxes it queued for.
function parsePosted(stdout) {
  const m = /^Posted (\S+) \(id (\d+), (\w+)\)/m.exec(stdout);
  if (m == null) fail(`unexpected output of post: ${stdout.trim()}`);
  return { uri: m[1], id: m[2], visibility: m[3], output: stdout.trim().replaceAll("\n", " ") };
}

const hrefs = (urls) => urls.map((u) => u.href);
const text = (object) => String(object?.content ?? "");

// Reads one of the target's collections with Fedify (lookupObject, then the first page when it
// has one) and returns { collection, items } with the items Fedify parsed.
async function readCollection(ctx, url, loader) {
  const collection = await ctx.lookupObject(url, {
    documentLoader: loader,
    contextLoader: documentLoader,
  });
  if (!(collection instanceof OrderedCollection)) {
    fail(`${url} is ${collection?.constructor?.name ?? "nothing"}, not an OrderedCollection`);
  }
  let holder = collection;
  if (collection.firstId != null) {
    holder = await collection.getFirst({ documentLoader: loader, contextLoader: documentLoader });
    if (holder == null) fail(`the first page of ${url} (${collection.firstId.href}) is missing`);
  }
  const items = [];
  for await (const item of holder.getItems({
    documentLoader: loader,
    contextLoader: documentLoader,
  })) {
    items.push(item);
  }
  return { collection, items };
}

async function publishingChecks(ctx, actor) {
  const targetId = actor.id.href;
  const account = actor.preferredUsername;
  const followersId = actor.followersId?.href ?? null;
  const aliceUri = ctx.getActorUri(ALICE);
  const bobUri = ctx.getActorUri(BOB);
  const bobInboxPath = ctx.getInboxUri(BOB).pathname;
  const sharedInboxPath = ctx.getInboxUri().pathname;
  const publicId = PUBLIC_COLLECTION.href;
  const tag = randomUUID().slice(0, 8);
  const state = {};
  console.log("== publishing through the CLI");

  // 5. Bob follows and unfollows: from then on he is no follower, and must hear nothing.
  await check(
    "bob follows, is accepted and unfollows; `followers` lists alice, not bob",
    async () => {
      const follow = new Follow({
        id: newId(BOB, "follows"),
        actor: bobUri,
        object: actor.id,
        to: actor.id,
      });
      const accepted = waitForAccept(follow.id.href);
      await deliver(federation, BOB, "bob's Follow", follow, actor, RFC9421);
      const { accept, post } = await accepted;
      signedByTarget({ entry: accept, post }, targetId);
      if (post.path !== bobInboxPath)
        fail(`bob's Accept came to ${post.path}, not ${bobInboxPath}`);
      const undo = new Undo({
        id: newId(BOB, "undos"),
        actor: bobUri,
        object: follow,
        to: actor.id,
      });
      await deliver(federation, BOB, "bob's Undo", undo, actor, RFC9421);
      state.bobQuietFrom = inboxPosts.length;
      const end = Date.now() + DELIVERY_WAIT_MS;
      for (;;) {
        // "N followers", then one line per follower: "  @user@host  ACTOR_URI  (since …)".
        const listed = new Set((await cornerstore("followers", account)).split(/\s+/));
        if (listed.has(aliceUri.href) && !listed.has(bobUri.href)) break;
        if (Date.now() > end) {
          const said = [...listed].join(" ");
          fail(`after ${DELIVERY_WAIT_MS / 1000} s, \`followers ${account}\` says: ${said}`);
        }
        await sleep(CLI_POLL_MS);
      }
      return `Accept at ${post.path}, Undo(Follow) processed`;
    },
  );

  // A public Note of alice's that she serves but never sent: Cornerstore must fetch it to
  // boost or like it.
  const boostKey = randomUUID();
  const boostNote = new Note({
    id: ctx.getObjectUri(Note, { identifier: ALICE, id: boostKey }),
    attribution: aliceUri,
    to: PUBLIC_COLLECTION,
    cc: ctx.getFollowersUri(ALICE),
    published: Temporal.Now.instant(),
    content: `<p>A note of alice's for the shop to boost and like (${tag}).</p>`,
  });
  notes.set(boostKey, boostNote);
  const boostUrl = boostNote.id.href;

  // 6-7, first batch: everything the CLI enqueues goes out on the workers' next poll.
  const publicText = `Public post from the interoperability test (${tag})`;
  const followersText = `Followers-only post from the interoperability test (${tag})`;
  await check(`cornerstore post ${account} TEXT`, async () => {
    state.public = parsePosted(await cornerstore("post", account, publicText));
    if (state.public.visibility !== "public") fail(`posted as ${state.public.visibility}`);
    return state.public.output;
  });
  await check(`cornerstore post ${account} TEXT --visibility followers`, async () => {
    state.followers = parsePosted(
      await cornerstore("post", account, followersText, "--visibility", "followers"),
    );
    if (state.followers.visibility !== "followers") fail(`posted as ${state.followers.visibility}`);
    return state.followers.output;
  });
  await check(
    `cornerstore boost ${account} URL (alice's note, fetched by Cornerstore)`,
    async () => {
      const out = await cornerstore("boost", account, boostUrl);
      state.boosted = true;
      const fetched = noteFetches.find((f) => f.path === boostNote.id.pathname);
      if (fetched == null) fail(`Cornerstore never fetched ${boostUrl}`);
      if (!fetched.verified) {
        fail(
          `its GET of the note was not signed verifiably ([${fetched.scheme}] ${fetched.reason})`,
        );
      }
      return `${out.trim()}; GET of the note signed [${fetched.scheme}] by ${fetched.keyId}`;
    },
  );
  await check(`cornerstore like ${account} URL`, async () => {
    const out = await cornerstore("like", account, boostUrl);
    state.liked = true;
    return out.trim();
  });

  await check(
    "alice receives the public post: Create(Note) to as:Public, cc followers",
    async () => {
      const posted = need(state.public, "the public post");
      const got = await waitFor(
        `Create of ${posted.uri}`,
        arrival("Create", (r) => r.object?.id?.href === posted.uri),
      );
      const where = signedByTarget(got, targetId);
      const { activity, object } = got.entry;
      if (!(object instanceof Note)) fail(`the object is ${object?.constructor?.name}, not Note`);
      if (object.attributionId?.href !== targetId) {
        fail(`the Note is attributed to ${object.attributionId?.href}`);
      }
      if (!text(object).includes(publicText)) fail(`content ${JSON.stringify(text(object))}`);
      for (const [what, doc] of [
        ["Create", activity],
        ["Note", object],
      ]) {
        if (!hrefs(doc.toIds).includes(publicId)) fail(`${what} to ${hrefs(doc.toIds)}`);
        if (!hrefs(doc.ccIds).includes(followersId)) {
          fail(`${what} cc ${hrefs(doc.ccIds)}, not the followers ${followersId}`);
        }
      }
      return `${got.entry.id} ${where}`;
    },
  );

  await check(
    "alice receives the followers-only post (to followers only, bob not addressed)",
    async () => {
      const posted = need(state.followers, "the followers-only post");
      const got = await waitFor(
        `Create of ${posted.uri}`,
        arrival("Create", (r) => r.object?.id?.href === posted.uri),
      );
      const where = signedByTarget(got, targetId);
      const { activity, object } = got.entry;
      if (!(object instanceof Note)) fail(`the object is ${object?.constructor?.name}, not Note`);
      if (!text(object).includes(followersText)) fail(`content ${JSON.stringify(text(object))}`);
      for (const [what, doc] of [
        ["Create", activity],
        ["Note", object],
      ]) {
        const to = hrefs(doc.toIds);
        const cc = hrefs(doc.ccIds);
        if (to.length !== 1 || to[0] !== followersId)
          fail(`${what} to ${to}, not [${followersId}]`);
        if (cc.length !== 0) fail(`${what} cc ${cc}, expected none`);
        if ([...to, ...cc].includes(bobUri.href)) fail(`${what} addresses bob`);
      }
      const posts = inboxPosts.filter((p) => p.activityId === got.entry.id);
      if (posts.length !== 1 || posts[0].path !== sharedInboxPath) {
        fail(
          `delivered ${posts.length} times: ${posts.map((p) => p.path)} (expected once, shared)`,
        );
      }
      return `${got.entry.id} ${where}, once`;
    },
  );

  await check("alice receives the boost: Announce of her note", async () => {
    need(state.boosted, "the boost");
    const got = await waitFor(
      `Announce of ${boostUrl}`,
      arrival("Announce", (r) => r.objectId === boostUrl),
    );
    const where = signedByTarget(got, targetId);
    const { activity } = got.entry;
    if (!hrefs(activity.toIds).includes(publicId)) fail(`to ${hrefs(activity.toIds)}`);
    if (!hrefs(activity.ccIds).includes(aliceUri.href)) {
      fail(`cc ${hrefs(activity.ccIds)} does not name the author ${aliceUri.href}`);
    }
    state.announce = got.entry.id;
    return `${got.entry.id} ${where}`;
  });

  await check("alice receives the like: Like of her note at her personal inbox", async () => {
    need(state.liked, "the like");
    const got = await waitFor(
      `Like of ${boostUrl}`,
      arrival("Like", (r) => r.objectId === boostUrl),
    );
    const where = signedByTarget(got, targetId);
    if (got.entry.recipient !== ALICE) fail(`it came to ${got.post.path}, a shared inbox`);
    state.like = got.entry.id;
    return `${got.entry.id} ${where}`;
  });

  // 7-9, second batch: edit, pin, unboost, unlike.
  const editedText = `Edited public post from the interoperability test (${tag})`;
  await check(`cornerstore post edit ${account} ID TEXT`, async () => {
    const posted = need(state.public, "the public post");
    const out = await cornerstore("post", "edit", account, posted.id, editedText);
    state.edited = true;
    return out.trim();
  });
  await check(`cornerstore post pin ${account} ID`, async () => {
    const posted = need(state.public, "the public post");
    const out = await cornerstore("post", "pin", account, posted.id);
    state.pinned = true;
    return out.trim();
  });
  await check(`cornerstore unboost ${account} URL`, async () => {
    need(state.announce, "the boost");
    const out = await cornerstore("unboost", account, boostUrl);
    state.unboosted = true;
    return out.trim();
  });
  await check(`cornerstore unlike ${account} URL`, async () => {
    need(state.like, "the like");
    const out = await cornerstore("unlike", account, boostUrl);
    state.unliked = true;
    return out.trim();
  });

  await check("alice receives the edit: Update(Note) with `updated` and the new text", async () => {
    const posted = need(state.edited && state.public, "the edit");
    const got = await waitFor(
      `Update of ${posted.uri}`,
      arrival("Update", (r) => r.object?.id?.href === posted.uri),
    );
    const where = signedByTarget(got, targetId);
    const { object } = got.entry;
    if (!(object instanceof Note)) fail(`the object is ${object?.constructor?.name}, not Note`);
    if (object.updated == null) fail("the Note has no `updated`");
    if (object.published == null) fail("the Note has no `published`");
    if (Temporal.Instant.compare(object.updated, object.published) < 0) {
      fail(`updated ${object.updated} is before published ${object.published}`);
    }
    if (!text(object).includes(editedText)) fail(`content ${JSON.stringify(text(object))}`);
    return `${got.entry.id} (updated ${object.updated}) ${where}`;
  });

  await check("alice receives the pin: Add of the post to the featured collection", async () => {
    const posted = need(state.pinned && state.public, "the pin");
    const got = await waitFor(
      `Add of ${posted.uri}`,
      arrival("Add", (r) => r.objectId === posted.uri),
    );
    const where = signedByTarget(got, targetId);
    const featured = actor.featuredId?.href ?? null;
    if (featured == null) fail(`the actor ${targetId} has no featured collection`);
    if (got.entry.activity.targetId?.href !== featured) {
      fail(`target ${got.entry.activity.targetId?.href}, not ${featured}`);
    }
    return `${got.entry.id} ${where}`;
  });

  for (const [what, flag, id, type, cls, personal] of [
    ["unboost", "unboosted", "announce", "Announce", Announce, false],
    ["unlike", "unliked", "like", "Like", Like, true],
  ]) {
    await check(`alice receives the ${what}: Undo(${type})`, async () => {
      need(state[flag] && state[id], `the ${what}`);
      const got = await waitFor(
        `Undo of ${state[id]}`,
        arrival("Undo", (r) => r.objectId === state[id]),
      );
      const where = signedByTarget(got, targetId);
      const inner = got.entry.object;
      if (!(inner instanceof cls)) fail(`undoes ${inner?.constructor?.name ?? "nothing readable"}`);
      if (inner.objectId?.href !== boostUrl) fail(`undoes a ${type} of ${inner.objectId?.href}`);
      if (personal && got.entry.recipient !== ALICE) fail(`came to ${got.post.path}`);
      return `${got.entry.id} ${where}`;
    });
  }

  // 8. Reading the collections (the public post is still there, edited and pinned).
  await check("unsigned outbox: totalItems 1, first page has the public Create only", async () => {
    const pub = need(state.public, "the public post");
    const priv = need(state.followers, "the followers-only post");
    const url = need(actor.outboxId?.href, "the actor's outbox");
    const { collection, items } = await readCollection(ctx, url, documentLoader);
    const objects = items.map((i) => (i instanceof Create ? i.objectId?.href : `${i.id?.href}?`));
    if (collection.totalItems !== 1) fail(`totalItems ${collection.totalItems}, expected 1`);
    if (!objects.includes(pub.uri)) fail(`first page has ${objects}, not ${pub.uri}`);
    if (objects.includes(priv.uri)) fail(`first page shows the followers-only ${priv.uri}`);
    return `${url}: ${items.length} item(s)`;
  });
  await check("outbox signed by alice (a follower): totalItems 2, both posts", async () => {
    const pub = need(state.public, "the public post");
    const priv = need(state.followers, "the followers-only post");
    const url = need(actor.outboxId?.href, "the actor's outbox");
    const signedLoader = await ctx.getDocumentLoader({ identifier: ALICE });
    const { collection, items } = await readCollection(ctx, url, signedLoader);
    const objects = items.map((i) => (i instanceof Create ? i.objectId?.href : `${i.id?.href}?`));
    if (collection.totalItems !== 2) fail(`totalItems ${collection.totalItems}, expected 2`);
    for (const uri of [pub.uri, priv.uri]) {
      if (!objects.includes(uri)) fail(`first page has ${objects}, not ${uri}`);
    }
    return `${items.length} item(s)`;
  });
  await check("featured: the pinned Note embedded, with the edited text", async () => {
    const pub = need(state.pinned && state.public, "the pinned post");
    const url = need(actor.featuredId?.href, "the actor's featured collection");
    const { collection, items } = await readCollection(ctx, url, documentLoader);
    if (collection.totalItems !== 1) fail(`totalItems ${collection.totalItems}, expected 1`);
    const note = items.find((i) => i.id?.href === pub.uri);
    if (!(note instanceof Note)) fail(`no Note ${pub.uri} among ${items.map((i) => i.id?.href)}`);
    if (!text(note).includes(editedText)) fail(`content ${JSON.stringify(text(note))}`);
    return `${url}: ${items.length} item(s)`;
  });

  // 9. Deleting the public post.
  await check(`cornerstore post delete ${account} ID`, async () => {
    const posted = need(state.public, "the public post");
    const out = await cornerstore("post", "delete", account, posted.id);
    state.deleted = true;
    return out.trim();
  });
  await check("alice receives the deletion: Delete(Tombstone) of the public post", async () => {
    const posted = need(state.deleted && state.public, "the deletion");
    const got = await waitFor(
      `Delete of ${posted.uri}`,
      arrival("Delete", (r) => r.objectId === posted.uri),
    );
    const where = signedByTarget(got, targetId);
    const { object } = got.entry;
    if (!(object instanceof Tombstone)) {
      fail(`the object is ${object?.constructor?.name ?? "unreadable"}, not Tombstone`);
    }
    return `${got.entry.id} ${where}`;
  });
  await check("after the deletion: the unsigned outbox and featured are empty", async () => {
    need(state.deleted, "the deletion");
    const outbox = await readCollection(ctx, need(actor.outboxId?.href, "outbox"), documentLoader);
    const featured = await readCollection(
      ctx,
      need(actor.featuredId?.href, "featured"),
      documentLoader,
    );
    for (const [name, { collection, items }] of [
      ["outbox", outbox],
      ["featured", featured],
    ]) {
      if (collection.totalItems !== 0 || items.length !== 0) {
        fail(`${name} has totalItems ${collection.totalItems}, ${items.length} item(s)`);
      }
    }
  });

  // 10. What must not have happened.
  await check("bob's inbox received nothing after his Undo(Follow)", async () => {
    const from = need(state.bobQuietFrom, "bob's unfollow");
    const leaked = inboxPosts.slice(from).filter((p) => p.path === bobInboxPath);
    if (leaked.length > 0) fail(leaked.map(describePost).join("; "));
    if (received.some((r) => r.recipient === BOB && r.type !== "Accept")) {
      fail("a listener saw an activity for bob other than his Accept");
    }
  });
  await check("every inbox POST was signed, verified by Fedify and answered 202", async () => {
    const bad = inboxPosts.filter((p) => !p.verified || p.status !== ACCEPTED);
    if (bad.length > 0) fail(bad.map(describePost).join("; "));
    return `${inboxPosts.length} POSTs`;
  });
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
  step(
    `peer listening on ${origin}, actors ${aliceUri.href} (RSA + Ed25519 keys) and ` +
      `${ctx.getActorUri(BOB).href} (RSA key, no shared inbox)`,
  );

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
    id: newId(ALICE, "follows"),
    actor: aliceUri,
    object: actor.id,
    to: actor.id,
  });
  const accepted = waitForAccept(follow.id.href);
  await deliver(federation, ALICE, "Follow", follow, actor, RFC9421);
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
    id: newId(ALICE, "creates"),
    actor: aliceUri,
    object: note,
    to: actor.id,
    cc: PUBLIC_COLLECTION,
    published: note.published,
  });
  await deliver(federation, ALICE, "Create", create, actor, RFC9421);
  step(
    `Create ${create.id.href} of Note ${noteUri.href} mentioning ${mentionName} delivered (202)`,
  );

  currentStep = "step 3: Like";
  const likeObject = new URL(options.values["like-object"] ?? noteUri.href);
  const like = new Like({
    id: newId(ALICE, "likes"),
    actor: aliceUri,
    object: likeObject,
    to: actor.id,
  });
  await deliver(cavageFederation, ALICE, "Like", like, actor, CAVAGE);
  step(`Like ${like.id.href} of ${likeObject.href} delivered (202)`);

  currentStep = "step 3: Undo";
  const undo = new Undo({ id: newId(ALICE, "undos"), actor: aliceUri, object: like, to: actor.id });
  await deliver(cavageFederation, ALICE, "Undo", undo, actor, CAVAGE);
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
  console.log(
    `PASS  Fedify peer: Follow → verified Accept, Create (mention), Like, Undo: all 202 ` +
      `(${elapsed()})`,
  );

  // 5-10. The target publishes through its CLI; alice (and bob) watch their inboxes.
  if (cornerstoreBinary != null) {
    await publishingChecks(ctx, actor);
    step(`${results.passed} publishing checks passed, ${results.failed} failed in ${elapsed()}`);
  }
}

try {
  await main();
  clearTimeout(deadline);
  shutdown(results.failed > 0 ? 1 : 0);
} catch (e) {
  clearTimeout(deadline);
  console.error(`FAIL  ${currentStep}: ${describeError(e)}`);
  shutdown(1);
}
