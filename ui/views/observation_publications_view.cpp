#include "views/observation_publications_view.h"

#include "store/store_reader.h"
#include "views/publications_page.h"

namespace mirror::ui {

ObservationPublicationsView::ObservationPublicationsView(QWidget *parent) : QLabel(parent)
{
    qRegisterMetaType<std::optional<store::ObservationPublications>>();
    setObjectName(QStringLiteral("detailPublications"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setOpenExternalLinks(true);
    setTextInteractionFlags(Qt::TextBrowserInteraction);
    hide();
}

void ObservationPublicationsView::setReader(store::StoreReader *reader)
{
    for (QMetaObject::Connection &connection : m_connections)
        disconnect(connection);
    m_reader = reader;
    if (reader) {
        m_connections[0] =
            connect(reader, &store::StoreReader::taskDone, this, &ObservationPublicationsView::onTaskDone);
        m_connections[1] = connect(reader, &store::StoreReader::failed, this, &ObservationPublicationsView::onFailed);
    }
    clearObservation();
}

void ObservationPublicationsView::clearObservation()
{
    m_collection.clear();
    m_observationID.clear();
    m_token = 0;
    clear();
    hide();
}

void ObservationPublicationsView::showObservation(const QString &collection, const QString &observationID, bool force)
{
    if (!force && collection == m_collection && observationID == m_observationID)
        return;
    m_collection = collection;
    m_observationID = observationID;
    if (!m_reader)
        return;
    m_token = m_reader->newToken();
    m_reader->requestTask(
        m_token, [collection, observationID](const std::shared_ptr<store::Store> &s) -> mirror::Result<QVariant> {
            auto found = store::PublicationStore(s).forObservation(collection, observationID);
            if (!found)
                return found.error();
            return QVariant::fromValue(*found);
        });
}

QString ObservationPublicationsView::describe(const store::ObservationPublications &o)
{
    if (o.proposalId.isEmpty())
        return tr("<b>Proposal:</b> the observation names none, so no publication can be linked to it.");
    QString text = tr("<b>Proposal %1</b>").arg(o.proposalId.toHtmlEscaped());
    if (o.proposal) {
        QStringList about;
        if (!o.proposal->title.isEmpty())
            about << o.proposal->title.toHtmlEscaped();
        if (!o.proposal->pi.isEmpty())
            about << tr("PI %1").arg(o.proposal->pi.toHtmlEscaped());
        if (!o.proposal->cycle.isEmpty())
            about << tr("cycle %1").arg(o.proposal->cycle.toHtmlEscaped());
        if (!about.isEmpty())
            text += QStringLiteral(": ") + about.join(QStringLiteral(", "));
    }
    if (o.publications.empty())
        return text + QStringLiteral("<br>") + tr("No publications known from this proposal.");
    text += QStringLiteral("<br><b>%1</b>").arg(tr("Publications (%n):", nullptr, int(o.publications.size())));
    text += QStringLiteral("<ul style=\"margin-left: -20px; margin-top: 2px;\">");
    for (const store::PublicationRecord &p : o.publications) {
        QString item =
            QStringLiteral("<a href=\"%1\">%2</a>").arg(adsUrl(p.bibcode).toHtmlEscaped(), p.bibcode.toHtmlEscaped());
        if (!p.doi.isEmpty())
            item += QStringLiteral(" &middot; <a href=\"%1\">doi:%2</a>")
                        .arg(doiUrl(p.doi).toHtmlEscaped(), p.doi.toHtmlEscaped());
        if (!p.title.isEmpty())
            item += QStringLiteral("<br>%1").arg(p.title.toHtmlEscaped());
        if (p.year)
            item += QStringLiteral(" (%1)").arg(*p.year);
        text += QStringLiteral("<li>%1</li>").arg(item);
    }
    return text + QStringLiteral("</ul>");
}

void ObservationPublicationsView::onTaskDone(quint64 token, const QVariant &result)
{
    if (token != m_token)
        return;
    m_token = 0;
    const auto found = result.value<std::optional<store::ObservationPublications>>();
    if (!found) {
        hide();
        return;
    }
    setText(describe(*found));
    show();
    emit publicationsShown();
}

void ObservationPublicationsView::onFailed(quint64 token, const QString &message)
{
    if (token != m_token)
        return;
    m_token = 0;
    setText(tr("Could not read the publications of this observation: %1").arg(message.toHtmlEscaped()));
    show();
}

} // namespace mirror::ui
