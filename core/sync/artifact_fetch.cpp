#include "sync/artifact_fetch.h"

#include "artifact/artifact_root.h"
#include "artifact/content_hash.h"

#include <QFile>
#include <QFileInfo>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace harvest {

namespace {

mirror::Error error(mirror::ErrorCategory category, const QString &message)
{
    return {category, message.toStdString()};
}

QString systemReason(int code)
{
    return QString::fromLocal8Bit(std::strerror(code));
}

// The partial file of one transfer: opened for append, closed (and, on failure, removed) when it goes. Writes
// are gathered into pieces of `bufferSize`: libcurl hands a body over 16 KiB at a time, and a write call for
// each piece cost as much system time as receiving it. What is still gathered when the file goes (a transfer
// cut short) is written then, so the file stays a prefix of the source's file for a resume.
class PartialFile {
public:
    static constexpr std::size_t bufferSize = 256 * 1024;

    explicit PartialFile(QString path) : m_path(std::move(path)) {}
    ~PartialFile()
    {
        if (m_fd >= 0) {
            (void)flush(); // best effort: a shorter prefix is still a prefix
            ::close(m_fd);
        }
    }
    PartialFile(const PartialFile &) = delete;
    PartialFile &operator=(const PartialFile &) = delete;

    const QString &path() const { return m_path; }
    // Opens it, keeping its bytes (resume) or emptying it. Returns the size kept.
    mirror::Result<qint64> open(bool keep)
    {
        const QByteArray native = QFile::encodeName(m_path);
        m_fd = ::open(native.constData(), O_WRONLY | O_CREAT | O_CLOEXEC | (keep ? O_APPEND : O_TRUNC), 0644);
        if (m_fd < 0)
            return error(mirror::ErrorCategory::Io,
                         QStringLiteral("cannot write %1: %2").arg(m_path, systemReason(errno)));
        struct stat st {}; // the buffer grows with what arrives: a small file never takes bufferSize
        if (::fstat(m_fd, &st) != 0)
            return error(mirror::ErrorCategory::Io,
                         QStringLiteral("cannot read %1: %2").arg(m_path, systemReason(errno)));
        return static_cast<qint64>(st.st_size);
    }
    // 0 on success, else errno (of this piece or of an earlier one written now).
    int write(const char *data, std::size_t size)
    {
        if (m_buffer.size() + size > bufferSize) {
            if (const int failed = flush(); failed != 0)
                return failed;
        }
        if (size >= bufferSize)
            return writeAll(data, size);
        m_buffer.append(data, size);
        return 0;
    }
    // Starts writing the file's pages to disk without waiting for them, and closes it: the caller makes the
    // data durable later for many files at once (syncFileSystem).
    int startWritebackAndClose()
    {
        if (const int failed = flush(); failed != 0)
            return failed;
        ::sync_file_range(m_fd, 0, 0, SYNC_FILE_RANGE_WRITE); // advisory: a failure only loses the head start
        const int closed = ::close(m_fd) == 0 ? 0 : errno;
        m_fd = -1;
        return closed;
    }
    int syncAndClose()
    {
        if (const int failed = flush(); failed != 0)
            return failed;
        const int synced = ::fsync(m_fd) == 0 ? 0 : errno;
        const int closed = ::close(m_fd) == 0 ? 0 : errno;
        m_fd = -1;
        return synced ? synced : closed;
    }
    void remove()
    {
        m_buffer.clear();
        if (m_fd >= 0) {
            ::close(m_fd);
            m_fd = -1;
        }
        QFile::remove(m_path);
    }

private:
    int flush()
    {
        const int failed = writeAll(m_buffer.data(), m_buffer.size());
        m_buffer.clear();
        return failed;
    }
    int writeAll(const char *data, std::size_t size)
    {
        while (size > 0) {
            const ssize_t n = ::write(m_fd, data, size);
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                return errno;
            }
            data += n;
            size -= static_cast<std::size_t>(n);
        }
        return 0;
    }

    QString m_path;
    int m_fd = -1;
    std::string m_buffer;
};

} // namespace

