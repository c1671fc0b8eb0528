#pragma once

#include <QByteArray>
#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

#include <optional>
#include <random>

// Fault rules of the fault proxy (repository-service.md §9 actions, applied by a proxy instead of the
// emulator so that any server, `caom-sync serve` included, can be made to misbehave). The text grammar
// used by `fault-proxy --rule` and by parseFaultRules() is documented in fault_proxy.h.
namespace testsupport {

enum class FaultAction {
    Status,          // answer with `code` (+ Retry-After, body); the upstream is not contacted
    Truncate,        // forward, then cut the body after `bytes` bytes (-1: half) and close
    Reset,           // close with a TCP RST, nothing answered
    Delay,           // forward, then wait `delayMs` before answering (and `chunkDelayMs` between body pieces)
    CorruptDocument, // forward, flip one letter of a CAOM document (same length, still well-formed)
    ReplaceBody,     // answer with `code`, `contentType`, `body`; the upstream is not contacted
    Crlf,            // forward with LF line endings turned into CRLF
    // Answer 200 with a chunked body that never ends: `body` over and over, "{n}" in it replaced by a counter
    // (so listing rows differ), written as fast as the client reads, until it leaves; the upstream is not
    // contacted.
    Endless,
    // Forward, but announce a Content-Length `bytes` shorter than the body (-1: half of it), send the whole
    // body and close: the bytes past the announced length are what a lying server would leave on the line.
    UnderstateLength,
};

// Values are stable (tests pass them through int): new framings go at the end.
enum class TruncateFraming {
    ContentLength, // announce the full length, send fewer bytes
    Chunked,       // Transfer-Encoding: chunked, no terminating 0-chunk
    Upstream,      // as the upstream framed it: one of the above, or Close when it announced no length
    Close,         // neither header: the body ends at the close, so the cut is invisible in the framing
};

struct FaultRule {
    QString name;      // shown in the journal; setRules() names unnamed rules "<action>#<index>"
    QByteArray method; // empty: any method
    QString match;     // regular expression searched in the raw target (path and query); empty: any
    QString path;      // regular expression the whole raw path (before '?') must match; empty: any
    QString query;     // regular expression searched in the raw query (after '?', "" without one); empty: any
    int times = -1;    // fires at most this often, then inactive; -1: unlimited
    double probability = 1.0;
    FaultAction action = FaultAction::Status;
    int code = 503; // Status and ReplaceBody (ReplaceBody defaults to 200 when parsed)
    QByteArray retryAfter;
    qint64 bytes = -1; // Truncate: body bytes kept, -1 = half the body (lands mid-line in a listing)
    TruncateFraming framing = TruncateFraming::Upstream;
    int delayMs = 0;
    int chunkDelayMs = 0;                  // Delay: pause between body pieces of `chunkBytes` (0: body sent at once)
    qint64 chunkBytes = 1024;              // Delay: piece size when chunkDelayMs > 0
    QByteArray body;                       // Status and ReplaceBody; Status defaults to a short text
    QByteArray contentType = "text/plain"; // Status and ReplaceBody
};

QString faultActionName(FaultAction action);

// The rules in force and their state (firing counts, the random stream); not thread-safe, FaultProxy locks.
class FaultRuleSet {
public:
    void seed(quint64 seed) { m_random.seed(seed); }
    // Replaces the rules and resets their counts (the random stream goes on). Unnamed rules are named
    // "<action>#<index>", so the journal can tell "no rule" from "an unnamed rule".
    void setRules(const QList<FaultRule> &rules);
    // The first active rule matching the request whose probability draw succeeds, counted as fired. One draw
    // per request and matching rule with probability < 1, so the same seed and request sequence decide alike.
    std::optional<FaultRule> choose(const QByteArray &method, const QByteArray &target);

private:
    QList<FaultRule> m_rules;
    struct Patterns {
        QRegularExpression match, path, query; // compiled from the rule's strings
    };
    QList<Patterns> m_patterns;
    QList<int> m_fired; // firings per rule, for `times`
    std::mt19937_64 m_random;
};

// Parses rule specs (one per string); on the first bad spec returns {} and says why in *error.
QList<FaultRule> parseFaultRules(const QStringList &specs, QString *error);

// corruptDocument: swaps the case of the first ASCII letter in the text of the first <caom2:type> element
// (else the first <caom2:name>), or turns its first digit into 'x' when the text has no letter. One byte
// changes, so the length stays and the XML stays well-formed, but every checksum over that value breaks.
// Returns false (body untouched) when neither element has a letter or digit to change.
bool corruptCaomDocument(QByteArray *body);

// crlf: every LF not already preceded by CR becomes CRLF (an already-CRLF body is left alone rather than
// doubled into CR CR LF, which would test something else).
QByteArray toCrlf(const QByteArray &body);

} // namespace testsupport
