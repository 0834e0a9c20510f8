// Owners of secret bytes: wiped when they die, never reallocated, never printed.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace keyguard {

/// Overwrites BYTES with zeros in a way the optimiser cannot remove.
void wipe(void* bytes, std::size_t size);
/// Wipes the whole capacity of TEXT: shrinking a string leaves old bytes behind its end.
void wipe(std::string& text);

/// Bytes that may be a key, or hold one (a request with its auth header, a key file, the
/// env file, the child's environment, a server's answer). The storage is allocated once, at
/// a fixed capacity, so nothing ever copies it behind the owner's back; it is wiped when the
/// buffer dies, is cleared, or is moved from. A trailing NUL is always kept after the bytes.
class SecretBuffer {
 public:
  SecretBuffer() = default;
  explicit SecretBuffer(std::size_t capacity);
  /// A buffer holding exactly BYTES.
  static SecretBuffer copy_of(std::string_view bytes);
  SecretBuffer(SecretBuffer&& other) noexcept;
  SecretBuffer& operator=(SecretBuffer&& other) noexcept;
  SecretBuffer(const SecretBuffer&) = delete;
  SecretBuffer& operator=(const SecretBuffer&) = delete;
  ~SecretBuffer() { clear(); }

  /// Appends BYTES when they fit; returns false, and changes nothing, when they do not.
  bool append(std::string_view bytes);
  /// Appends the bytes that fit; returns how many did.
  std::size_t append_some(std::string_view bytes);
  /// Takes the first SIZE bytes (at most the capacity) as written through data().
  void commit(std::size_t size);
  /// Drops the first COUNT bytes, wiping the bytes that moved down.
  void erase_front(std::size_t count);
  /// Wipes the bytes; the capacity stays.
  void clear();

  std::string_view view() const { return {bytes_.get() ? bytes_.get() : "", size_}; }
  const char* c_str() const { return bytes_ ? bytes_.get() : ""; }
  char* data() { return bytes_.get(); }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }
  std::size_t room() const { return capacity_ - size_; }
  bool empty() const { return size_ == 0; }

 private:
  std::unique_ptr<char[]> bytes_;  // capacity_ + 1, the last for the NUL
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

/// One key: a SecretBuffer of exactly its size.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string_view value) : bytes_(SecretBuffer::copy_of(value)) {}
  Secret(Secret&&) noexcept = default;
  Secret& operator=(Secret&&) noexcept = default;

  std::string_view view() const { return bytes_.view(); }
  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  /// Replaces the value; the old one is wiped.
  void assign(std::string_view value) { bytes_ = SecretBuffer::copy_of(value); }
  void clear() { bytes_ = SecretBuffer(); }

 private:
  SecretBuffer bytes_;
};

}  // namespace keyguard
