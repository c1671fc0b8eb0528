// The XML reader: version handling and the Java reading rules (spec §3.5-3.6), and a hostile-input table
// where every bad document is refused with an error that names the place and the cause.
#include "caom2/xml_reader.h"

#include <algorithm>
#include <cctype>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace caom2;

namespace {

constexpr const char *ns24 = "http://www.opencadc.org/caom2/xml/v2.4";
constexpr const char *ns22 = "vos://cadc.nrc.ca!vospace/CADC/xml/CAOM/v2.2";

// A small valid document; `planeBody` goes inside the one plane, `observationExtra` after <algorithm>.
std::string document(const std::string &planeBody = {}, const std::string &observationExtra = {},
                     const std::string &ns = ns24, const std::string &type = "caom2:SimpleObservation")
{
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<caom2:Observation xmlns:caom2=\""
        + ns
        + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
          "    xsi:type=\""
        + type
        + "\" caom2:id=\"00000000-0000-0000-0000-000000000001\">\n"
          "  <caom2:collection>TEST</caom2:collection>\n"
          "  <caom2:observationID>obs1</caom2:observationID>\n"
          "  <caom2:algorithm><caom2:name>exposure</caom2:name></caom2:algorithm>\n"
        + observationExtra
        + "  <caom2:planes>\n"
          "    <caom2:plane caom2:id=\"00000000-0000-0000-0000-000000000002\">\n"
          "      <caom2:productID>p1</caom2:productID>\n"
        + planeBody
        + "    </caom2:plane>\n"
          "  </caom2:planes>\n"
          "</caom2:Observation>\n";
}

std::string artifact(const std::string &uri, const std::string &productType = "science", const std::string &parts = {})
{
    return "<caom2:artifact caom2:id=\"00000000-0000-0000-0000-0000000000a1\"><caom2:uri>" + uri
        + "</caom2:uri><caom2:productType>" + productType
        + "</caom2:productType><caom2:releaseType>data</caom2:releaseType>" + parts + "</caom2:artifact>";
}

std::string nested(int depth)
{
    std::string open;
    std::string close;
    for (int i = 0; i < depth; ++i) {
        open += "<caom2:x>";
        close = "</caom2:x>" + close;
    }
    return open + close;
}

std::string sampleBytes(const char *name)
{
    QFile file(QStringLiteral(MIRROR_TEST_DATA_DIR "/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().toStdString();
}

bool writeFile(const QString &path, const std::string &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes.data(), qint64(bytes.size())) == qint64(bytes.size());
}

// Line and column (1-based, in bytes) of `offset`, counted here in the text the test wrote.
std::pair<int, int> placeOf(const std::string &text, std::size_t offset)
{
    const std::size_t lastBreak = text.rfind('\n', offset - 1);
    const std::size_t lineStart = lastBreak == std::string::npos ? 0 : lastBreak + 1;
    return {int(std::count(text.begin(), text.begin() + std::ptrdiff_t(offset), '\n')) + 1,
            int(offset - lineStart) + 1};
}

} // namespace

class TestXmlReader : public QObject {
    Q_OBJECT

private slots:
    void refusesHostileAndBrokenInput_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<int>("line");        // 0: do not check
        QTest::addColumn<QString>("element"); // "" : do not check
        QTest::addColumn<QString>("cause");   // fragment of the message

