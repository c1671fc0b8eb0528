#include "artifact/content_hash.h"

#include <openssl/evp.h>

#include <QtGlobal>

namespace artifact {

namespace {

// Fetched once per algorithm: OpenSSL 3 looks an implicit algorithm up again on every initialisation.
const EVP_MD *algorithmNamed(const QString &name)
{
    static const EVP_MD *md5 = EVP_MD_fetch(nullptr, "MD5", nullptr);
    static const EVP_MD *sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    static const EVP_MD *sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (name == QLatin1String("sha1"))
        return sha1;
    if (name == QLatin1String("sha256"))
        return sha256;
    return md5;
}

} // namespace

struct ContentHash::Context {
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    bool failed = false;
    ~Context() { EVP_MD_CTX_free(context); }
};

ContentHash::ContentHash(const QString &algorithm) : m_context(std::make_unique<Context>())
{
    const EVP_MD *md = algorithmNamed(algorithm);
    // Without the algorithm (an OpenSSL configured without MD5) the result is empty and matches no checksum:
    // every file is refused as mismatched, loudly, rather than accepted unverified.
    if (!m_context->context || !md || EVP_DigestInit_ex(m_context->context, md, nullptr) != 1) {
        qWarning("OpenSSL cannot hash with %s", qPrintable(algorithm));
        m_context->failed = true;
    }
}

ContentHash::~ContentHash() = default;

void ContentHash::addData(const char *data, std::size_t size)
{
    if (!m_context->failed && EVP_DigestUpdate(m_context->context, data, size) != 1)
        m_context->failed = true;
}

QByteArray ContentHash::hexResult()
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (m_context->failed || EVP_DigestFinal_ex(m_context->context, digest, &length) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(digest), static_cast<qsizetype>(length)).toHex();
}

} // namespace artifact
