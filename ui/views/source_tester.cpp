#include "views/source_tester.h"

#include "net/http_client.h"
#include "sync/source_resolver.h"

namespace mirror::ui {

SourceListEditor::Tester defaultSourceTester()
{
    net::initialiseHttp(); // here, on the GUI thread, before any test runs on a worker
    return [](const PartnerSource &source, const std::atomic<bool> *cancel) -> Result<SourceListEditor::TestReport> {
        // The resolution a harvest makes, as `caom-sync sources test` does: reachable here means a harvest can
        // start, and a partner that cannot list its collections fails the test.
        auto resolved = harvest::resolveSource(source, cancel);
        if (!resolved)
            return resolved.error();
        const QString observationsUrl = QString::fromStdString(resolved->endpoints.observationsUrl);
        if (!resolved->partnerClock.failure.isEmpty())
            return Error{ErrorCategory::Transient,
                         QStringLiteral("%1: cannot list the collections at %2: %3")
                             .arg(source.name, observationsUrl, resolved->partnerClock.failure)
                             .toStdString()};
        SourceListEditor::TestReport report;
        report.observationsUrl = observationsUrl;
        report.deletionsUrl = QString::fromStdString(resolved->endpoints.deletionsUrl);
        report.offered = resolved->offered;
        return report;
    };
}

} // namespace mirror::ui