        const std::string good = document();
        auto row = [](const char *name, const std::string &xml, int line, const char *element, const char *cause) {
            QTest::newRow(name) << QByteArray::fromStdString(xml) << line << QString::fromUtf8(element)
                                << QString::fromUtf8(cause);
        };
        row("dtd with entities",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lol [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n"
                + good.substr(good.find('\n') + 1),
            2, "", "DTD");
        row("external entity",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE x SYSTEM \"file:///etc/passwd\">\n" + good.substr(good.find('\n') + 1),
            2, "", "DTD");
        row("deep nesting", document({}, nested(100)), 0, "x", "nested deeper than 64");
        row("invalid utf-8", document("      <caom2:creatorID>ivo://x/\xC3\x28</caom2:creatorID>\n"), 10, "",
            "invalid UTF-8");
        row("overlong utf-8", document("      <caom2:creatorID>ivo://x/\xC0\xAF</caom2:creatorID>\n"), 10, "",
            "invalid UTF-8");
        row("utf-16", "\xFF\xFE<\0?\0", 1, "", "UTF-16");
        row("latin-1 declared", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a/>", 1, "", "only UTF-8");
        row("not well-formed", good.substr(0, good.size() - 12), 0, "", "not well-formed");
        row("unknown namespace", document({}, {}, "http://example.org/caom"), 2, "Observation",
            "unsupported namespace");
        row("not an observation", "<?xml version=\"1.0\"?>\n<caom2:Plane xmlns:caom2=\"" + std::string(ns24) + "\"/>",
            2, "Plane", "not a CAOM Observation");
        row("unknown xsi type", document({}, {}, ns24, "caom2:FancyObservation"), 2, "Observation", "FancyObservation");
        row("missing id",
            std::string(good).replace(good.find(" caom2:id=\"00000000-0000-0000-0000-000000000001\""), 48, ""), 2,
            "Observation", "no id");
        row("bad uuid", std::string(good).replace(good.find("000000000001"), 12, "00000000000z"), 2, "Observation",
            "not a UUID");
        row("missing collection",
            std::string(good).replace(good.find("  <caom2:collection>TEST</caom2:collection>\n"), 44, ""), 2,
            "Observation", "<collection>");
        row("empty observationID", std::string(good).replace(good.find(">obs1<"), 6, ">  <"), 5, "observationID",
            "value is required");
        row("unknown intent", document({}, "  <caom2:intent>science-ish</caom2:intent>\n"), 7, "intent", "science-ish");
        row("bad double", document({}, "  <caom2:environment><caom2:seeing>0,8</caom2:seeing></caom2:environment>\n"),
            7, "seeing", "'0,8' is not a number");
        row("int32 overflow", document({}, "  <caom2:sequenceNumber>4294967296</caom2:sequenceNumber>\n"), 7,
            "sequenceNumber", "32-bit");
        row("bad date", document({}, "  <caom2:metaRelease>2012-13-45</caom2:metaRelease>\n"), 7, "metaRelease",
            "not a date");
        row("unknown data product type", document("      <caom2:dataProductType>picture</caom2:dataProductType>\n"), 10,
            "dataProductType", "'picture'");
        row("bare catalog in 2.4", document("      <caom2:dataProductType>catalog</caom2:dataProductType>\n"), 10,
            "dataProductType", "'catalog'");
        row("retired product type",
            document("<caom2:artifacts>" + artifact("ad:x", "catalog") + "</caom2:artifacts>\n"), 10, "productType",
            "'catalog' is not a product type");
        row("calibration level 7", document("      <caom2:calibrationLevel>7</caom2:calibrationLevel>\n"), 10,
            "calibrationLevel", "calibration level");
        row("uri with space", document("      <caom2:creatorID>ivo://x/a b</caom2:creatorID>\n"), 10, "creatorID",
            "not a valid URI");
        row("duplicate artifact uri",
            document("<caom2:artifacts>" + artifact("ad:x") + artifact("ad:x") + "</caom2:artifacts>\n"), 10,
            "artifact", "two artifacts");
        row("polarization state",
            document(
                "<caom2:polarization><caom2:states><caom2:state>Z</caom2:state></caom2:states></caom2:polarization>\n"),
            10, "state", "'Z' is not a polarization state");
        row("2.2 polygon",
            document("<caom2:position><caom2:bounds "
                     "xsi:type=\"caom2:Polygon\"><caom2:vertices/></caom2:bounds></caom2:position>\n",
                     {}, ns22),
            10, "bounds", "2.2 polygon");
        row("spectral wcs without specsys",
            document(
                "<caom2:artifacts>"
                + artifact(
                    "ad:x", "science",
                    "<caom2:parts><caom2:part "
                    "caom2:id=\"00000000-0000-0000-0000-0000000000b1\"><caom2:name>0</caom2:name>"
                    "<caom2:chunks><caom2:chunk "
                    "caom2:id=\"00000000-0000-0000-0000-0000000000c1\"><caom2:energy><caom2:axis>"
                    "<caom2:axis><caom2:ctype>WAVE</caom2:ctype></caom2:axis></caom2:axis></caom2:energy></caom2:chunk>"
                    "</caom2:chunks></caom2:part></caom2:parts>")
                + "</caom2:artifacts>\n"),
            10, "energy", "<specsys>");
    }

    void refusesHostileAndBrokenInput()
    {
        QFETCH(QByteArray, xml);
        QFETCH(int, line);
        QFETCH(QString, element);
        QFETCH(QString, cause);
        const ReadResult result =
            readObservation(std::string_view(xml.constData(), static_cast<std::size_t>(xml.size())), "bad.xml");
        QVERIFY2(!result.ok, "the document was accepted");
        const QString message = QString::fromStdString(result.error.toString());
        QVERIFY2(message.startsWith(QStringLiteral("bad.xml:")), qPrintable(message));
        QVERIFY2(message.contains(cause), qPrintable(message));
        if (line > 0)
            QVERIFY2(result.error.line == line, qPrintable(message));
        if (!element.isEmpty())
            QVERIFY2(QString::fromStdString(result.error.element) == element, qPrintable(message));
        QVERIFY(result.error.column > 0);
    }

    void limitsAreConfigurable()
    {
        const std::string xml = document();
        ReadLimits limits;
        limits.maxDocumentBytes = 100;
        const ReadResult result = readObservation(xml, "big.xml", limits);
        QVERIFY(!result.ok);
        QVERIFY(QString::fromStdString(result.error.message).contains(QStringLiteral("over the limit of 100")));
    }

    void unreadableFileNamesFileAndCause()
    {
        const ReadResult result = readObservationFile("/nonexistent/dir/obs.xml");
        QVERIFY(!result.ok);
        QCOMPARE(result.error.file, std::string("/nonexistent/dir/obs.xml"));
        QVERIFY(QString::fromStdString(result.error.message).contains(QStringLiteral("No such file")));
    }

    void javaReadingRules()
    {
        const std::string xml = document(
            "      <caom2:dataProductType>eventlist</caom2:dataProductType>\n"
            "      <caom2:artifacts>"
                + artifact(
                    "ad:x", "http://example.org/types#mask",
                    "<caom2:parts><caom2:part "
                    "caom2:id=\"00000000-0000-0000-0000-0000000000b1\"><caom2:name>0</caom2:name>"
                    "<caom2:chunks>"
                    "<caom2:chunk "
                    "caom2:id=\"00000000-0000-0000-0000-0000000000c1\"><caom2:naxis>2</caom2:naxis></caom2:chunk>"
                    "<caom2:chunk "
                    "caom2:id=\"00000000-0000-0000-0000-0000000000c1\"><caom2:naxis>3</caom2:naxis></caom2:chunk>"
                    "</caom2:chunks></caom2:part></caom2:parts>")
                + "</caom2:artifacts>\n",
            "  <caom2:metaRelease>2020-01-02T03:04:05.123456</caom2:metaRelease>\n"
            "  <caom2:type>   </caom2:type>\n"
            "  <caom2:target><caom2:name> M31 </caom2:name><caom2:standard> true</caom2:standard>"
            "<caom2:moving>TRUE</caom2:moving><caom2:keywords><caom2:keyword>b</caom2:keyword>"
            "<caom2:keyword>a</caom2:keyword><caom2:keyword>b</caom2:keyword></caom2:keywords></caom2:target>\n"
            "  <caom2:unknownFutureElement>ignored</caom2:unknownFutureElement>\n");
        const ReadResult result = readObservation(xml, "rules.xml");
        QVERIFY2(result.ok, result.error.toString().c_str());
        const Observation &o = result.document.observation;
        QCOMPARE(o.metaRelease->toString(), std::string("2020-01-02T03:04:05.123")); // decimal fraction, ms kept
        QVERIFY(!o.type.has_value());                                                // whitespace only is absent
        QCOMPARE(o.target->name, std::string("M31"));                                // trimmed
        QCOMPARE(o.target->standard, std::optional<bool>(false));           // Java: only the exact text "true" is true
        QCOMPARE(o.target->moving, std::optional<bool>(true));              // in any letter case
        QCOMPARE(o.target->keywords, (std::vector<std::string>{"a", "b"})); // a set, sorted
        QCOMPARE(o.planes[0].dataProductType->term, std::string("event"));  // legacy term mapped
        QCOMPARE(o.planes[0].artifacts[0].productType.term, std::string("http://example.org/types#mask"));
        const Part &part = o.planes[0].artifacts[0].parts[0];
        QCOMPARE(part.chunks.size(), std::size_t{1}); // a repeated chunk id: the first is kept
        QCOMPARE(part.chunks[0].naxis, std::optional<std::int32_t>(2));
        QCOMPARE(result.document.warnings.size(), std::size_t{1}); // and the operator is told
    }

    void version22Rules()
    {
        const std::string xml = document(
            "      <caom2:dataProductType>catalog</caom2:dataProductType>\n"
            "      "
            "<caom2:energy><caom2:bounds><caom2:lower>1.0</caom2:lower><caom2:upper>2.0</caom2:upper></caom2:bounds>"
            "<caom2:emBand>Optical</caom2:emBand></caom2:energy>\n",
            "  <caom2:proposal><caom2:id>P1</caom2:id><caom2:keywords> deep  field\tsurvey "
            "</caom2:keywords></caom2:proposal>\n",
            ns22);
        const ReadResult result = readObservation(xml, "old.xml");
        QVERIFY2(result.ok, result.error.toString().c_str());
        QCOMPARE(result.document.caomVersion, 22);
        const Observation &o = result.document.observation;
        QCOMPARE(o.proposal->keywords, (std::vector<std::string>{"deep", "field", "survey"}));
        const Plane &plane = o.planes[0];
        QCOMPARE(plane.dataProductType->term, std::string("http://www.opencadc.org/caom2/DataProductType#catalog"));
        QCOMPARE(plane.energy->energyBands, std::vector<EnergyBand>{EnergyBand::Optical});
        // Before 2.3 a bounds without samples gets the whole range as its one sample.
        QCOMPARE(plane.energy->bounds->samples.size(), std::size_t{1});
        QCOMPARE(plane.energy->bounds->samples[0].lower, 1.0);
        QCOMPARE(plane.energy->bounds->samples[0].upper, 2.0);
    }

    void checksumAttributesFollowVersion()
    {
        std::string xml = document({}, {}, ns22);
        xml.replace(xml.find("caom2:id=\"00000000-0000-0000-0000-000000000001\""), 0,
                    "caom2:metaChecksum=\"md5:0123\" caom2:metaProducer=\"x:y\" ");
        const ReadResult old = readObservation(xml, "old.xml");
        QVERIFY(old.ok);
        QVERIFY(!old.document.observation.metaChecksum); // ignored before 2.3
        QVERIFY(!old.document.observation.metaProducer); // ignored before 2.4
    }

    void datesAndNumbers_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("normalized"); // "" when refused
        QTest::newRow("java form") << "2012-07-11T13:26:37.123"
                                   << "2012-07-11T13:26:37.123";
        QTest::newRow("no fraction") << "2012-07-11T13:26:37"
                                     << "2012-07-11T13:26:37.000";
        QTest::newRow("date only") << "2012-07-11"
                                   << "2012-07-11T00:00:00.000";
        QTest::newRow("one digit is tenths") << "2012-07-11T13:26:37.1"
                                             << "2012-07-11T13:26:37.100";
        QTest::newRow("micro") << "2012-07-11T13:26:37.999999"
                               << "2012-07-11T13:26:37.999";
        QTest::newRow("zulu") << "2012-07-11T13:26:37.5Z"
                              << "2012-07-11T13:26:37.500";
        QTest::newRow("pre-1970") << "1969-12-31T23:59:58.500"
                                  << "1969-12-31T23:59:58.500";
        QTest::newRow("garbage") << "yesterday"
                                 << "";
        QTest::newRow("bad month") << "2012-13-01"
                                   << "";
        QTest::newRow("empty fraction") << "2012-07-11T13:26:37."
                                        << "";
    }

