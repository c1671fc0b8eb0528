#include "demo_partners.h"

#include "demo/demo_files.h"
#include "demo/demo_partners.h"
#include "serve/repository_server.h"
#include "store/store.h"

#include <QThread>

namespace {

// Everything that lives on the partners' thread: the stores and the servers.
class PartnerHost : public QObject {
public:
    // Returns the sources, or an error message.
    std::pair<std::vector<mirror::PartnerSource>, QString> startAll()
    {
        std::vector<mirror::PartnerSource> sources;
        // The files every partner publishes beside its metadata (one directory: the same URI, the same bytes).
        auto files = demo::ensureDemoPartnerFiles();
        if (!files)
            return {{}, QString::fromStdString(files.error().message)};
        for (const QString &name : demo::demoPartnerNames()) {
            auto path = demo::ensureDemoPartnerStore(name);
            if (!path)
                return {{}, QString::fromStdString(path.error().message)};
            store::StoreLocation location;
            location.engine = store::Engine::SQLite;
            location.sqlitePath = *path;
            auto opened = store::Store::open(location);
            if (!opened)
                return {{}, QString::fromStdString(opened.error().message)};
            serve::ServeOptions options; // loopback, any free port, read-only
            options.artifactRoot = *files;
            auto *server = new serve::RepositoryServer(opened.value(), options, this);
            QString error;
            if (server->start(&error) == 0)
                return {{}, QStringLiteral("the demo partner %1 cannot listen: %2").arg(name, error)};
            mirror::PartnerSource source;
            source.name = name;
            source.endpointKind = mirror::EndpointKind::Capabilities;
            source.endpoint = server->capabilitiesUrl();
            source.collections = {QStringLiteral("HST"), QStringLiteral("JWST")};
            sources.push_back(std::move(source));
        }
        return {sources, QString()};
    }
};

} // namespace

DemoPartners::DemoPartners(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<std::vector<mirror::PartnerSource>>("std::vector<mirror::PartnerSource>");
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("DemoPartners"));
    m_host = new PartnerHost;
    m_host->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_host, &QObject::deleteLater);
    m_thread->start();
}

DemoPartners::~DemoPartners()
{
    m_thread->quit();
    m_thread->wait(5000);
    delete m_thread;
}

void DemoPartners::start()
{
    auto *host = static_cast<PartnerHost *>(m_host);
    QMetaObject::invokeMethod(
        m_host,
        [this, host] {
            auto [sources, error] = host->startAll();
            // Back to the GUI thread through queued emits: this object lives there.
            if (error.isEmpty())
                QMetaObject::invokeMethod(
                    this, [this, sources] { emit ready(sources); }, Qt::QueuedConnection);
            else
                QMetaObject::invokeMethod(
                    this, [this, error] { emit failed(error); }, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}
