#pragma once

#include "common/result.h"

#include <QTemporaryDir>

#include <cstdint>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

// A listing re-sorted by observationID in bounded memory: rows are gathered in runs of `runSize`, each run
// sorted and spilled to a temporary file, and the runs merged as they are read back. Validation compares a
// time-ordered remote listing with the store's observationID order this way, whatever the collection's size.
namespace harvest {

struct SortableRow {
    std::string observationID;
    std::optional<std::int64_t> maxLastModified;
    std::string accMetaChecksum;
};

class SortedRows {
public:
    explicit SortedRows(std::size_t runSize = 200000);
    ~SortedRows();

    mirror::Result<void> add(SortableRow row);
    // Ends the input; afterwards next() yields the rows in byte order of observationID.
    mirror::Result<void> finish();
    mirror::Result<std::optional<SortableRow>> next();

    std::size_t runs() const { return m_runFiles.size(); }
    std::size_t runSize() const { return m_runSize; }

private:
    mirror::Result<void> spill();
    struct Run;
    static bool laterHead(const Run *a, const Run *b);

    std::size_t m_runSize;
    std::vector<SortableRow> m_buffer;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::vector<std::string> m_runFiles;
    std::vector<std::unique_ptr<Run>> m_open; // merge inputs, after finish()
    std::vector<Run *> m_heads;               // the runs that still have a row, as a heap: smallest row on top
    bool m_inMemory = false;                  // everything fitted in one run: no files at all
    std::size_t m_memoryNext = 0;
};

} // namespace harvest
