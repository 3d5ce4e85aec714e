// `cornerstore serve` and `cornerstore demo`.
#include <pthread.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "activitypub/accounts.h"
#include "activitypub/uris.h"
#include "src/auth/password.h"
#include "src/auth/tokens.h"
#include "src/cli/commands.h"
#include "src/cli/context.h"
#include "src/common/log.h"
#include "src/server/app.h"
#include "src/server/http_server.h"
#include "src/server/services.h"
#include "store/server_lock.h"
#include "store/sqlite_auth_store.h"

namespace cornerstore::cli {
namespace {

// Blocks SIGINT/SIGTERM in every thread (call before starting any) and returns a watcher that
// stops `server` on the first of them, so shutdown is orderly: no request is cut mid-way.
std::thread WatchSignals(server::HttpServer& server, sigset_t* set) {
  sigemptyset(set);
  sigaddset(set, SIGINT);
  sigaddset(set, SIGTERM);
  sigaddset(set, SIGUSR1);  // used below to release the watcher when the server stops itself
  pthread_sigmask(SIG_BLOCK, set, nullptr);
  return std::thread([&server, set] {
    int sig = 0;
    sigwait(set, &sig);
    if (sig != SIGUSR1)
      log::Info("server.stopping", {{"signal", sig == SIGINT ? "SIGINT" : "SIGTERM"}});
    server.Stop();
  });
}

// How long `serve`, once its HTTP server has stopped, waits for the workers to finish what they
// hold: a delivery to a server that hangs or trickles may take up to the 30 s fetch deadline.
// Past it the process exits anyway, as after a crash: what was in hand is still leased in the
// database and the next start takes it back at once (ReleaseLeases in Serve), so nothing is
// lost, and a stop never outlasts the 10 s `docker stop` or an init system allows.
constexpr auto kWorkerStopGrace = std::chrono::seconds(5);

void StopWorkersWithin(server::Services& services, std::chrono::seconds grace) {
  std::mutex mu;
  std::condition_variable cv;
  bool stopped = false;
  std::thread stopper([&] {
    services.StopWorkers();
    std::lock_guard<std::mutex> lock(mu);
    stopped = true;
    cv.notify_all();
  });
  std::unique_lock<std::mutex> lock(mu);
  if (!cv.wait_for(lock, grace, [&] { return stopped; })) {
    log::Warn("server.stop_deadline",
              {{"waited_seconds", std::to_string(grace.count())},
               {"detail",
                "workers still waiting on remote servers; their jobs stay leased and "
                "resume at the next start"}});
    std::fflush(nullptr);
    std::_Exit(0);
  }
  lock.unlock();
  stopper.join();
}

int Serve(Context& context, bool demo_banner) {
  const config::Config& config = context.config();
  auto store = context.Store();
  if (!store.ok()) return Fail(store.error());
  auto lock = store::ServerLock::Acquire(config.storage.database_path);
  if (!lock.ok()) return Fail(lock.error());
  auto services = server::Services::Create(config, **store, context.clock());
  if (!services.ok()) return Fail(services.error());
  if (Status spool = (*services)->OwnInboxSpool(); !spool.ok()) return Fail(spool.error());
  // Holding the lock, every lease in the queues is a crashed predecessor's: take them back now
  // rather than when they expire, so a restart resumes deliveries at once.
  auto released = (*services)->federation().ReleaseLeases(context.clock().NowUnix());
  if (!released.ok()) return Fail(released.error());
  if (*released > 0) log::Info("server.leases_released", {{"count", std::to_string(*released)}});

  server::App app(**services);
  server::HttpServer http(server::HttpServerOptions::FromConfig(config));
  app.RegisterRoutes(http);
  if (Status bound = http.Bind(); !bound.ok()) return Fail(bound.error());

  sigset_t signals;
  std::thread watcher = WatchSignals(http, &signals);
  log::Info("server.listening",
            {{"address", config.server.listen_address + ":" + std::to_string(http.port())},
             {"base_url", config.instance.base_url},
             {"database", config.storage.database_path}});
  if (demo_banner) {
    std::printf(
        "\nCornerstore is running.\n"
        "  Listening:  http://%s:%d/\n"
        "  Public URL: %s\n"
        "  Stop with Ctrl-C.\n\n",
        config.server.listen_address.c_str(), http.port(), config.instance.base_url.c_str());
    std::fflush(stdout);
  }
  (*services)->StartWorkers();
  http.Run();
  StopWorkersWithin(**services, kWorkerStopGrace);
  if (Status flushed = (*services)->FlushInboxSpool(); !flushed.ok()) {
    // Nothing is lost: the next start replays the spool.
    log::Warn("inbox.spool_flush_failed", {{"error", flushed.error().ToLogString()}});
  }
  pthread_kill(watcher.native_handle(), SIGUSR1);
  watcher.join();
  log::Info("server.stopped");
  return 0;
}

// Creates the demo account if it does not exist and prints where to look.
int EnsureDemoAccount(Context& context) {
  auto store = context.Store();
  if (!store.ok()) return Fail(store.error());
  const std::string name = "shop";
  activitypub::Uris uris(context.config().instance.base_url, context.config().instance.domain);
  if (!(*store)->FindAccountByUsername(name).ok()) {
    activitypub::NewAccount demo;
    demo.username = name;
    demo.display_name = "Corner Shop";
    demo.summary = "Fresh bread every morning, coffee all day.\nThis is a demo account.";
    demo.type = store::ActorType::kOrganization;
    demo.fields = {{"Website", "https://shop.example"}, {"Hours", "Mon–Sat 8–18"}};
    auto created = activitypub::CreateLocalAccount(**store, demo);
    if (!created.ok()) return Fail(created.error());
  }
  auto account = (*store)->FindAccountByUsername(name);
  if (!account.ok()) return Fail(account.error());
  // The dashboard needs a password: the first demo start draws a random one and prints it once
  // (only its Argon2id hash is kept); later starts leave whatever the owner set.
  store::SqliteAuthStore auth_store((*store)->database());
  auto existing = auth_store.FindPasswordHash(account->id);
  if (!existing.ok()) return Fail(existing.error());
  std::string new_password;
  if (!existing->has_value()) {
    new_password = auth::RandomToken().substr(0, 20);
    auto hash = auth::HashPassword(new_password);
    if (!hash.ok()) return Fail(hash.error());
    if (Status set = auth_store.SetPasswordHash(account->id, *hash); !set.ok()) {
      return Fail(set.error());
    }
  }
  std::printf(
      "Demo account ready:\n"
      "  Handle:    @%s\n"
      "  Actor:     %s\n"
      "  Profile:   %s\n"
      "  WebFinger: %s/.well-known/webfinger?resource=acct:%s\n"
      "  Dashboard: %s/dashboard (user %s)\n",
      uris.Acct(name).c_str(), uris.Actor(name).c_str(), uris.ProfilePage(name).c_str(),
      uris.base_url().c_str(), uris.Acct(name).c_str(), uris.base_url().c_str(), name.c_str());
  if (!new_password.empty()) {
    std::printf("  Password:  %s   (shown once; change it: cornerstore account password %s)\n",
                new_password.c_str(), name.c_str());
  } else {
    std::printf("  Password:  as set before (cornerstore account password %s sets a new one)\n",
                name.c_str());
  }
  return 0;
}

}  // namespace

void AddServeCommands(CLI::App& app, GlobalOptions& global, int* exit_code) {
  auto* serve = app.add_subcommand("serve", "Run the server");
  serve->add_option(
      "-l,--listen", global.listen,
      "Listen address, ADDRESS or ADDRESS:PORT (overrides [server] listen_address/port)");
  serve->callback([&global, exit_code] {
    auto context = Context::Load(global);
    if (!context.ok()) {
      *exit_code = Fail(context.error());
      return;
    }
    *exit_code = Serve(**context, false);
  });

  auto* demo =
      app.add_subcommand("demo", "Create the demo account @shop if missing, then run the server");
  demo->add_option("-l,--listen", global.listen, "Listen address, ADDRESS or ADDRESS:PORT");
  demo->callback([&global, exit_code] {
    auto context = Context::Load(global);
    if (!context.ok()) {
      *exit_code = Fail(context.error());
      return;
    }
    if ((*exit_code = EnsureDemoAccount(**context)) != 0) return;
    *exit_code = Serve(**context, true);
  });
}

}  // namespace cornerstore::cli