bool syncFileSystem(const QString &path)
{
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool synced = ::syncfs(fd) == 0;
    ::close(fd);
    return synced;
}

bool syncFile(const QString &path)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

mirror::Result<void> installVerified(const QString &partial, const QString &target)
{
    if (::rename(QFile::encodeName(partial).constData(), QFile::encodeName(target).constData()) != 0) {
        const int failed = errno;
        QFile::remove(partial);
        return error(mirror::ErrorCategory::Io,
                     QStringLiteral("cannot install %1: %2").arg(target, systemReason(failed)));
    }
    return {};
}

bool syncDirectory(const QString &directory)
{
    const QByteArray dir = QFile::encodeName(directory);
    const int fd = ::open(dir.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    return synced;
}

std::optional<ChecksumSpec> parseChecksum(const QString &checksum)
{
    const auto colon = checksum.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return std::nullopt;
    ChecksumSpec spec;
    spec.algorithm = checksum.left(colon).toLower();
    spec.hex = checksum.mid(colon + 1).trimmed().toLower().toLatin1();
    const int expected = spec.algorithm == QLatin1String("md5") ? 32
        : spec.algorithm == QLatin1String("sha1")               ? 40
        : spec.algorithm == QLatin1String("sha256")             ? 64
                                                                : 0;
    if (expected == 0 || spec.hex.size() != expected)
        return std::nullopt;
    for (const char c : spec.hex)
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            return std::nullopt;
    return spec;
}

std::optional<QByteArray> announcedMd5(const net::HttpResponse &response)
{
    if (const auto digest = response.header("digest")) {
        // "sha-256=..., md5=..." (RFC 3230): algorithm names are case-insensitive, values base64.
        for (const QByteArray &item : QByteArray::fromStdString(*digest).split(',')) {
            const QByteArray trimmed = item.trimmed();
            if (trimmed.left(4).toLower() == "md5=") {
                const QByteArray raw = QByteArray::fromBase64(trimmed.mid(4));
                if (raw.size() == 16)
                    return raw.toHex();
            }
        }
    }
    if (const auto contentMd5 = response.header("content-md5")) {
        const QByteArray value = QByteArray::fromStdString(*contentMd5).trimmed();
        if (value.size() == 32) // CADC's hex form
            return value.toLower();
        const QByteArray raw = QByteArray::fromBase64(value);
        if (raw.size() == 16)
            return raw.toHex();
    }
    return std::nullopt;
}

namespace {

// Every byte of an open file into `hash`, a block at a time.
mirror::Result<void> addFile(artifact::ContentHash &hash, QFile &file, const std::atomic<bool> *cancelled)
{
    QByteArray block(1 << 20, Qt::Uninitialized);
    while (true) {
        if (cancelled && cancelled->load())
            return error(mirror::ErrorCategory::Cancelled,
                         QStringLiteral("cancelled while reading %1").arg(file.fileName()));
        const qint64 n = file.read(block.data(), block.size());
        if (n < 0)
            return error(mirror::ErrorCategory::Io,
                         QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
        if (n == 0)
            return {};
        hash.addData(block.constData(), static_cast<std::size_t>(n));
    }
}

} // namespace

mirror::Result<QByteArray> hashFile(const QString &path, const QString &algorithm, const std::atomic<bool> *cancelled)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return error(mirror::ErrorCategory::Io, QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    artifact::ContentHash hash(algorithm);
    if (auto added = addFile(hash, file, cancelled); !added)
        return added.error();
    return hash.hexResult();
}

// The source's own word on the file (Digest or Content-MD5, Content-Length) against the metadata: true when
// it announced an MD5 and it matched, a Checksum error "... (source)" when something differs.
mirror::Result<bool> checkAnnounced(const net::HttpResponse &response, const ChecksumSpec &expected,
                                    const ArtifactFetch &fetch)
{
    bool matched = false;
    if (const auto md5 = announcedMd5(response); md5 && expected.algorithm == QLatin1String("md5")) {
        if (*md5 != expected.hex)
            return error(mirror::ErrorCategory::Checksum,
                         QStringLiteral("checksum mismatch (source): the source announces md5:%1 for %2, the "
                                        "metadata says md5:%3")
                             .arg(QString::fromLatin1(*md5), fetch.uri, QString::fromLatin1(expected.hex)));
        matched = true;
    }
    const auto announcedLength = response.header("content-length");
    if (announcedLength && fetch.length && QByteArray::fromStdString(*announcedLength).toLongLong() != *fetch.length)
        return error(mirror::ErrorCategory::Checksum,
                     QStringLiteral("length mismatch (source): the source announces %1 bytes for %2, the metadata "
                                    "says %3")
                         .arg(QString::fromStdString(*announcedLength), fetch.uri)
                         .arg(*fetch.length));
    return matched;
}

mirror::Result<FetchedFile> fetchArtifact(net::HttpClient &http, const ArtifactFetch &fetch)
{
    const auto expected = parseChecksum(fetch.checksum);
    if (!expected)
        return error(mirror::ErrorCategory::PerItem,
                     QStringLiteral("%1: the metadata gives no checksum that can be verified ('%2')")
                         .arg(fetch.uri, fetch.checksum));
    FetchedFile result;

    // 1. What the source announces, before any byte of the body is fetched (for a small file the GET's own
    //    headers are read instead, once its body is in: a HEAD would cost as much as the body).
    bool ranges = true; // without a HEAD a partial file is offered; a source that ignores Range is caught below
    if (fetch.headFirst) {
        net::HttpRequest head;
        head.method = "HEAD";
        head.url = fetch.url;
        head.cancelled = fetch.cancelled;
        auto headed = http.perform(head);
        if (!headed)
            return headed.error();
        if (headed->status == 404)
            return error(mirror::ErrorCategory::PerItem,
                         QStringLiteral("%1: the source has no such file (404)").arg(fetch.uri));
        if (headed->status < 200 || headed->status > 299)
            return net::statusError(*headed, "HEAD of " + fetch.uri.toStdString());
        if (auto announced = checkAnnounced(*headed, *expected, fetch); !announced)
            return announced.error();
        else
            result.headChecked = *announced;
        ranges = headed->header("accept-ranges").value_or("") == "bytes";
    }

    // 2. The partial file: resumed when the source serves ranges and it is a possible prefix.
    PartialFile partial(artifact::ArtifactRoot::partialPathFor(fetch.target));
    const bool exists = QFileInfo::exists(partial.path());
    auto kept = partial.open(ranges && exists);
    if (!kept)
        return kept.error();
    qint64 offset = *kept;
    if (fetch.length && offset >= *fetch.length && offset > 0) { // nothing left to ask for: start again
        partial.remove();
        kept = partial.open(false);
        if (!kept)
            return kept.error();
        offset = 0;
    }
    artifact::ContentHash hash(expected->algorithm);
    if (offset > 0) {
        QFile prefix(partial.path());
        if (!prefix.open(QIODevice::ReadOnly))
            return error(mirror::ErrorCategory::Io,
                         QStringLiteral("cannot read %1: %2").arg(partial.path(), prefix.errorString()));
        if (auto added = addFile(hash, prefix, fetch.cancelled); !added)
            return added.error();
    }
    result.resumedFrom = offset;

    // 3. The body, hashed and counted as it is written.
    net::HttpRequest get;
    get.url = fetch.url;
    get.cancelled = fetch.cancelled;
    if (offset > 0)
        get.headers.emplace_back("Range", "bytes=" + std::to_string(offset) + "-");
    qint64 written = offset;
    int writeError = 0;
    bool tooLong = false;
    auto got = http.perform(get, [&](const char *data, std::size_t size) {
        if (fetch.length && written + static_cast<qint64>(size) > *fetch.length) {
            tooLong = true;
            return false;
        }
        if (const int failed = partial.write(data, size); failed != 0) {
            writeError = failed;
            return false;
        }
        hash.addData(data, size);
        written += static_cast<qint64>(size);
        result.bytesTransferred += static_cast<qint64>(size);
        if (fetch.onBytes)
            fetch.onBytes(static_cast<qint64>(size));
        return true;
    });
    if (writeError != 0) {
        partial.remove();
        return error(mirror::ErrorCategory::Io,
                     QStringLiteral("cannot write %1: %2").arg(partial.path(), systemReason(writeError)));
    }
    if (tooLong) {
        partial.remove();
        if (offset > 0) // more than the rest of the file: the source sent it whole despite the range
            return error(mirror::ErrorCategory::Transient,
                         QStringLiteral("%1: the source ignored the range request; starting again").arg(fetch.uri));
        return error(mirror::ErrorCategory::Checksum,
                     QStringLiteral("length mismatch: the source sent more than the %1 bytes the metadata gives for %2")
                         .arg(*fetch.length)
                         .arg(fetch.uri));
    }
    if (!got) { // cut short, timed out, cancelled: the partial file holds a prefix for the next attempt
        if (written == 0)
            partial.remove();
        return got.error();
    }
    if (got->status == 416) { // our partial file is no prefix of theirs
        partial.remove();
        return error(
            mirror::ErrorCategory::Transient,
            QStringLiteral("%1: the source refused to resume at byte %2; starting again").arg(fetch.uri).arg(offset));
    }
    if (got->status < 200 || got->status > 299) {
        if (offset == 0) // nothing of this file was written: no empty partial file stays behind
            partial.remove();
        return net::statusError(*got, "GET of " + fetch.uri.toStdString());
    }
    if (offset > 0 && got->status != 206) { // the whole file came after our prefix: unusable
        partial.remove();
        return error(mirror::ErrorCategory::Transient,
                     QStringLiteral("%1: the source ignored the range request; starting again").arg(fetch.uri));
    }

    if (!fetch.headFirst && got->status == 200) { // a 206's headers describe the range only
        if (auto announced = checkAnnounced(*got, *expected, fetch); !announced) {
            partial.remove();
            return announced.error();
        }
    }

    // 4. Verified, or never installed.
    if (fetch.length && written != *fetch.length) {
        partial.remove();
        return error(mirror::ErrorCategory::Checksum,
                     QStringLiteral("length mismatch: %1 bytes received for %2, the metadata says %3")
                         .arg(written)
                         .arg(fetch.uri)
                         .arg(*fetch.length));
    }
    const QByteArray actual = hash.hexResult();
    if (actual != expected->hex) {
        partial.remove();
        return error(
            mirror::ErrorCategory::Checksum,
            QStringLiteral("checksum mismatch: the bytes received for %1 hash to %2:%3, the metadata says %2:%4")
                .arg(fetch.uri, expected->algorithm, QString::fromLatin1(actual), QString::fromLatin1(expected->hex)));
    }
    if (fetch.deferInstall) {
        if (const int failed = partial.startWritebackAndClose(); failed != 0) {
            partial.remove();
            return error(mirror::ErrorCategory::Io,
                         QStringLiteral("cannot write %1: %2").arg(partial.path(), systemReason(failed)));
        }
        result.verifiedPartial = partial.path();
        return result;
    }
    if (const int failed = partial.syncAndClose(); failed != 0) {
        partial.remove();
        return error(mirror::ErrorCategory::Io,
                     QStringLiteral("cannot write %1: %2").arg(partial.path(), systemReason(failed)));
    }
    if (::rename(QFile::encodeName(partial.path()).constData(), QFile::encodeName(fetch.target).constData()) != 0) {
        const int failed = errno;
        partial.remove();
        return error(mirror::ErrorCategory::Io,
                     QStringLiteral("cannot install %1: %2").arg(fetch.target, systemReason(failed)));
    }
    // The directory entry of a renamed file reaches the disk only when its directory is synced.
    if (fetch.syncDirectory)
        syncDirectory(fetch.target.left(fetch.target.lastIndexOf(QLatin1Char('/'))));
    return result;
}

} // namespace harvest
