// Principal: the authenticated identity that middleware attaches to a request.
//
// The HTTP layer knows nothing about users, units or roles. The sign-in code derives its own
// type from Principal (e.g. `struct Session : zb::http::Principal { ... }`), stores it in
// `Request::principal`, and handlers read it back with `request.principal_as<Session>()`.
// Principals are immutable once attached and shared between threads (the request, the event hub).
#pragma once

namespace zb::http {

class Principal {
 public:
  virtual ~Principal() = default;

  // The concrete type, or nullptr if this principal is of another type.
  template <typename T>
  const T* As() const {
    return dynamic_cast<const T*>(this);
  }
};

}  // namespace zb::http
