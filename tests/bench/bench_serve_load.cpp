// `caom-sync serve` under concurrent clients and one very long listing (issue 16 item 3), measured against
// another caom-sync binary in the same run (for before/after: pass the older one with --before).
//   documents/s fetched by 1 and by 8 concurrent clients (one kept-alive connection each, 10,000 generated
//   22 kB observations), and the server's resident memory while one client lists a 1,000,000-row collection
//   in full (one request, --max-rec 1000000).
// Not a Google Benchmark: two processes are compared, each figure the median of --repeat runs.
//   build/bench/bench_serve_load [--before OLD_CAOM_SYNC] [--work DIR] [--seconds 5] [--repeat 3]
// The store is made once in DIR (kept for later runs): the 10,000 observations by `caom-sync generate`, and
// the 1,000,000 listing rows of collection MILLION by SQL, with empty documents (a listing never reads them).
#include "background_program.h"

#include "net/http_client.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace {

constexpr int millionRows = 1000000;

qint64 residentKiB(qint64 pid, const char *field = "VmRSS:")
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith(field))
            return line.mid(int(qstrlen(field))).trimmed().split(' ').value(0).toLongLong();
    return 0;
}

bool run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(3600 * 1000) || process.exitCode() != 0) {
        std::fprintf(stderr, "%s %s failed: %s\n", qPrintable(program), qPrintable(arguments.join(QLatin1Char(' '))),
                     process.readAllStandardError().constData());
        return false;
    }
    return true;
}

bool makeStore(const QString &caomSync, const QString &path)
{
    if (QFile::exists(path))
        return true;
    const QString building = path + QStringLiteral(".building");
    QFile::remove(building);
    std::fprintf(stderr, "making %s (once)\n", qPrintable(path));
    if (!run(caomSync,
             {QStringLiteral("generate"), QStringLiteral("--store"), building, QStringLiteral("--collection"),
              QStringLiteral("BENCH"), QStringLiteral("--count"), QStringLiteral("10000")}))
        return false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("make"));
        db.setDatabaseName(building);
        QSqlQuery query(db);
        const bool made = db.open()
            && query.exec(
                QStringLiteral(
                    "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %1)"
                    " INSERT INTO observation (source, collection, observation_id, uri, id, observation_type,"
                    " last_modified, max_last_modified, meta_checksum, acc_meta_checksum, state, caom_version,"
                    " document, document_size, stored_at)"
                    " SELECT '', 'MILLION', printf('m%07d', i), printf('caom:MILLION/m%07d', i),"
                    " printf('00000000-0000-4000-8000-%012d', i), 'SimpleObservation', 1700000000000 + i * 1000,"
                    " 1700000000000 + i * 1000, printf('md5:%032x', i), printf('md5:%032x', i + 7), 'ok', 24, x'', 0, 0"
                    " FROM n")
                    .arg(millionRows - 1));
        if (!made) {
            std::fprintf(stderr, "cannot fill %s: %s\n", qPrintable(building),
                         qPrintable(query.lastError().text() + db.lastError().text()));
            return false;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("make"));
    return QFile::rename(building, path);
}

struct Figures {
    double documentsPerSecond1 = 0;
    double documentsPerSecond8 = 0;
    double listingSeconds = 0;
    qint64 listedRows = 0;
    qint64 rssBeforeKiB = 0;
    qint64 rssPeakKiB = 0;
};

net::HttpOptions httpOptions()
{
    net::HttpOptions options;
    options.totalTimeout = std::chrono::milliseconds(600000);
    return options;
}

double fetchRate(const std::string &base, const std::vector<std::string> &ids, int clients, int seconds)
{
    std::atomic<long> fetched{0};
    std::atomic<bool> failed{false};
    const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c)
        threads.emplace_back([&, c] {
            net::HttpClient client(httpOptions());
            std::size_t next = std::size_t(c) * 997;
            while (std::chrono::steady_clock::now() < end) {
                net::HttpRequest request;
                request.url = base + "/observations/BENCH/" + ids[next++ % ids.size()];
                auto answer = client.perform(request);
                if (!answer || answer->status != 200) {
                    failed = true;
                    return;
                }
                ++fetched;
            }
        });
    for (auto &thread : threads)
        thread.join();
    return failed ? -1 : double(fetched) / seconds;
}

