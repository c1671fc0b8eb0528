#include "common/settings.h"
#include "common/settings_arrays.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>

#include <algorithm>
#include <cassert>

namespace mirror {

namespace {

const QString sourcesArray = QStringLiteral("sources");

Error ioError(const QString &message)
{
    return Error{ErrorCategory::Io, message.toStdString()};
}

QVariant converted(const QVariant &value, QMetaType::Type type)
{
    if (!value.isValid())
        return {};
    if (value.metaType().id() == type)
        return value;
    QVariant copy = value;
    // QString -> bool accepts anything; only the words QSettings itself writes count as booleans.
    if (type == QMetaType::Bool && value.metaType().id() == QMetaType::QString) {
        const QString text = value.toString().toLower();
        if (text != QLatin1String("true") && text != QLatin1String("false"))
            return {};
    }
    if (!copy.convert(QMetaType(type)))
        return {};
    return copy;
}

} // namespace

const std::vector<SettingDefinition> &settingDefinitions()
{
    using S = SettingScope;
    static const std::vector<SettingDefinition> table = {
        {SettingKey::StoreLocation, QStringLiteral("store/location"), S::Shared, QMetaType::QString, QString(), {}},
        {SettingKey::OfferDemoWithoutStore,
         QStringLiteral("console/offerDemoWithoutStore"),
         S::Shared,
         QMetaType::Bool,
         true,
         {}},
        {SettingKey::BrowserIdMatch,
         QStringLiteral("browser/observationIdMatch"),
         S::Shared,
         QMetaType::QString,
         QStringLiteral("prefix"),
         {QStringLiteral("prefix"), QStringLiteral("contains")}},
        {SettingKey::ArtifactRoot, QStringLiteral("artifacts/root"), S::Shared, QMetaType::QString, QString(), {}},
        {SettingKey::MainWindowGeometry,
         QStringLiteral("mainWindow/geometry"),
         S::Local,
         QMetaType::QByteArray,
         QByteArray(),
         {}},
        {SettingKey::MainWindowState,
         QStringLiteral("mainWindow/state"),
         S::Local,
         QMetaType::QByteArray,
         QByteArray(),
         {}},
        {SettingKey::MainWindowTab, QStringLiteral("mainWindow/tab"), S::Local, QMetaType::Int, 0, {}},
        {SettingKey::BrowserSplitter,
         QStringLiteral("browser/splitter"),
         S::Local,
         QMetaType::QByteArray,
         QByteArray(),
         {}},
        {SettingKey::BrowserTreeHeader,
         QStringLiteral("browser/treeHeader"),
         S::Local,
         QMetaType::QByteArray,
         QByteArray(),
         {}},
        {SettingKey::SettingsDialogGeometry,
         QStringLiteral("settingsDialog/geometry"),
         S::Local,
         QMetaType::QByteArray,
         QByteArray(),
         {}},
    };
    return table;
}

int presentArrayEntries(QSettings &file, const QString &name)
{
    file.beginGroup(name);
    int highest = 0;
    for (const QString &entry : file.childGroups()) {
        bool ok = false;
        const int number = entry.toInt(&ok);
        if (ok)
            highest = std::max(highest, number);
    }
    file.endGroup();
    return highest;
}

const SettingDefinition &settingDefinition(SettingKey key)
{
    const auto &table = settingDefinitions();
    const auto index = static_cast<std::size_t>(key);
    assert(index < table.size() && table[index].key == key);
    return table[index];
}

Settings::Settings()
    : m_shared(std::make_unique<QSettings>(sharedSettingsPath(), QSettings::IniFormat)),
      m_local(std::make_unique<QSettings>())
{}

Settings::Settings(const QString &sharedPath, const QString &localPath)
    : m_shared(std::make_unique<QSettings>(sharedPath, QSettings::IniFormat)),
      m_local(std::make_unique<QSettings>(localPath, QSettings::IniFormat))
{}

Settings::~Settings() = default;

QString Settings::sharedSettingsPath()
{
    QString configHome = qEnvironmentVariable("XDG_CONFIG_HOME");
    if (configHome.isEmpty() || !QDir::isAbsolutePath(configHome)) // the XDG spec ignores relative paths
        configHome = QDir::homePath() + QStringLiteral("/.config");
    return configHome + QStringLiteral("/caom-mirror/settings.ini");
}

QString Settings::sharedFileName() const
{
    return m_shared->fileName();
}

QString Settings::localFileName() const
{
    return m_local->fileName();
}

QSettings &Settings::settingsFor(SettingScope scope) const
{
    return scope == SettingScope::Shared ? *m_shared : *m_local;
}

QVariant Settings::value(SettingKey key) const
{
    const SettingDefinition &definition = settingDefinition(key);
    const QVariant stored = converted(settingsFor(definition.scope).value(definition.name), definition.type);
    if (!stored.isValid())
        return definition.defaultValue;
    if (!definition.choices.isEmpty() && !definition.choices.contains(stored.toString()))
        return definition.defaultValue;
    return stored;
}

Result<void> Settings::setValue(SettingKey key, const QVariant &value)
{
    const SettingDefinition &definition = settingDefinition(key);
    const QVariant typed = converted(value, definition.type);
    if (!typed.isValid())
        return Error{ErrorCategory::Fatal,
                     "setting " + definition.name.toStdString() + ": the value has the wrong type"};
    if (!definition.choices.isEmpty() && !definition.choices.contains(typed.toString()))
        return Error{ErrorCategory::Fatal,
                     "setting " + definition.name.toStdString() + ": expected one of "
                         + definition.choices.join(QStringLiteral(", ")).toStdString()};
    QSettings &settings = settingsFor(definition.scope);
    if (typed == definition.defaultValue)
        settings.remove(definition.name);
    else
        settings.setValue(definition.name, typed);
    return {};
}

void Settings::reset(SettingKey key)
{
    const SettingDefinition &definition = settingDefinition(key);
    settingsFor(definition.scope).remove(definition.name);
}

QString Settings::storeLocation() const
{
    return sanitizeStoreLocation(value(SettingKey::StoreLocation).toString().trimmed());
}

QString Settings::artifactRoot() const
{
    const QString configured = value(SettingKey::ArtifactRoot).toString().trimmed();
    return configured.isEmpty() ? defaultArtifactRoot() : configured;
}

QString Settings::defaultArtifactRoot()
{
    QString dataHome = qEnvironmentVariable("XDG_DATA_HOME");
    if (dataHome.isEmpty())
        dataHome = QDir::homePath() + QStringLiteral("/.local/share");
    return dataHome + QStringLiteral("/caom-mirror/artifacts");
}

Result<void> Settings::setStoreLocation(const QString &location)
{
    return setValue(SettingKey::StoreLocation, sanitizeStoreLocation(location.trimmed()));
}

Result<PartnerSource> Settings::source(const QString &name) const
{
    for (const PartnerSource &source : sources()) {
        if (source.name.compare(name, Qt::CaseInsensitive) == 0)
            return source;
    }
    return Error{ErrorCategory::Fatal,
                 "no source named " + name.toStdString() + " in " + sharedFileName().toStdString()};
}

std::vector<PartnerSource> Settings::sources() const
{
    std::vector<PartnerSource> sources;
    const int present = presentArrayEntries(*m_shared, sourcesArray);
    const int size = std::min(m_shared->beginReadArray(sourcesArray), present);
    for (int i = 0; i < size; ++i) {
        m_shared->setArrayIndex(i);
        PartnerSource source;
        source.name = m_shared->value(QStringLiteral("name")).toString();
        source.endpointKind = endpointKindFromName(m_shared->value(QStringLiteral("endpointKind")).toString())
                                  .value_or(EndpointKind::BaseUrl);
        source.endpoint = m_shared->value(QStringLiteral("endpoint")).toString();
        source.credentialKind = credentialKindFromName(m_shared->value(QStringLiteral("credentialKind")).toString())
                                    .value_or(CredentialKind::None);
        source.credential = m_shared->value(QStringLiteral("credential")).toString();
        // Written as one space-separated value; a hand-edited "HST, JWST" reads back as a list.
        const QVariant collections = m_shared->value(QStringLiteral("collections"));
        const QString text = collections.metaType().id() == QMetaType::QStringList
            ? collections.toStringList().join(QLatin1Char(' '))
            : collections.toString();
        source.collections = text.split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts);
        // An unreadable true/false counts as absent, like any other key: enabled, and TLS verified.
        const auto flag = [&](const char *key, bool &field) {
            const QVariant value = converted(m_shared->value(QLatin1String(key)), QMetaType::Bool);
            if (value.isValid())
                field = value.toBool();
        };
        flag("enabled", source.enabled);
        // Optional keys: absent or unreadable ones keep the defaults of PartnerSource.
        const auto readText = [&](const char *key, QString &field) {
            if (m_shared->contains(QLatin1String(key)))
                field = m_shared->value(QLatin1String(key)).toString();
        };
        const auto number = [&](const char *key, int &field) {
            bool ok = false;
            const int value = m_shared->value(QLatin1String(key)).toInt(&ok);
            if (ok)
                field = value;
        };
        readText("registryUrl", source.registryUrl);
        readText("deletionsUrl", source.deletionsUrl);
        readText("caFile", source.caFile);
        number("caomVersion", source.caomVersion);
        flag("verifyTls", source.verifyTls);
        number("lagSeconds", source.lagSeconds);
        number("lookbackSeconds", source.lookbackSeconds);
        number("pageSize", source.pageSize);
        number("batchSize", source.batchSize);
        number("threads", source.threads);
        number("connectTimeoutSeconds", source.connectTimeoutSeconds);
        number("requestTimeoutSeconds", source.requestTimeoutSeconds);
        sources.push_back(std::move(source));
    }
    m_shared->endArray();
    return sources;
}

