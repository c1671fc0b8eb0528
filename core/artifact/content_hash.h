#pragma once

#include <QByteArray>
#include <QString>

#include <cstddef>
#include <memory>

// The hash of a file's bytes as they stream in (MD5, SHA-1 or SHA-256: the algorithms artifact checksums name),
// through OpenSSL's EVP interface. A download hashes every byte on its transfer thread while the next bytes
// arrive, so the hash's speed bounds a large file's transfer rate (docs/benchmarks.md, "Artifact downloads on
// loopback", compares it with Qt's).
namespace artifact {

class ContentHash {
public:
    // "md5", "sha1" or "sha256" (as in a checksum URI "md5:..."); anything else hashes with MD5.
    explicit ContentHash(const QString &algorithm);
    ~ContentHash();
    ContentHash(const ContentHash &) = delete;
    ContentHash &operator=(const ContentHash &) = delete;

    void addData(const char *data, std::size_t size);
    // The digest in lower-case hex. Ends the hash: call it once.
    QByteArray hexResult();

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

} // namespace artifact
