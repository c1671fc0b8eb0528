#include "serve/serve_options.h"

namespace serve {
namespace {

template <typename Enum, std::size_t N>
bool fromName(const QString &name, const std::array<Enum, N> &values, QString (*nameOf)(Enum), Enum *value)
{
    for (const Enum candidate : values)
        if (nameOf(candidate) == name) {
            *value = candidate;
            return true;
        }
    return false;
}

} // namespace

QString writeModeName(WriteMode mode)
{
    switch (mode) {
    case WriteMode::ReadOnly: return QStringLiteral("read-only");
    case WriteMode::Origin: return QStringLiteral("origin");
    case WriteMode::Mirror: return QStringLiteral("mirror");
    }
    return {};
}

bool writeModeFromName(const QString &name, WriteMode *mode)
{
    return fromName(name, std::array{WriteMode::Origin, WriteMode::Mirror}, &writeModeName, mode);
}

QString lossyObs23Name(LossyObs23 mode)
{
    switch (mode) {
    case LossyObs23::StoredChecksums: return QStringLiteral("stored-checksums");
    case LossyObs23::Refuse: return QStringLiteral("refuse");
    case LossyObs23::Recompute: return QStringLiteral("recompute");
    }
    return {};
}

bool lossyObs23FromName(const QString &name, LossyObs23 *mode)
{
    return fromName(name, std::array{LossyObs23::StoredChecksums, LossyObs23::Refuse, LossyObs23::Recompute},
                    &lossyObs23Name, mode);
}

} // namespace serve
