#include "sync/sorted_rows.h"

#include <algorithm>

namespace harvest {
namespace {

bool byId(const SortableRow &a, const SortableRow &b)
{
    return a.observationID < b.observationID;
}

void writeString(std::ofstream &out, const std::string &text)
{
    const auto size = static_cast<std::uint32_t>(text.size());
    out.write(reinterpret_cast<const char *>(&size), sizeof size);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

bool readString(std::ifstream &in, std::string &text)
{
    std::uint32_t size = 0;
    if (!in.read(reinterpret_cast<char *>(&size), sizeof size))
        return false;
    text.resize(size);
    return static_cast<bool>(in.read(text.data(), size));
}

} // namespace

// One spilled run being read back, with its current row.
struct SortedRows::Run {
    std::size_t index = 0; // which run: the order of the spills
    std::ifstream in;
    std::optional<SortableRow> current;

    bool advance()
    {
        SortableRow row;
        std::int64_t time = 0;
        char hasTime = 0;
        if (!readString(in, row.observationID)) {
            current.reset();
            return false;
        }
        in.read(&hasTime, 1);
        in.read(reinterpret_cast<char *>(&time), sizeof time);
        readString(in, row.accMetaChecksum);
        if (hasTime)
            row.maxLastModified = time;
        current = std::move(row);
        return true;
    }
};

// Heap order for the merge: a run whose current row sorts later is "less", so the earliest row is on top. Equal
// IDs (a listing that named an observation twice) come out in run order, as the linear scan gave them.
bool SortedRows::laterHead(const Run *a, const Run *b)
{
    if (a->current->observationID != b->current->observationID)
        return b->current->observationID < a->current->observationID;
    return a->index > b->index;
}

SortedRows::SortedRows(std::size_t runSize) : m_runSize(std::max<std::size_t>(runSize, 1)) {}

SortedRows::~SortedRows() = default;

mirror::Result<void> SortedRows::add(SortableRow row)
{
    m_buffer.push_back(std::move(row));
    if (m_buffer.size() >= m_runSize)
        return spill();
    return {};
}

mirror::Result<void> SortedRows::spill()
{
    std::sort(m_buffer.begin(), m_buffer.end(), byId);
    if (!m_dir) {
        m_dir = std::make_unique<QTemporaryDir>();
        if (!m_dir->isValid())
            return mirror::Error{mirror::ErrorCategory::Io, "cannot create a temporary directory to sort a listing"};
    }
    const std::string path = m_dir->filePath(QStringLiteral("run-%1").arg(m_runFiles.size())).toStdString();
    std::ofstream out(path, std::ios::binary);
    for (const SortableRow &row : m_buffer) {
        writeString(out, row.observationID);
        const char hasTime = row.maxLastModified ? 1 : 0;
        const std::int64_t time = row.maxLastModified.value_or(0);
        out.write(&hasTime, 1);
        out.write(reinterpret_cast<const char *>(&time), sizeof time);
        writeString(out, row.accMetaChecksum);
    }
    if (!out.flush())
        return mirror::Error{mirror::ErrorCategory::Io, "cannot write " + path + " (disk full?)"};
    m_runFiles.push_back(path);
    m_buffer.clear();
    m_buffer.shrink_to_fit();
    return {};
}

mirror::Result<void> SortedRows::finish()
{
    if (m_runFiles.empty()) {
        std::sort(m_buffer.begin(), m_buffer.end(), byId);
        m_inMemory = true;
        return {};
    }
    if (!m_buffer.empty())
        if (auto spilled = spill(); !spilled)
            return spilled;
    for (const std::string &path : m_runFiles) {
        auto run = std::make_unique<Run>();
        run->index = m_open.size();
        run->in.open(path, std::ios::binary);
        if (!run->in)
            return mirror::Error{mirror::ErrorCategory::Io, "cannot read back " + path};
        if (run->advance())
            m_heads.push_back(run.get());
        m_open.push_back(std::move(run));
    }
    std::make_heap(m_heads.begin(), m_heads.end(), laterHead);
    return {};
}

mirror::Result<std::optional<SortableRow>> SortedRows::next()
{
    if (m_inMemory) {
        if (m_memoryNext >= m_buffer.size())
            return std::optional<SortableRow>();
        return std::optional<SortableRow>(std::move(m_buffer[m_memoryNext++]));
    }
    // Ten million rows make fifty runs: the run holding the smallest row is found through a heap, not by
    // looking at every run for every row.
    if (m_heads.empty())
        return std::optional<SortableRow>();
    std::pop_heap(m_heads.begin(), m_heads.end(), laterHead);
    Run *smallest = m_heads.back();
    std::optional<SortableRow> row = std::move(smallest->current);
    if (smallest->advance())
        std::push_heap(m_heads.begin(), m_heads.end(), laterHead);
    else
        m_heads.pop_back();
    return row;
}

} // namespace harvest