bool measure(const QString &caomSync, const QString &store, int seconds, Figures &figures)
{
    testsupport::BackgroundProgram serve;
    const QString capabilities =
        serve.start(caomSync,
                    {QStringLiteral("serve"), QStringLiteral("--store"), store, QStringLiteral("--listen"),
                     QStringLiteral("127.0.0.1:0"), QStringLiteral("--max-rec"), QString::number(millionRows),
                     QStringLiteral("--access-log"), QStringLiteral("/dev/null")},
                    600000);
    if (capabilities.isEmpty()) {
        std::fprintf(stderr, "serve did not start: %s\n", qPrintable(serve.error()));
        return false;
    }
    const std::string base = capabilities.chopped(int(qstrlen("/capabilities"))).toStdString();
    net::HttpClient client(httpOptions());
    net::HttpRequest list;
    list.url = base + "/observations/BENCH?maxrec=10000";
    auto listed = client.perform(list);
    if (!listed || listed->status != 200)
        return false;
    std::vector<std::string> ids;
    for (const QByteArray &line : QByteArray::fromStdString(listed->body).split('\n'))
        if (const auto fields = line.split('\t'); fields.size() == 4)
            ids.push_back(fields[1].toStdString());
    if (ids.empty())
        return false;
    fetchRate(base, ids, 8, 1); // warm: page cache, connections, the workers' store connections
    figures.documentsPerSecond1 = fetchRate(base, ids, 1, seconds);
    figures.documentsPerSecond8 = fetchRate(base, ids, 8, seconds);

    const qint64 pid = serve.processId();
    figures.rssBeforeKiB = residentKiB(pid);
    std::atomic<bool> listing{true};
    std::atomic<qint64> peak{figures.rssBeforeKiB};
    std::thread sampler([&] {
        while (listing) {
            peak = std::max<qint64>(peak, residentKiB(pid));
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    });
    net::HttpRequest million;
    million.url = base + "/observations/MILLION?maxrec=" + std::to_string(millionRows);
    qint64 rows = 0;
    const auto start = std::chrono::steady_clock::now();
    auto answer = client.perform(million, [&](const char *data, std::size_t size) {
        rows += std::count(data, data + size, '\n');
        return true;
    });
    figures.listingSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    listing = false;
    sampler.join();
    figures.rssPeakKiB = peak;
    figures.listedRows = rows;
    if (!answer || answer->status != 200) {
        std::fprintf(stderr, "the million listing failed\n");
        return false;
    }
    return true;
}

template <class Field>
double median(std::vector<Figures> runs, Field field)
{
    std::vector<double> values;
    for (const Figures &f : runs)
        values.push_back(double(field(f)));
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    net::initialiseHttp();
    QString before;
    QString work = QDir::temp().filePath(QStringLiteral("bench-serve-load"));
    int seconds = 5;
    int repeat = 3;
    const QStringList arguments = app.arguments();
    for (int i = 1; i + 1 < arguments.size(); i += 2) {
        if (arguments[i] == QLatin1String("--before"))
            before = arguments[i + 1];
        else if (arguments[i] == QLatin1String("--work"))
            work = arguments[i + 1];
        else if (arguments[i] == QLatin1String("--seconds"))
            seconds = arguments[i + 1].toInt();
        else if (arguments[i] == QLatin1String("--repeat"))
            repeat = arguments[i + 1].toInt();
    }
    QDir().mkpath(work);
    const QString after = QStringLiteral(MIRROR_CAOM_SYNC);
    // Made by the older program when there is one: a newer one migrates a copy, an older one cannot open newer.
    const QString store = QDir(work).filePath(QStringLiteral("bench.sqlite"));
    if (!makeStore(before.isEmpty() ? after : before, store))
        return 1;

    std::vector<std::pair<QString, QString>> programs;
    if (!before.isEmpty())
        programs.emplace_back(QStringLiteral("before"), before);
    programs.emplace_back(QStringLiteral("this build"), after);
    std::vector<std::vector<Figures>> results(programs.size());
    for (int r = 0; r < repeat; ++r)
        for (std::size_t p = 0; p < programs.size(); ++p) {
            const QString copy = QDir(work).filePath(QStringLiteral("run.sqlite"));
            QFile::remove(copy);
            QFile::remove(copy + QStringLiteral("-wal"));
            QFile::remove(copy + QStringLiteral("-shm"));
            if (!QFile::copy(store, copy))
                return 1;
            Figures figures;
            if (!measure(programs[p].second, copy, seconds, figures))
                return 1;
            std::fprintf(stderr, "%s run %d: %.0f and %.0f documents/s, %lld rows in %.1f s, %lld -> %lld kB\n",
                         qPrintable(programs[p].first), r + 1, figures.documentsPerSecond1, figures.documentsPerSecond8,
                         static_cast<long long>(figures.listedRows), figures.listingSeconds,
                         static_cast<long long>(figures.rssBeforeKiB), static_cast<long long>(figures.rssPeakKiB));
            results[p].push_back(figures);
        }
    std::printf("| program | documents/s, 1 client | 8 clients | 8 / 1 | 1,000,000-row listing | server memory "
                "growth while listing |\n|---|---|---|---|---|---|\n");
    for (std::size_t p = 0; p < programs.size(); ++p) {
        const auto &runs = results[p];
        const double one = median(runs, [](const Figures &f) { return f.documentsPerSecond1; });
        const double eight = median(runs, [](const Figures &f) { return f.documentsPerSecond8; });
        std::printf("| %s | %.0f | %.0f | %.2f× | %.1f s | %.0f MB |\n", qPrintable(programs[p].first), one, eight,
                    eight / one, median(runs, [](const Figures &f) { return f.listingSeconds; }),
                    median(runs, [](const Figures &f) { return double(f.rssPeakKiB - f.rssBeforeKiB); }) / 1024.0);
    }
    return 0;
}
