#include "common/secret_file.h"

#include <QFileInfo>

namespace mirror {

std::optional<QString> unsafeSecretFile(const QString &path)
{
    const QFileInfo file(path);
    if (!file.exists())
        return std::nullopt;
    const QFile::Permissions permissions = file.permissions();
    // Qt's permission bits map onto the Unix mode: owner 0700, group 0070, other 0007.
    int mode = 0;
    const std::pair<QFile::Permission, int> bits[] = {
        {QFile::ReadOwner, 0400}, {QFile::WriteOwner, 0200}, {QFile::ExeOwner, 0100},
        {QFile::ReadGroup, 040},  {QFile::WriteGroup, 020},  {QFile::ExeGroup, 010},
        {QFile::ReadOther, 04},   {QFile::WriteOther, 02},   {QFile::ExeOther, 01}};
    for (const auto &[permission, bit] : bits)
        mode |= permissions.testFlag(permission) ? bit : 0;
    const QString octal = QStringLiteral("%1").arg(mode, 4, 8, QLatin1Char('0'));
    const QString fix = QStringLiteral("chmod 600 %1").arg(path);
    if (permissions & (QFile::ReadOther | QFile::WriteOther))
        return QStringLiteral("%1 holds a secret but every user of this machine may %2 it (mode %3); %4")
            .arg(path, permissions.testFlag(QFile::ReadOther) ? QStringLiteral("read") : QStringLiteral("change"),
                 octal, fix);
    if (permissions & QFile::WriteGroup)
        return QStringLiteral("%1 holds a secret but its group may change it (mode %2); %3").arg(path, octal, fix);
    return std::nullopt;
}

} // namespace mirror
