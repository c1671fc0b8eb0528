#pragma once

#include "common/partner_source.h"

#include <QObject>
#include <QString>

#include <vector>

class QThread;

// The demo's partners, served in-process: MAST, CADC and ESDC each publish their copy of the demo collections
// (core/demo/demo_partners.h) with the repository protocol on a loopback port, and the collections' files
// (core/demo/demo_files.h), from one thread of their own so
// the console's window never waits on them. Started by `caom-console --demo`; once they listen, ready() gives
// the sources to register in the demo's own settings.
class DemoPartners : public QObject {
    Q_OBJECT

public:
    explicit DemoPartners(QObject *parent = nullptr);
    ~DemoPartners() override; // stops the servers (after the event loop has ended: it waits for their thread)

    // Builds the partners' stores when missing and starts listening; answers with ready() or failed().
    void start();

signals:
    void ready(const std::vector<mirror::PartnerSource> &sources);
    void failed(const QString &message);

private:
    QThread *m_thread = nullptr;
    QObject *m_host = nullptr; // lives on m_thread; owns the servers
};
