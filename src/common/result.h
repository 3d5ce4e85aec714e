// Result<T>: a value or an Error, shaped like std::expected (which g++ 12 lacks).
//
// Used for failures that a peer, the network, the disk or the operator can cause. Programming
// errors (broken invariants) are asserts, not Errors.
//
// An Error has two faces: `detail` is for the log and may name internals; `message` is a short
// sentence safe to show to a remote peer or client, and `http_status` is what an HTTP adapter
// answers with. Thread safety: plain values, no shared state.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace cornerstore {

enum class ErrorCode {
  kInvalidInput,     // malformed or out-of-range input (400)
  kUnauthorized,     // missing or bad credentials or signature (401)
  kForbidden,        // authenticated but not allowed (403)
  kNotFound,         // no such thing (404)
  kGone,             // it existed and was deleted (410)
  kConflict,         // already exists, or state does not allow it (409)
  kTooLarge,         // over a size limit (413)
  kUnsupportedType,  // wrong media type (415)
  kUnavailable,      // try again later: overload, remote down, disk full (503)
  kTimeout,          // a deadline passed (504 when surfaced)
  kInternal,         // a bug or an unexpected failure of ours (500)
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;  // safe for peers and clients
  std::string detail;   // for the log only; may be empty

  int http_status() const;
  // "message (detail)" for log lines.
  std::string ToLogString() const;
};

inline Error MakeError(ErrorCode code, std::string message, std::string detail = {}) {
  return Error{code, std::move(message), std::move(detail)};
}

inline int Error::http_status() const {
  switch (code) {
    case ErrorCode::kInvalidInput:
      return 400;
    case ErrorCode::kUnauthorized:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kGone:
      return 410;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnsupportedType:
      return 415;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kTimeout:
      return 504;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

inline std::string Error::ToLogString() const {
  return detail.empty() ? message : message + " (" + detail + ")";
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& take_error() {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }
  Error&& take_error() {
    assert(!ok_);
    return std::move(error_);
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status OkStatus() { return Status(); }

}  // namespace cornerstore

// Propagate an error from an expression returning Result/Status.
#define CS_RETURN_IF_ERROR(expr)                          \
  do {                                                    \
    auto cs_status_ = (expr);                             \
    if (!cs_status_.ok()) return cs_status_.take_error(); \
  } while (0)

#define CS_CONCAT_INNER(a, b) a##b
#define CS_CONCAT(a, b) CS_CONCAT_INNER(a, b)
// CS_ASSIGN_OR_RETURN(auto x, Compute()) binds the value or returns the error.
#define CS_ASSIGN_OR_RETURN(lhs, expr) \
  CS_ASSIGN_OR_RETURN_IMPL(CS_CONCAT(cs_result_, __LINE__), lhs, expr)
#define CS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.take_error();        \
  lhs = std::move(tmp).value()
