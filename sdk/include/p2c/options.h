// Validated option values handed to a plugin's constructor.
//
// The host checks every key of a plugin instance's config table against the plugin's schema before the
// plugin sees it, fills in defaults and resolves path options, so a plugin reads its options without
// re-validating: asking for a declared option with its declared type always succeeds.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace p2c {

using StringList = std::vector<std::string>;
using StringMap = std::map<std::string, std::string>;
using NumberMap = std::map<std::string, double>;
using OptionValue = std::variant<std::string, std::int64_t, double, bool, StringList, StringMap, NumberMap>;

class Options {
 public:
  void set(std::string name, OptionValue value) { values_[std::move(name)] = std::move(value); }
  bool has(const std::string& name) const { return values_.count(name) != 0; }

  /// Reads an option as T; throws std::invalid_argument when the option is absent or of another type,
  /// which only happens when a plugin asks for something its schema does not declare.
  template <typename T>
  const T& get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) throw std::invalid_argument("option '" + name + "' is not set");
    if (const T* value = std::get_if<T>(&it->second)) return *value;
    throw std::invalid_argument("option '" + name + "' has another type than requested");
  }

  const std::string& string(const std::string& name) const { return get<std::string>(name); }
  std::int64_t integer(const std::string& name) const { return get<std::int64_t>(name); }
  double number(const std::string& name) const { return get<double>(name); }
  bool boolean(const std::string& name) const { return get<bool>(name); }
  const StringList& strings(const std::string& name) const { return get<StringList>(name); }
  const StringMap& table(const std::string& name) const { return get<StringMap>(name); }
  const NumberMap& numbers(const std::string& name) const { return get<NumberMap>(name); }

  const std::map<std::string, OptionValue>& values() const { return values_; }

 private:
  std::map<std::string, OptionValue> values_;
};

}  // namespace p2c
