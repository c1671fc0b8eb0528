// libFuzzer target: Java properties files (icewind.properties, read by `sources import-icewind`).
#include "common/java_properties.h"

#include <QString>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    (void)mirror::parseJavaProperties(text);
    return 0;
}