    void datesAndNumbers()
    {
        QFETCH(QString, text);
        QFETCH(QString, normalized);
        const auto date = Date::parse(text.toStdString());
        if (normalized.isEmpty()) {
            QVERIFY(!date);
            return;
        }
        QVERIFY(date);
        QCOMPARE(QString::fromStdString(date->toString()), normalized);
    }

    // A URI set is kept in java.net.URI order, and URIs Java holds equal (scheme and host differ only in case)
    // collapse to the first one in the document, as a Java TreeSet keeps the first element added. The order
    // below was worked out by hand from URI.compareTo: scheme first ("ad" < "http" < "ivo"), then host, path and
    // query.
    void uriSetsFollowJavaOrderAndKeepTheFirstOfEquals_data()
    {
        QTest::addColumn<QByteArrayList>("inDocument");
        QTest::addColumn<QByteArrayList>("expected");
        QTest::newRow("unsorted, with a case-only duplicate")
            << QByteArrayList{"ivo://cadc.nrc.ca/gms?B", "IVO://CADC.nrc.ca/gms?A", "http://example.org/g",
                              "ivo://cadc.nrc.ca/gms?A", "ad:z"}
            << QByteArrayList{"ad:z", "http://example.org/g", "IVO://CADC.nrc.ca/gms?A", "ivo://cadc.nrc.ca/gms?B"};
        QTest::newRow("sorted, with an exact duplicate")
            << QByteArrayList{"ad:a", "ad:a", "ad:b"} << QByteArrayList{"ad:a", "ad:b"};
        QTest::newRow("already in order")
            << QByteArrayList{"ad:a", "ad:b", "ivo://x/y?g"} << QByteArrayList{"ad:a", "ad:b", "ivo://x/y?g"};
    }

