// Browser acceptance test of the owner's dashboard (Cornerstore issue 8).
//
// Usage: node dashboard_test.mjs CORNERSTORE_BINARY   (tests/browser/run does the setup)
//
// Starts the binary on 127.0.0.1 with a fresh data directory, creates @shop with a password,
// and drives headless Chromium: log in, publish a post and find it on the public profile, turn
// on manual approval, approve a follow request from a fake remote (which must receive a signed
// Accept), edit the profile and see the change in the actor document (and an Update at the
// follower). Every page visited must be valid HTML (html-validate), carry no <script> and be
// served with a Content-Security-Policy that forbids scripts. Screenshots of the profile, a
// post and the dashboard pages at phone (390 px) and desktop (1280 px) widths go to
// build/screenshots/. Prints PASS/FAIL per check and exits non-zero on any failure.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HtmlValidate } from "html-validate";
import puppeteer from "puppeteer-core";
import { startFakeRemote } from "./fake_remote.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const screenshots = process.env.SCREENSHOT_DIR || path.join(repo, "build/screenshots");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";
const PASSWORD = "correct horse battery";
const WIDTHS = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 900 },
];

let passed = 0;
let failed = 0;
function check(ok, what, detail = "") {
  if (ok) {
    passed++;
    console.log(`PASS  ${what}`);
  } else {
    failed++;
    console.log(`FAIL  ${what}${detail ? ": " + detail : ""}`);
  }
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startCornerstore(binary) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cornerstore-browser-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const config = path.join(dir, "cornerstore.toml");
  fs.writeFileSync(
    config,
    `[server]\nlisten_address = "127.0.0.1"\nport = ${port}\n\n` +
      `[instance]\ndomain = "shop.test"\nbase_url = "${base}"\nname = "Corner Shop"\n\n` +
      `[storage]\ndata_dir = "${path.join(dir, "data")}"\n\n` +
      `[unsafe]\nallow_private_addresses = true\n`,
  );
  const cli = (args, input) => {
    const r = spawnSync(binary, ["--config", config, ...args], { input, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`cornerstore ${args.join(" ")}: ${r.stderr}`);
    return r.stdout;
  };
  cli(["account", "create", "shop", "--display-name", "Corner Shop"]);
  cli(["account", "password", "shop"], PASSWORD + "\n");
  const log = fs.openSync(path.join(dir, "server.log"), "w");
  const child = spawn(binary, ["--config", config, "serve"], { stdio: ["ignore", log, log] });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base, dir, child, cli };
}

// Every HTML document the browser loaded from us: its URL, status, CSP and markup.
const documents = [];

async function visit(page, url) {
  const response = await page.goto(url, { waitUntil: "load" });
  return response;
}

async function submit(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.click(selector)]);
  return page;
}

async function text(page) {
  return page.evaluate(() => document.body.innerText);
}

