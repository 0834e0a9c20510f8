// A generic owner for C contexts with init/free pairs (mbedTLS): one cleanup path each.
#pragma once

namespace keyguard {

/// Owns one context: Init on construction, Free on destruction; neither copied nor moved,
/// since mbedTLS contexts point into themselves.
template <typename T, void (*Init)(T*), void (*Free)(T*)>
class Owned {
 public:
  Owned() { Init(&value_); }
  ~Owned() { Free(&value_); }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;
  T* get() { return &value_; }
  const T* get() const { return &value_; }

 private:
  T value_;
};

}  // namespace keyguard