    void uriSetsFollowJavaOrderAndKeepTheFirstOfEquals()
    {
        QFETCH(QByteArrayList, inDocument);
        QFETCH(QByteArrayList, expected);
        std::string groups = "  <caom2:metaReadGroups>";
        for (const QByteArray &uri : inDocument)
            groups += "<caom2:groupURI>" + uri.toStdString() + "</caom2:groupURI>";
        groups += "</caom2:metaReadGroups>\n";
        const ReadResult result = readObservation(document({}, groups));
        QVERIFY2(result.ok, result.error.toString().c_str());
        QByteArrayList read;
        for (const Uri &uri : result.document.observation.metaReadGroups)
            read << QByteArray::fromStdString(uri.text);
        QCOMPARE(read, expected);
    }

    // A file is parsed in place, which writes into the bytes read (ends of names, line ends of CRLF files); the
    // place of a fault is still that of the file as it is on disk.
    void faultInAFileIsPlacedInTheFileAsWritten_data()
    {
        QTest::addColumn<bool>("afterTheParse");
        QTest::newRow("an id that is not a UUID") << true;
        QTest::newRow("XML that is not well-formed") << false;
    }

    void faultInAFileIsPlacedInTheFileAsWritten()
    {
        QFETCH(bool, afterTheParse);
        // CRLF line ends, and every opening tag without attributes written as "<caom2:name\n>": the parse ends
        // each name by writing over the line break after it.
        std::string text;
        for (const char c : sampleBytes("sample-composite-caom24.xml")) {
            if (c == '\n')
                text += '\r';
            if (c == '>' && !text.empty() && std::isalpha(static_cast<unsigned char>(text.back()))
                && text.rfind('<') != std::string::npos
                && text.find_first_of(" /", text.rfind('<')) == std::string::npos)
                text += "\n";
            text += c;
        }
        const std::string plane = "<caom2:plane caom2:id=\"908dbb53-8974-4e69-a1b9-d0a150282013\"";
        const std::size_t at = text.find(plane);
        QVERIFY(at != std::string::npos);
        std::size_t faultAt = at;
        if (afterTheParse) {
            text.replace(at, plane.size(), "<caom2:plane caom2:id=\"not-a-uuid\"");
            faultAt = at + 1; // an element's place is that of its name
        } else {
            text.insert(at, "<broken attribute=>");
            faultAt = at + std::string("<broken attribute=").size();
        }
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("crlf.xml"));
        QVERIFY(writeFile(path, text));
        const ReadResult result = readObservationFile(path.toStdString());
        QVERIFY(!result.ok);
        const auto [line, column] = placeOf(text, faultAt);
        QVERIFY(line > 100); // most tags before the fault now span two lines
        QCOMPARE(result.error.line, line);
        QCOMPARE(result.error.column, column);
        QVERIFY2(result.error.message.find(afterTheParse ? "is not a UUID" : "not well-formed") != std::string::npos,
                 result.error.toString().c_str());
    }

