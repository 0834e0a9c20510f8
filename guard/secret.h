// A string that holds a key: wiped when it dies or when asked, never printed.
#pragma once

#include <string>
#include <string_view>

namespace keyguard {

/// Overwrites BYTES with zeros in a way the optimiser cannot remove.
void wipe(void* bytes, std::size_t size);
void wipe(std::string& text);

/// Owns secret bytes. Copies are explicit; destruction wipes.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string_view value) : value_(value) {}
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { wipe(other.value_); }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      wipe(value_);
      value_ = std::move(other.value_);
      wipe(other.value_);
    }
    return *this;
  }
  ~Secret() { wipe(value_); }

  std::string_view view() const { return value_; }
  std::size_t size() const { return value_.size(); }
  bool empty() const { return value_.empty(); }
  /// Replaces the value, wiping the old one.
  void assign(std::string_view value) {
    wipe(value_);
    value_.assign(value.data(), value.size());
  }
  void clear() { wipe(value_); value_.clear(); }

 private:
  std::string value_;
};

}  // namespace keyguard
