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
        run->in.open(path, std::ios::binary);
        if (!run->in)
            return mirror::Error{mirror::ErrorCategory::Io, "cannot read back " + path};
        run->advance();
        m_open.push_back(std::move(run));
    }
    return {};
}

mirror::Result<std::optional<SortableRow>> SortedRows::next()
{
    if (m_inMemory) {
        if (m_memoryNext >= m_buffer.size())
            return std::optional<SortableRow>();
        return std::optional<SortableRow>(std::move(m_buffer[m_memoryNext++]));
    }
    // Few runs (a million rows make five): a linear scan for the smallest head is cheap enough.
    Run *smallest = nullptr;
    for (auto &run : m_open)
        if (run->current && (!smallest || run->current->observationID < smallest->current->observationID))
            smallest = run.get();
    if (!smallest)
        return std::optional<SortableRow>();
    std::optional<SortableRow> row = std::move(smallest->current);
    smallest->advance();
    return row;
}

} // namespace harvest
