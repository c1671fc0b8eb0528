#pragma once

#include "models/compare_outcome.h"

#include <QAbstractTableModel>

#include <memory>
#include <optional>

// The fields of one entity of a comparison, one column per copy. Differing rows come from the comparison (nested
// paths such as "energy.bounds.lower", named relative to the entity) and are highlighted and marked "≠"; with
// "only differences" off, the fields that agree are listed too, at the top level. A row that only summarises a
// difference further down (accMetaChecksum, maxLastModified) is marked "≈".
namespace mirror::models {

class CompareFieldModel : public QAbstractTableModel {
    Q_OBJECT

public:
    static constexpr int FieldRowRole = Qt::UserRole + 70; // int: index into Comparison::fields, -1 when equal
    static constexpr int DiffersRole = Qt::UserRole + 71;  // bool
    static constexpr int PathRole = Qt::UserRole + 72;     // QString: the field's full identity path

    explicit CompareFieldModel(QObject *parent = nullptr);

    void setOutcome(std::shared_ptr<const CompareOutcome> outcome);
    void setNode(std::optional<std::size_t> node);
    std::optional<std::size_t> node() const { return m_node; }
    void setOnlyDifferences(bool only);
    bool onlyDifferences() const { return m_onlyDifferences; }
    // The row showing Comparison::fields[fieldRow], or -1.
    int rowOfField(std::size_t fieldRow) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Row {
        QString field;
        std::vector<std::optional<QString>> values;
        int fieldRow = -1; // into Comparison::fields
        bool differs = false;
        bool aggregate = false;
    };
    void rebuild();

    std::shared_ptr<const CompareOutcome> m_outcome;
    std::optional<std::size_t> m_node;
    bool m_onlyDifferences = true;
    std::vector<Row> m_rows;
};

} // namespace mirror::models
