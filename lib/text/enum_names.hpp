// An enum's names as one table, read both ways: the name of a value (for messages and model
// files) and the value of a name (for flags), with the list of names for help and errors.
#pragma once

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "text.hpp"

namespace nn {

template <class E>
struct EnumName {
  E value;
  std::string_view name;
};

template <class E, std::size_t N>
using EnumNames = std::array<EnumName<E>, N>;

// Returns the name of `value`, or "unknown" for a value the table lacks.
template <class E, std::size_t N>
constexpr std::string_view name_of(const EnumNames<E, N>& table, E value) {
  for (const EnumName<E>& entry : table) {
    if (entry.value == value) {
      return entry.name;
    }
  }
  return "unknown";
}

// Returns the names in order as a reader lists them: "a, b or c".
template <class E, std::size_t N>
std::string list_names(const EnumNames<E, N>& table) {
  std::string out;
  for (std::size_t i = 0; i < N; ++i) {
    out += i == 0 ? "" : i + 1 == N ? " or " : ", ";
    out += table[i].name;
  }
  return out;
}

// Returns the value named `name`; throws std::invalid_argument "unknown WHAT 'name'; expected
// a, b or c".
template <class E, std::size_t N>
E parse_name(const EnumNames<E, N>& table, std::string_view name, std::string_view what) {
  for (const EnumName<E>& entry : table) {
    if (entry.name == name) {
      return entry.value;
    }
  }
  throw std::invalid_argument("unknown " + std::string(what) + " " + quoted(name) + "; expected " +
                              list_names(table));
}

}  // namespace nn
