#include "models/compare_line_diff.h"

#include <QHash>

#include <algorithm>

namespace mirror::models {

namespace {

enum class Edit { Keep, Remove, Add };

// The shortest edit script from a to b (Myers 1986), or nothing when it needs more than maxD edits.
bool shortestEdits(const std::vector<int> &a, const std::vector<int> &b, int maxD, std::vector<Edit> &script)
{
    const int n = static_cast<int>(a.size());
    const int m = static_cast<int>(b.size());
    const int limit = std::min(n + m, maxD);
    const int offset = limit + 1;
    std::vector<int> v(static_cast<std::size_t>(2 * limit + 3), 0);
    // trace[d]: V as it was before step d, for diagonals -d..d (enough to walk back from step d).
    std::vector<std::vector<int>> trace;
    int found = -1;
    for (int d = 0; d <= limit && found < 0; ++d) {
        trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
        for (int k = -d; k <= d; k += 2) {
            const auto at = [&](int diagonal) -> int & { return v[static_cast<std::size_t>(diagonal + offset)]; };
            int x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
            int y = x - k;
            while (x < n && y < m && a[static_cast<std::size_t>(x)] == b[static_cast<std::size_t>(y)]) {
                ++x;
                ++y;
            }
            at(k) = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    if (found < 0)
        return false;

    std::vector<Edit> reversed;
    int x = n;
    int y = m;
    for (int d = found; d > 0; --d) {
        const std::vector<int> &before = trace[static_cast<std::size_t>(d)];
        const auto prev = [&](int diagonal) { return before[static_cast<std::size_t>(diagonal + d)]; };
        const int k = x - y;
        const bool down = k == -d || (k != d && prev(k - 1) < prev(k + 1));
        const int prevK = down ? k + 1 : k - 1;
        const int prevX = prev(prevK);
        const int prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            reversed.push_back(Edit::Keep);
            --x;
            --y;
        }
        reversed.push_back(down ? Edit::Add : Edit::Remove);
        x = prevX;
        y = prevY;
    }
    while (x > 0 && y > 0) {
        reversed.push_back(Edit::Keep);
        --x;
        --y;
    }
    script.assign(reversed.rbegin(), reversed.rend());
    return true;
}

class Aligner {
public:
    explicit Aligner(std::vector<AlignedLine> &out) : m_out(out) {}

    void same(int left, int right)
    {
        flush();
        m_out.push_back({left, right, LineChange::Same});
    }
    void removed(int left) { m_removed.push_back(left); }
    void added(int right) { m_added.push_back(right); }

    // A run of removals facing a run of additions: paired line by line, the longer run's rest against gaps.
    void flush()
    {
        const std::size_t paired = std::min(m_removed.size(), m_added.size());
        for (std::size_t i = 0; i < paired; ++i)
            m_out.push_back({m_removed[i], m_added[i], LineChange::Changed});
        for (std::size_t i = paired; i < m_removed.size(); ++i)
            m_out.push_back({m_removed[i], -1, LineChange::LeftOnly});
        for (std::size_t i = paired; i < m_added.size(); ++i)
            m_out.push_back({-1, m_added[i], LineChange::RightOnly});
        m_removed.clear();
        m_added.clear();
    }

private:
    std::vector<AlignedLine> &m_out;
    std::vector<int> m_removed;
    std::vector<int> m_added;
};

} // namespace

std::vector<AlignedLine> alignLines(const QStringList &left, const QStringList &right)
{
    const int n = static_cast<int>(left.size());
    const int m = static_cast<int>(right.size());
    int head = 0;
    while (head < n && head < m && left[head] == right[head])
        ++head;
    int tail = 0;
    while (tail < n - head && tail < m - head && left[n - 1 - tail] == right[m - 1 - tail])
        ++tail;

    // Lines become small integers, so the search compares numbers rather than strings.
    QHash<QString, int> ids;
    const auto intern = [&](const QStringList &lines, int from, int to) {
        std::vector<int> out;
        out.reserve(static_cast<std::size_t>(std::max(0, to - from)));
        for (int i = from; i < to; ++i) {
            auto found = ids.constFind(lines[i]);
            if (found == ids.cend())
                found = ids.insert(lines[i], static_cast<int>(ids.size()));
            out.push_back(*found);
        }
        return out;
    };
    const std::vector<int> a = intern(left, head, n - tail);
    const std::vector<int> b = intern(right, head, m - tail);

    std::vector<AlignedLine> out;
    out.reserve(static_cast<std::size_t>(std::max(n, m)));
    Aligner aligner(out);
    for (int i = 0; i < head; ++i)
        aligner.same(i, i);
    std::vector<Edit> script;
    if (shortestEdits(a, b, kMaxLineDifferences, script)) {
        int x = head;
        int y = head;
        for (const Edit edit : script) {
            if (edit == Edit::Keep)
                aligner.same(x++, y++);
            else if (edit == Edit::Remove)
                aligner.removed(x++);
            else
                aligner.added(y++);
        }
    } else {
        for (int i = head; i < n - tail; ++i)
            aligner.removed(i);
        for (int j = head; j < m - tail; ++j)
            aligner.added(j);
    }
    for (int i = 0; i < tail; ++i)
        aligner.same(n - tail + i, m - tail + i);
    aligner.flush();
    return out;
}

} // namespace mirror::models
