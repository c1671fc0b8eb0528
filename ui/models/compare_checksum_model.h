#pragma once

#include "models/compare_outcome.h"

#include <QAbstractTableModel>

#include <memory>
#include <optional>

// The checksums of every copy at every level from the observation down to one entity: metaChecksum and
// accMetaChecksum, each as recomputed from the copy's fields and as the copy declares it, one column per copy.
// The level where the copies part is marked "◆"; a value that differs between the copies is marked "≠" and
// highlighted; a declared value that disagrees with its own copy's fields is marked "✗".
namespace mirror::models {

class CompareChecksumModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { LevelColumn, ChecksumColumn, FirstCopyColumn };
    static constexpr int NodeRole = Qt::UserRole + 80;         // int: the level's node
    static constexpr int PartsHereRole = Qt::UserRole + 81;    // bool: the copies part at this level
    static constexpr int DiffersRole = Qt::UserRole + 82;      // bool: the copies' values differ on this row
    static constexpr int SelfMismatchRole = Qt::UserRole + 83; // bool (copy cells): declared ≠ recomputed

    explicit CompareChecksumModel(QObject *parent = nullptr);

    void setOutcome(std::shared_ptr<const CompareOutcome> outcome);
    void setNode(std::optional<std::size_t> node);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    enum class Kind { MetaRecomputed, MetaDeclared, AccRecomputed, AccDeclared };
    struct Row {
        std::size_t node = 0;
        Kind kind = Kind::MetaRecomputed;
    };
    std::optional<QString> value(const Row &row, std::size_t copy) const;
    bool selfMismatch(const Row &row, std::size_t copy) const;
    bool differs(const Row &row) const;
    void rebuild();

    std::shared_ptr<const CompareOutcome> m_outcome;
    std::optional<std::size_t> m_node;
    std::vector<Row> m_rows;
};

} // namespace mirror::models