Result<void> Settings::setSources(const std::vector<PartnerSource> &sources)
{
    QSet<QString> names;
    for (const PartnerSource &source : sources) {
        if (auto valid = validate(source); !valid)
            return Error{valid.error().category,
                         "source " + (source.name.isEmpty() ? std::string("(unnamed)") : source.name.toStdString())
                             + ": " + valid.error().message};
        if (names.contains(source.name.toLower()))
            return Error{ErrorCategory::Fatal, "source " + source.name.toStdString() + ": the name is used twice"};
        names.insert(source.name.toLower());
    }
    m_shared->remove(sourcesArray);
    m_shared->beginWriteArray(sourcesArray, static_cast<int>(sources.size()));
    for (int i = 0; i < static_cast<int>(sources.size()); ++i) {
        const PartnerSource &source = sources[static_cast<std::size_t>(i)];
        m_shared->setArrayIndex(i);
        m_shared->setValue(QStringLiteral("name"), source.name);
        m_shared->setValue(QStringLiteral("endpointKind"), endpointKindName(source.endpointKind));
        m_shared->setValue(QStringLiteral("endpoint"), source.endpoint);
        m_shared->setValue(QStringLiteral("credentialKind"), credentialKindName(source.credentialKind));
        m_shared->setValue(QStringLiteral("credential"), source.credential);
        m_shared->setValue(QStringLiteral("collections"), source.collections.join(QLatin1Char(' ')));
        m_shared->setValue(QStringLiteral("enabled"), source.enabled);
        // Extras are written only when they differ from the defaults, so a hand-written file stays short.
        const PartnerSource defaults;
        const auto put = [&](const char *key, const QVariant &value, const QVariant &fallback) {
            if (value != fallback)
                m_shared->setValue(QLatin1String(key), value);
        };
        put("registryUrl", source.registryUrl, defaults.registryUrl);
        put("deletionsUrl", source.deletionsUrl, defaults.deletionsUrl);
        put("caomVersion", source.caomVersion, defaults.caomVersion);
        put("caFile", source.caFile, defaults.caFile);
        put("verifyTls", source.verifyTls, defaults.verifyTls);
        put("lagSeconds", source.lagSeconds, defaults.lagSeconds);
        put("lookbackSeconds", source.lookbackSeconds, defaults.lookbackSeconds);
        put("pageSize", source.pageSize, defaults.pageSize);
        put("batchSize", source.batchSize, defaults.batchSize);
        put("threads", source.threads, defaults.threads);
        put("connectTimeoutSeconds", source.connectTimeoutSeconds, defaults.connectTimeoutSeconds);
        put("requestTimeoutSeconds", source.requestTimeoutSeconds, defaults.requestTimeoutSeconds);
    }
    m_shared->endArray();
    return {};
}