    // Each thread reads its files into one buffer: a shorter file after a longer one must see only its own bytes,
    // and a document read after a parse that wrote into the buffer must read as it did the first time.
    void filesReadOneAfterAnotherSeeOnlyTheirOwnBytes()
    {
        const std::string large = sampleBytes("sample-composite-caom24.xml");
        QVERIFY(large.size() > 100000);
        QTemporaryDir dir;
        const QString largePath = dir.filePath(QStringLiteral("large.xml"));
        const QString truncatedPath = dir.filePath(QStringLiteral("truncated.xml"));
        const QString smallPath = dir.filePath(QStringLiteral("small.xml"));
        const std::string truncated = large.substr(0, large.size() / 2);
        QVERIFY(writeFile(largePath, large));
        QVERIFY(writeFile(truncatedPath, truncated));
        QVERIFY(writeFile(smallPath, document()));

        const ReadResult first = readObservationFile(largePath.toStdString());
        QVERIFY2(first.ok, first.error.toString().c_str());
        const ReadResult cut = readObservationFile(truncatedPath.toStdString());
        QVERIFY(!cut.ok);
        QVERIFY2(cut.error.message.find("not well-formed") != std::string::npos, cut.error.toString().c_str());
        QVERIFY(cut.error.line <= int(std::count(truncated.begin(), truncated.end(), '\n')) + 1);
        const ReadResult small = readObservationFile(smallPath.toStdString());
        QVERIFY2(small.ok, small.error.toString().c_str());
        QCOMPARE(small.document.observation.observationID, std::string("obs1"));
        QCOMPARE(small.document.observation.planes.size(), std::size_t(1));
        const ReadResult again = readObservationFile(largePath.toStdString());
        QVERIFY2(again.ok, again.error.toString().c_str());
        QCOMPARE(again.document.observation.observationID, first.document.observation.observationID);
        QCOMPARE(again.document.observation.planes.size(), first.document.observation.planes.size());
        QCOMPARE(again.document.warnings, first.document.warnings);
    }

    void directoryIsNamedAsOne()
    {
        QTemporaryDir dir;
        const ReadResult result = readObservationFile(dir.path().toStdString());
        QVERIFY(!result.ok);
        QCOMPARE(result.error.file, dir.path().toStdString());
        QCOMPARE(result.error.message, std::string("cannot read the file (is it a directory?)"));
    }

    void everySampleReads_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files = QDir(QStringLiteral(MIRROR_TEST_DATA_DIR)).entryList({QStringLiteral("*.xml")});
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << f;
    }

    void everySampleReads()
    {
        QFETCH(QString, file);
        const ReadResult result =
            readObservationFile(QString(QStringLiteral(MIRROR_TEST_DATA_DIR "/") + file).toStdString());
        QVERIFY2(result.ok, result.error.toString().c_str());
        QVERIFY(!result.document.observation.collection.empty());
    }
};

QTEST_GUILESS_MAIN(TestXmlReader)
#include "tst_xmlreader.moc"
