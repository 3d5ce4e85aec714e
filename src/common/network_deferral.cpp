#include "src/common/network_deferral.h"

namespace cornerstore {
namespace {
thread_local NetworkDeferral* open_scope = nullptr;
}  // namespace

NetworkDeferral::NetworkDeferral() : outer_(open_scope) { open_scope = this; }

NetworkDeferral::~NetworkDeferral() { open_scope = outer_; }

bool NetworkDeferral::Refuse() {
  if (open_scope == nullptr) return false;
  open_scope->refused_ = true;
  return true;
}

}  // namespace cornerstore
