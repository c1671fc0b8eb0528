#pragma once

#include "common/partner_source.h"
#include "common/result.h"
#include "store/store.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

// The report for the partners' meetings: one self-contained HTML file (inline SVG charts we draw ourselves,
// tables, the period and the sources; no script, no network) and CSV files of the runs, the discrepancies and
// the skip records it summarises. `caom-sync report` and the console's "Export report…" both call this.
namespace harvest {

struct ReportRequest {
    QString outDir;
    qint64 now = 0;              // ms since 1970 UTC: the end of the period
    std::optional<qint64> since; // the start; unset: a week before `now`
    QStringList sources;         // only these partners (case-insensitive); empty: all
    QStringList collections;     // only these collections; empty: all
    QString storeName;           // how the store is named in the report (never with a password)
};

struct ReportFiles {
    QString html;
    QString runsCsv;
    QString discrepanciesCsv;
    QString skipsCsv;
    qint64 runs = 0; // data rows written to each CSV
    qint64 discrepancies = 0;
    qint64 skips = 0;
};

// Writes report.html, runs.csv, discrepancies.csv and skipped.csv into request.outDir (created if missing;
// files of the same names are replaced whole, never left half-written). Errors name the file and the cause.
mirror::Result<ReportFiles> writeReport(const std::shared_ptr<store::Store> &store,
                                        const std::vector<mirror::PartnerSource> &configured,
                                        const ReportRequest &request);

// A CSV field as RFC 4180 writes it: quoted when it holds a comma, quote, CR or LF, inner quotes doubled.
QString csvField(const QString &value);

} // namespace harvest
