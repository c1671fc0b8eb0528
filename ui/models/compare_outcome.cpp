#include "models/compare_outcome.h"

#include "caom2/xml_writer.h"
#include "store/store.h"

#include <QObject>

namespace mirror::models {

QStringList CompareOutcome::copyNames() const
{
    QStringList names;
    for (const harvest::ObservationCopy &copy : copies)
        names << copy.name;
    return names;
}

QStringList CompareOutcome::unreadable() const
{
    QStringList out;
    for (const harvest::ObservationCopy &copy : copies)
        if (!copy.available)
            out << copy.error;
    return out;
}

std::shared_ptr<CompareOutcome> compareCopies(CompareRequest request, std::vector<harvest::ObservationCopy> copies)
{
    auto outcome = std::make_shared<CompareOutcome>();
    outcome->request = std::move(request);
    outcome->copies = std::move(copies);
    bool anyPresent = false;
    for (const harvest::ObservationCopy &copy : outcome->copies)
        anyPresent = anyPresent || copy.observation.has_value();
    if (!anyPresent) {
        QStringList names = outcome->copyNames();
        outcome->error =
            QObject::tr("%1 is in none of %2").arg(outcome->request.observation(), names.join(QStringLiteral(", ")));
    }
    outcome->comparison = caom2::compareObservations(harvest::comparedCopies(outcome->copies));
    for (const harvest::ObservationCopy &copy : outcome->copies)
        outcome->documentLines.push_back(copy.xml.isEmpty() ? QStringList()
                                                            : QString::fromUtf8(copy.xml).split(QLatin1Char('\n')));
    const int n = static_cast<int>(outcome->copies.size());
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j)
            outcome->documents.push_back({i, j,
                                          alignLines(outcome->documentLines[static_cast<std::size_t>(i)],
                                                     outcome->documentLines[static_cast<std::size_t>(j)])});
    return outcome;
}

std::shared_ptr<CompareOutcome> loadComparison(const CompareRequest &request,
                                               const std::shared_ptr<store::Store> &store,
                                               const std::atomic<bool> *cancelled)
{
    std::vector<harvest::ObservationCopy> copies;
    for (const CompareSide &side : request.sides) {
        if (cancelled && cancelled->load())
            return nullptr;
        if (side.local) {
            if (store) {
                copies.push_back(harvest::readLocalCopy(store, request.collection, request.observationID));
                store->releaseThreadConnection(); // a pool thread: leave no connection behind
            } else {
                harvest::ObservationCopy none;
                none.name = side.name();
                none.error = QObject::tr("no store is open to read %1 from").arg(request.observation());
                copies.push_back(std::move(none));
            }
        } else {
            copies.push_back(
                harvest::fetchPartnerCopy(side.source, request.collection, request.observationID, cancelled));
        }
    }
    if (cancelled && cancelled->load())
        return nullptr;
    return compareCopies(request, std::move(copies));
}

harvest::ObservationCopy copyFromObservation(const QString &name, const caom2::Observation &observation)
{
    harvest::ObservationCopy copy;
    copy.name = name;
    copy.origin = name;
    copy.available = true;
    copy.observation = observation;
    caom2::WriteOptions options;
    options.schemaStrict = false; // whatever the model holds, as the store keeps it
    copy.xml = QByteArray::fromStdString(caom2::writeObservation(observation, options).xml);
    return copy;
}

} // namespace mirror::models