async function screenshot(page, url, name) {
  for (const size of WIDTHS) {
    await page.setViewport({ width: size.width, height: size.height });
    await visit(page, url);
    const file = path.join(screenshots, `${name}-${size.width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    // Nothing may be wider than the screen: a phone must never scroll sideways.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    check(overflow <= 0, `${name} at ${size.width}px has no horizontal scroll`, `${overflow}px`);
  }
  await page.setViewport({ width: 1280, height: 900 });
}

async function main() {
  const binary = path.resolve(process.argv[2] || "");
  if (!process.argv[2] || !fs.existsSync(binary)) {
    console.error("usage: node dashboard_test.mjs CORNERSTORE_BINARY");
    process.exit(2);
  }
  fs.mkdirSync(screenshots, { recursive: true });
  const server = await startCornerstore(binary);
  const remote = await startFakeRemote();
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    // Public pages may be cached for minutes; every check here wants the current state.
    await page.setCacheEnabled(false);
    page.on("response", async (response) => {
      const type = response.headers()["content-type"] || "";
      if (!response.url().startsWith(server.base) || !type.startsWith("text/html")) return;
      if (response.request().resourceType() !== "document") return;
      try {
        documents.push({
          url: response.url(),
          status: response.status(),
          csp: response.headers()["content-security-policy"] || "",
          html: await response.text(),
        });
      } catch {
        /* a redirect has no body */
      }
    });
    const shop = `${server.base}/users/shop`;

    // 1. Log in (a visit to the dashboard leads to the login form).
    await visit(page, `${server.base}/dashboard`);
    check(page.url().endsWith("/dashboard/login"), "the dashboard asks for a login", page.url());
    await page.type("#username", "shop");
    await page.type("#password", "wrong password");
    await submit(page, "button[type=submit]");
    check((await text(page)).includes("Wrong username or password"), "a wrong password is refused");
    await page.$eval("#username", (e) => (e.value = ""));
    await page.type("#username", "shop");
    await page.type("#password", PASSWORD);
    await submit(page, "main button[type=submit]");
    check(new URL(page.url()).pathname === "/dashboard", "logged in", page.url());
    const cookies = await page.cookies();
    const session = cookies.find((c) => c.name === "cs_dashboard");
    check(session && session.httpOnly && session.sameSite === "Lax", "the session cookie is HttpOnly, SameSite=Lax");

    // 2. Post, and find it on the public profile.
    const words = `Fresh sourdough at eight #bakery ${Date.now()}`;
    await page.type("#text", words);
    await submit(page, "form[action='/dashboard/posts'] button[type=submit]");
    check((await text(page)).includes("Your post was published."), "the post is published");
    check((await text(page)).includes(words), "the post is listed in the dashboard");
    const postUrl = await page.$eval("article.post .meta a", (a) => a.href);
    await visit(page, `${server.base}/@shop`);
    check((await text(page)).includes(words), "the post is on the public profile");
    await visit(page, postUrl);
    check((await text(page)).includes(words), "the post has its public page");

    // 3. Manual approval, then a follow request from the fake remote, approved in the browser.
    await visit(page, `${server.base}/dashboard/profile`);
    await page.click("#locked");
    await submit(page, "form[action='/dashboard/profile'] button[type=submit]");
    check((await text(page)).includes("Your profile was saved"), "manual approval is saved");
    const follow = await remote.follow(shop, `${server.base}/users/shop/inbox`);
    check(follow.status === 202, "the fake remote's Follow is accepted for processing", String(follow.status));
    let listed = false;
    for (let i = 0; i < 100 && !listed; i++) {
      await visit(page, `${server.base}/dashboard/people`);
      listed = (await page.$("form[action='/dashboard/people/approve']")) !== null;
      if (!listed) await new Promise((r) => setTimeout(r, 200));
    }
    check(listed, "the follow request is listed");
    await screenshot(page, `${server.base}/dashboard/people`, "dashboard-people-request");
    await submit(page, "form[action='/dashboard/people/approve'] button");
    check((await text(page)).includes("Follow request approved."), "the follow request is approved");
    const accept = await remote
      .waitFor((r) => r.activity.type === "Accept" && (r.activity.object?.id || r.activity.object) === follow.activity.id)
      .catch((e) => ({ error: e.message }));
    check(accept.valid === true && accept.signer === shop, "the fake remote receives a signed Accept", accept.error || accept.signer);

    // A post made now reaches the new follower: its reach page counts the server.
    await visit(page, `${server.base}/dashboard`);
    await page.type("#text", "Croissants are back tomorrow. Thanks for following!");
    await submit(page, "form[action='/dashboard/posts'] button[type=submit]");
    const create = await remote
      .waitFor((r) => r.activity.type === "Create" && r.activity.object?.content?.includes("Croissants"))
      .catch((e) => ({ error: e.message }));
    check(create.valid === true, "the follower receives the new post, signed", create.error);

    // 4. Edit the profile; the actor document changes and the follower hears of it.
    await visit(page, `${server.base}/dashboard/profile`);
    await page.$eval("#display_name", (e) => (e.value = ""));
    await page.type("#display_name", "Corner Shop & Bakery");
    await page.$eval("#summary", (e) => (e.value = ""));
    await page.type("#summary", "Bread, coffee and the papers.\nOpen daily except Mondays.");
    await page.type("input[name=field_name_0]", "Hours");
    await page.type("input[name=field_value_0]", "Tue–Sun 8:00–18:00");
    await submit(page, "form[action='/dashboard/profile'] button[type=submit]");
    check((await text(page)).includes("Your profile was saved"), "the profile is saved");
    const actor = await (await fetch(shop, { headers: { accept: "application/activity+json" } })).json();
    check(actor.name === "Corner Shop & Bakery", "the actor document has the new name", actor.name);
    check(
      Array.isArray(actor.attachment) && actor.attachment.some((a) => a.name === "Hours"),
      "the actor document has the new field",
    );
    const update = await remote
      .waitFor((r) => r.activity.type === "Update" && r.activity.object?.name === "Corner Shop & Bakery")
      .catch((e) => ({ error: e.message }));
    check(update.valid === true, "the follower receives a signed Update of the profile", update.error);

    // 5. Screenshots of the public and dashboard pages at phone and desktop widths.
    await screenshot(page, `${server.base}/@shop`, "profile");
    await screenshot(page, postUrl, "post");
    await screenshot(page, `${server.base}/dashboard`, "dashboard");
    await screenshot(page, `${server.base}/dashboard/people`, "dashboard-people");
    await screenshot(page, `${server.base}/dashboard/profile`, "dashboard-profile");
    await screenshot(page, `${server.base}/dashboard/notifications`, "dashboard-notifications");
    const postId = await (async () => {
      await visit(page, `${server.base}/dashboard`);
      return page.$eval("a.button[href^='/dashboard/posts/']", (a) => a.getAttribute("href"));
    })();
    await visit(page, `${server.base}${postId}`);
    const reach = await page.$$eval(".figures dd", (dds) => dds.map((d) => d.textContent));
    check(reach[0] === "1 of 1", "the post's reach counts the follower's server", reach.join(", "));
    await screenshot(page, `${server.base}${postId}`, "dashboard-post");
    await page.deleteCookie({ name: "cs_dashboard", url: server.base });
    await screenshot(page, `${server.base}/dashboard/login`, "dashboard-login");

    // 6. Every page: valid HTML, no script, a CSP without script.
    const validator = new HtmlValidate({
      extends: ["html-validate:standard", "html-validate:document"],
      // Subresource integrity guards resources from other origins; ours are same-origin.
      rules: { "require-sri": ["error", { target: "crossorigin" }] },
    });
    const seen = new Set();
    for (const doc of documents) {
      const key = new URL(doc.url).pathname;
      if (seen.has(key)) continue;
      seen.add(key);
      const report = await validator.validateString(doc.html);
      const messages = report.results.flatMap((r) => r.messages).map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`);
      check(report.valid, `${key} is valid HTML`, messages.slice(0, 5).join("; "));
      check(!/<script/i.test(doc.html), `${key} has no script`);
      // Scripts fall back to default-src 'none' unless script-src says otherwise; only 'none' may.
      const scriptSrc = /script-src([^;]*)/.exec(doc.csp);
      check(
        /default-src 'none'/.test(doc.csp) &&
          (!scriptSrc || scriptSrc[1].trim() === "'none'") &&
          !/unsafe-inline/.test(doc.csp),
        `${key} is served with a CSP forbidding scripts`,
        doc.csp,
      );
    }
  } finally {
    await browser.close();
    await remote.close();
    server.child.kill("SIGTERM");
    if (failed > 0 || process.env.BROWSER_KEEP === "1") {
      console.log(`server log and data: ${server.dir}`);
    } else {
      fs.rmSync(server.dir, { recursive: true, force: true });
    }
  }
  console.log(`${passed} passed, ${failed} failed; screenshots in ${screenshots}`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
