#pragma once

#include "caom2/checksum.h"
#include "caom2/fields.h"
#include "caom2/model_traits.h"

#include <bit>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

// The byte encoding of spec §4.2-4.3: every state field in checksum order, atoms as fixed-width
// big-endian bytes or trimmed UTF-8 text, no separators. Internal to checksum.cpp.
namespace caom2::detail {

using traits::IsOptional;
using traits::IsVariant;
using traits::IsVector;

class ChecksumEncoder {
public:
    ChecksumEncoder(std::string &out, const ChecksumTracer *tracer) : m_out(out), m_tracer(tracer) {}

    void putUuid(const Uuid &id)
    {
        put(std::string_view(reinterpret_cast<const char *>(id.bytes.data()), id.bytes.size()));
    }

    void putUri(std::string_view text)
    {
        text = javaTrim(text);
        // Java hashes URI.toASCIIString(): non-ASCII characters become %XX of their UTF-8 bytes.
        bool ascii = true;
        for (const char c : text)
            ascii = ascii && static_cast<unsigned char>(c) < 0x80;
        if (ascii) {
            put(text);
            return;
        }
        static constexpr char hex[] = "0123456789ABCDEF";
        std::string encoded;
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (byte < 0x80) {
                encoded.push_back(c);
            } else {
                encoded.push_back('%');
                encoded.push_back(hex[byte >> 4]);
                encoded.push_back(hex[byte & 0x0F]);
            }
        }
        put(encoded);
    }

    template <typename T>
    void encode(const T &value)
    {
        if constexpr (IsOptional<T>::value) {
            if (value)
                encode(*value);
        } else if constexpr (IsVector<T>::value) {
            for (const auto &item : value)
                encode(item);
        } else if constexpr (IsVariant<T>::value) {
            std::visit([&](const auto &alternative) { encode(alternative); }, value);
        } else if constexpr (std::is_same_v<T, std::string>) {
            put(javaTrim(value));
        } else if constexpr (std::is_same_v<T, Uri>) {
            putUri(value.text);
        } else if constexpr (std::is_same_v<T, ProductType> || std::is_same_v<T, DataProductType>) {
            put(value.term);
        } else if constexpr (std::is_same_v<T, Date>) {
            putInteger(value.secondsTruncated());
        } else if constexpr (std::is_same_v<T, bool>) {
            const char byte = value ? '\x01' : '\x00';
            put(std::string_view(&byte, 1));
        } else if constexpr (std::is_same_v<T, std::int32_t> || std::is_same_v<T, std::int64_t>) {
            putInteger(value);
        } else if constexpr (std::is_same_v<T, double>) {
            // Java's Double.doubleToLongBits: every NaN is the canonical quiet NaN.
            const std::uint64_t bits = value != value ? 0x7ff8000000000000ULL : std::bit_cast<std::uint64_t>(value);
            putInteger(bits);
        } else if constexpr (std::is_same_v<T, CalibrationLevel> || std::is_same_v<T, SegmentType>) {
            putInteger(static_cast<std::int32_t>(value));
        } else if constexpr (std::is_enum_v<T>) {
            put(toString(value));
        } else {
            static_assert(HasFields<T>::value, "no checksum encoding for this type");
            forEachField(value, [&](const char *name, const auto &member) {
                if (!m_tracer) {
                    encode(member);
                    return;
                }
                const std::size_t mark = m_path.size();
                m_path.append(".").append(name);
                encode(member);
                m_path.resize(mark);
            });
        }
    }

    // Names the path reported to the tracer, e.g. "Plane" then "Plane.id"; builds nothing without a tracer.
    void setPath(const char *className, const char *suffix)
    {
        if (m_tracer)
            m_path.assign(className).append(suffix);
    }

private:
    template <typename Integer>
    void putInteger(Integer value)
    {
        using Unsigned = std::make_unsigned_t<Integer>;
        auto bits = static_cast<Unsigned>(value);
        char bytes[sizeof(Integer)];
        for (std::size_t i = sizeof(Integer); i-- > 0;) {
            bytes[i] = static_cast<char>(bits & 0xFF);
            bits = static_cast<Unsigned>(bits >> 8);
        }
        put(std::string_view(bytes, sizeof bytes));
    }

    void put(std::string_view bytes)
    {
        m_out.append(bytes);
        if (m_tracer)
            (*m_tracer)(m_path, bytes);
    }

    std::string &m_out;
    const ChecksumTracer *m_tracer;
    std::string m_path;
};

} // namespace caom2::detail
