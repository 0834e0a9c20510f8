// Wiping secrets so that no copy of a key outlives its use.
#include "secret.h"

#include "crypto.h"


#include <cstring>

namespace keyguard {

void wipe(void* bytes, std::size_t size) {
  zeroize(bytes, size);
}

void wipe(std::string& text) { wipe(text.data(), text.capacity()); }

// Not zero-filled: the parser's buffer is 80 KiB on every probe, and only what is written is read.
SecretBuffer::SecretBuffer(std::size_t capacity) : bytes_(new char[capacity + 1]), capacity_(capacity) { bytes_[0] = '\0'; }

SecretBuffer SecretBuffer::copy_of(std::string_view bytes) {
  SecretBuffer buffer(bytes.size());
  buffer.append(bytes);
  return buffer;
}

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept
    : bytes_(std::move(other.bytes_)), size_(other.size_), capacity_(other.capacity_) {
  other.size_ = other.capacity_ = 0;
}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept {
  if (this != &other) {
    clear();
    bytes_ = std::move(other.bytes_);
    size_ = other.size_;
    capacity_ = other.capacity_;
    other.size_ = other.capacity_ = 0;
  }
  return *this;
}

bool SecretBuffer::append(std::string_view bytes) {
  if (bytes.size() > room()) return false;
  append_some(bytes);
  return true;
}

std::size_t SecretBuffer::append_some(std::string_view bytes) {
  std::size_t take = bytes.size() < room() ? bytes.size() : room();
  if (take == 0) return 0;
  std::memcpy(bytes_.get() + size_, bytes.data(), take);
  size_ += take;
  bytes_[size_] = '\0';
  return take;
}

void SecretBuffer::commit(std::size_t size) {
  size = size < capacity_ ? size : capacity_;
  if (size < size_) wipe(bytes_.get() + size, size_ - size);  // what is dropped is wiped
  size_ = size;
  if (bytes_) bytes_[size_] = '\0';
}

void SecretBuffer::erase_front(std::size_t count) {
  if (count >= size_) {
    clear();
    return;
  }
  std::memmove(bytes_.get(), bytes_.get() + count, size_ - count);
  wipe(bytes_.get() + size_ - count, count);
  size_ -= count;
}

void SecretBuffer::clear() {
  // Bytes past size_ were never written, or were wiped when they were dropped.
  wipe(bytes_.get(), size_);
  size_ = 0;
}

}  // namespace keyguard
