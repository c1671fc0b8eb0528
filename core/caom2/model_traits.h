#pragma once

#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

// Type traits for the generic walks over the model (checksum encoder, diff, validator): how a field's C++
// type says whether it is optional, a collection or a choice of alternatives.
namespace caom2::traits {

template <typename T>
struct IsOptional : std::false_type {};
template <typename T>
struct IsOptional<std::optional<T>> : std::true_type {};
template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};
template <typename T>
struct IsVariant : std::false_type {};
template <typename... Ts>
struct IsVariant<std::variant<Ts...>> : std::true_type {};

} // namespace caom2::traits
