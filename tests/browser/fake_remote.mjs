// A tiny fediverse server for the browser test: one actor (alice) with a real RSA key pair,
// its actor document and WebFinger, and inboxes that record every POST and verify its HTTP
// signature (draft-cavage, rsa-sha256) against the signer's published key. It sends a signed
// Follow to Cornerstore as alice.
import crypto from "node:crypto";
import http from "node:http";

const AS_TYPE = "application/activity+json";

function json(res, status, body, type = AS_TYPE) {
  res.writeHead(status, { "content-type": type });
  res.end(JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function parseSignature(header) {
  const out = {};
  for (const m of header.matchAll(/(\w+)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

// Verifies a draft-cavage signature: the key is fetched from its keyId (the signer's actor).
async function verify(req, body) {
  const header = req.headers["signature"];
  if (!header) return { valid: false, error: "no Signature header" };
  const sig = parseSignature(header);
  const digest = "SHA-256=" + crypto.createHash("sha256").update(body).digest("base64");
  if (req.headers["digest"] && req.headers["digest"] !== digest) {
    return { valid: false, error: "digest mismatch" };
  }
  const lines = (sig.headers || "date").split(" ").map((name) =>
    name === "(request-target)"
      ? `(request-target): ${req.method.toLowerCase()} ${req.url}`
      : `${name}: ${req.headers[name]}`,
  );
  const response = await fetch(sig.keyId, { headers: { accept: AS_TYPE } });
  if (!response.ok) return { valid: false, error: `key fetch: HTTP ${response.status}` };
  const actor = await response.json();
  const pem = actor.publicKey?.publicKeyPem;
  if (!pem) return { valid: false, error: "no publicKeyPem" };
  const ok = crypto.verify(
    "sha256",
    Buffer.from(lines.join("\n")),
    pem,
    Buffer.from(sig.signature, "base64"),
  );
  return { valid: ok, error: ok ? "" : "bad signature", signer: actor.id };
}

export async function startFakeRemote() {
  const { publicKey, privateKey } = crypto.generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const received = [];
  const waiters = [];
  let base = "";
  const actorDoc = () => ({
    "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
    id: `${base}/users/alice`,
    type: "Person",
    preferredUsername: "alice",
    name: "Alice Remote",
    inbox: `${base}/users/alice/inbox`,
    outbox: `${base}/users/alice/outbox`,
    followers: `${base}/users/alice/followers`,
    endpoints: { sharedInbox: `${base}/inbox` },
    publicKey: { id: `${base}/users/alice#main-key`, owner: `${base}/users/alice`, publicKeyPem: publicKey },
  });

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url, base);
      if (req.method === "GET" && url.pathname === "/users/alice") return json(res, 200, actorDoc());
      if (req.method === "GET" && url.pathname === "/.well-known/webfinger") {
        return json(
          res,
          200,
          {
            subject: `acct:alice@${url.host}`,
            links: [{ rel: "self", type: AS_TYPE, href: `${base}/users/alice` }],
          },
          "application/jrd+json",
        );
      }
      if (req.method === "POST" && (url.pathname === "/inbox" || url.pathname === "/users/alice/inbox")) {
        const body = await readBody(req);
        const check = await verify(req, body);
        const entry = { path: url.pathname, activity: JSON.parse(body), ...check };
        received.push(entry);
        for (const w of [...waiters]) w();
        res.writeHead(202);
        return res.end();
      }
      res.writeHead(404);
      res.end();
    } catch (e) {
      res.writeHead(500);
      res.end(String(e));
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;

  // Waits until a received activity satisfies `pred` (rejects after `ms`).
  function waitFor(pred, ms = 30000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = received.find(pred);
        if (!hit) return false;
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(check), 1);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(check), 1);
        reject(new Error("timed out waiting for an activity; received: " +
          JSON.stringify(received.map((r) => r.activity.type))));
      }, ms);
      waiters.push(check);
      check();
    });
  }

  // POSTs `activity` to `inboxUrl`, signed as alice.
  async function send(inboxUrl, activity) {
    const target = new URL(inboxUrl);
    const body = JSON.stringify(activity);
    const date = new Date().toUTCString();
    const digest = "SHA-256=" + crypto.createHash("sha256").update(body).digest("base64");
    const signed = [
      `(request-target): post ${target.pathname}`,
      `host: ${target.host}`,
      `date: ${date}`,
      `digest: ${digest}`,
    ].join("\n");
    const signature = crypto.sign("sha256", Buffer.from(signed), privateKey).toString("base64");
    const response = await fetch(inboxUrl, {
      method: "POST",
      headers: {
        date,
        digest,
        "content-type": AS_TYPE,
        signature: `keyId="${base}/users/alice#main-key",algorithm="rsa-sha256",` +
          `headers="(request-target) host date digest",signature="${signature}"`,
      },
      body,
    });
    return response.status;
  }

  return {
    base,
    actorId: `${base}/users/alice`,
    received,
    waitFor,
    async follow(targetActor, inboxUrl) {
      const activity = {
        "@context": "https://www.w3.org/ns/activitystreams",
        id: `${base}/follows/${crypto.randomUUID()}`,
        type: "Follow",
        actor: `${base}/users/alice`,
        object: targetActor,
      };
      return { activity, status: await send(inboxUrl, activity) };
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
