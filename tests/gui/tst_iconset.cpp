// The console's icon set: every icon is present in both theme variants and every size, and the state icons
// are told apart by their shape alone (their alpha masks differ), so no state relies on colour.
#include "models/icon_set.h"

#include <QGuiApplication>
#include <QImage>
#include <QTest>

using mirror::models::IconName;

namespace {

constexpr int iconCount = static_cast<int>(IconName::StateSkipped) + 1;

// The shape of an icon: where it is opaque, with colour thrown away.
QImage shapeOf(const QIcon &icon)
{
    QImage image = icon.pixmap(16).toImage().convertToFormat(QImage::Format_ARGB32);
    QImage mask(image.size(), QImage::Format_Grayscale8);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            mask.setPixel(x, y, qAlpha(image.pixel(x, y)) > 128 ? 0xffffffff : 0xff000000);
    return mask;
}

int differingPixels(const QImage &a, const QImage &b)
{
    int count = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x)
            count += a.pixel(x, y) != b.pixel(x, y) ? 1 : 0;
    return count;
}

} // namespace

class TestIconSet : public QObject {
    Q_OBJECT

private slots:
    void everyIconInBothThemesAndEverySize()
    {
        for (int i = 0; i < iconCount; ++i) {
            const auto name = static_cast<IconName>(i);
            for (bool dark : {false, true}) {
                const QIcon icon = mirror::models::icon(name, dark);
                QVERIFY2(!icon.isNull(), qPrintable(QString::number(i)));
                for (int size : {16, 24, 32, 48}) {
                    const QImage image = icon.pixmap(size).toImage();
                    QCOMPARE(image.size(), QSize(size, size));
                    // Drawn, not blank: some pixel is opaque.
                    bool opaque = false;
                    for (int y = 0; y < size && !opaque; ++y)
                        for (int x = 0; x < size && !opaque; ++x)
                            opaque = qAlpha(image.pixel(x, y)) > 200;
                    QVERIFY2(opaque, qPrintable(QStringLiteral("icon %1 at %2 px is blank").arg(i).arg(size)));
                }
            }
            // The dark variant is recoloured for a dark window, not the same picture.
            QVERIFY(mirror::models::icon(name, false).pixmap(16).toImage()
                    != mirror::models::icon(name, true).pixmap(16).toImage());
        }
    }

    void stateIconsDifferInShapeNotOnlyColour()
    {
        const IconName states[] = {
            IconName::StateOk,      IconName::StateDiffers,      IconName::StateStale,         IconName::StatePending,
            IconName::StateUnknown, IconName::StateMissingLocal, IconName::StateMissingRemote, IconName::StateSkipped};
        for (const IconName a : states) {
            for (const IconName b : states) {
                if (a >= b)
                    continue;
                const int differing =
                    differingPixels(shapeOf(mirror::models::icon(a, false)), shapeOf(mirror::models::icon(b, false)));
                // At least 10 of 256 pixels: a difference the eye sees at 16 px.
                QVERIFY2(differing >= 10,
                         qPrintable(QStringLiteral("states %1 and %2 differ in only %3 pixels")
                                        .arg(int(a))
                                        .arg(int(b))
                                        .arg(differing)));
            }
        }
    }

    void storeStatesMapToTheirIcons()
    {
        QVERIFY(mirror::models::stateIconName(QStringLiteral("ok")) == IconName::StateOk);
        QVERIFY(mirror::models::stateIconName(QStringLiteral("differs")) == IconName::StateDiffers);
        QVERIFY(mirror::models::stateIconName(QStringLiteral("stale")) == IconName::StateStale);
        QVERIFY(mirror::models::stateIconName(QStringLiteral("pending")) == IconName::StatePending);
        QVERIFY(mirror::models::stateIconName(QString()) == IconName::StateUnknown);
        QVERIFY(mirror::models::stateIconName(QStringLiteral("something new")) == IconName::StateUnknown);
    }
};

QTEST_MAIN(TestIconSet)
#include "tst_iconset.moc"
