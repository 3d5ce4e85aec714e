// NetworkDeferral: a thread's promise not to wait on the network for a while.
//
// The inbox worker applies activities inside a write batch, which holds the database's writer:
// a remote fetch of up to 30 s there would stall every other write of the server. While a
// NetworkDeferral is open on a thread, HttpFetcher::Fetch refuses at once (Refuse() returns
// true; it answers kUnavailable) and the scope remembers it, so the worker can undo what the
// activity wrote and apply it again outside the batch, where waiting blocks nobody else.
//
// Thread safety: each thread has its own; a scope is used by the thread that opened it.
#pragma once

namespace cornerstore {

class NetworkDeferral {
 public:
  NetworkDeferral();
  ~NetworkDeferral();
  NetworkDeferral(const NetworkDeferral&) = delete;
  NetworkDeferral& operator=(const NetworkDeferral&) = delete;

  // For HttpFetcher::Fetch: true (and noted in the open scope) when this thread must not wait on
  // the network now.
  static bool Refuse();

  // A fetch was refused since the scope opened or was last Reset.
  bool refused() const { return refused_; }
  void Reset() { refused_ = false; }

 private:
  NetworkDeferral* outer_;
  bool refused_ = false;
};

}  // namespace cornerstore