Result<void> Settings::sync()
{
    for (QSettings *settings : {m_shared.get(), m_local.get()}) {
        settings->sync();
        switch (settings->status()) {
        case QSettings::NoError: break;
        case QSettings::AccessError:
            return ioError(QStringLiteral("cannot write the settings file %1").arg(settings->fileName()));
        case QSettings::FormatError:
            return ioError(QStringLiteral("the settings file %1 is malformed").arg(settings->fileName()));
        }
    }
    return {};
}

QString sanitizeStoreLocation(const QString &location)
{
    if (!location.startsWith(QLatin1String("postgresql://")) && !location.startsWith(QLatin1String("postgres://")))
        return location;
    // Textual rather than through QUrl, so that even a URL QUrl would refuse loses its password. libpq also
    // takes one as a query option (?password=...): that goes too.
    QString text = location;
    if (const qsizetype question = text.indexOf(QLatin1Char('?')); question >= 0) {
        QStringList kept;
        for (const QString &item : text.mid(question + 1).split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
            const QString key = item.section(QLatin1Char('='), 0, 0).trimmed();
            if (key.compare(QLatin1String("password"), Qt::CaseInsensitive) != 0)
                kept << item;
        }
        text = text.left(question) + (kept.isEmpty() ? QString() : QLatin1Char('?') + kept.join(QLatin1Char('&')));
    }
    const qsizetype authority = text.indexOf(QLatin1String("://")) + 3;
    qsizetype authorityEnd = text.indexOf(QRegularExpression(QStringLiteral("[/?]")), authority);
    if (authorityEnd < 0)
        authorityEnd = text.size();
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'), authorityEnd - 1);
    if (at < authority)
        return text;
    const qsizetype colon = text.indexOf(QLatin1Char(':'), authority);
    if (colon < 0 || colon > at)
        return text;
    return text.left(colon) + text.mid(at);
}

} // namespace mirror
