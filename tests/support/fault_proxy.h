#pragma once

#include "fault_rules.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QThread;

// A deterministic fault-injecting HTTP/1.1 proxy for tests. It stands between a client and any plain-HTTP
// server (ScriptedHttpServer, `caom-sync serve`, the emulator) and applies fault rules per request, so the
// same faults can be staged against every server without teaching each one about them.
//
// Per request (clients may keep the connection alive; requests are handled one at a time) the first rule
// whose criteria (method, regexes) all hold, that has firings left, and whose probability draw succeeds
// applies. Draws come from one std::mt19937_64 seeded with the proxy seed, one draw per request whose
// criteria hold for a rule with probability < 1, so the same seed and the same request sequence give the
// same decisions. Requests without a rule, and the forwarding actions, go to the upstream unchanged (the
// client's Host header included, because servers build absolute URLs from it and a client that follows
// capabilities must stay on the proxy), plus "Connection: close"; the upstream's answer is read whole
// (Content-Length, chunked or close-delimited) and re-framed with Content-Length unless the action frames
// it otherwise. Upstream unreachable or answering garbage: 502. Malformed client request: 400 and close.
//
// Rule grammar (`fault-proxy --rule SPEC`, parseFaultRules()): SPEC is `key=value;key=value;...`
//   name=TEXT            shown in the journal (default "<action>#<index>")
//   method=GET           only this method (default any)
//   match=REGEX          QRegularExpression searched in the raw target, path and query (default any);
//                        anchor it with ^ and $ when needed
//   match=METHOD REGEX   the same, and only METHOD (an upper-case word then a space: "match=GET ^/obs/")
//   path=REGEX           the whole raw path (target before '?') must match, as if anchored (default any)
//   query=REGEX          searched in the raw query (after '?'; "" when there is none) (default any)
//   times=N              fire at most N times, then the rule is inactive (default unlimited)
//   probability=P        0..1, fire with this probability (default 1)
//   action=status|truncate|reset|delay|corruptDocument|replaceBody|crlf|endless|understateLength   (required)
//   code=N               status / replaceBody: status code (default 503 / 200)
//   retry-after=VALUE    status: Retry-After header value
//   body=TEXT            status / replaceBody: body; endless: the piece repeated, "{n}" counting up;
//                        \n \r \t \\ are escapes (default: a short text)
//   content-type=TYPE    status / replaceBody: Content-Type (default text/plain)
//   bytes=K              truncate: body bytes sent before closing; understateLength: the Content-Length
//                        announced (default -1 = half the body, mid-line in a listing)
//   framing=upstream|contentLength|chunked|close   truncate: how the cut body is framed (default upstream:
//                        as the upstream framed it). contentLength announces the full length and sends K
//                        bytes; chunked sends them as one chunk with no terminating 0-chunk; close sends them
//                        with neither header, so the cut looks like the end of the body
//   ms=D                 delay: milliseconds to wait before sending the forwarded response
//   chunk-ms=D           delay: also pause D ms between body pieces (default 0: the body at once)
//   chunk-bytes=N        delay: size of those pieces (default 1024)
// Every criterion given must hold. A ';' inside a value is written "\;". Keys are case-insensitive; unknown
// keys, a key given twice, bad numbers, a bad regex and a missing action are errors.
// corruptDocument's one-byte change is described at corruptCaomDocument() in fault_rules.h.
// Examples: --rule "name=busy;match=GET ^/obs/;times=2;action=status;code=503;retry-after=1"
//           --rule "path=/caom2/observations/HST/.*;probability=0.1;action=corruptDocument"
namespace testsupport {

struct FaultJournalEntry {
    QByteArray method;
    QByteArray target;
    QString rule;         // name of the rule applied, empty when passed through untouched
    int status = 0;       // status line sent to the client; 0 when nothing was (reset, client gone)
    qint64 bodyBytes = 0; // body bytes written to the client
};

class FaultProxy {
public:
    FaultProxy();
    ~FaultProxy(); // stop()
    FaultProxy(const FaultProxy &) = delete;
    FaultProxy &operator=(const FaultProxy &) = delete;

    // Starts the proxy thread and listens; returns the base URL "http://ADDRESS:PORT", or "" on failure
    // (already started, bad upstream URL, cannot listen). Only scheme http, host and port of `upstream`
    // are used: targets are forwarded as the client sent them.
    QString start(const QUrl &upstream, quint64 seed, const QHostAddress &address = QHostAddress::LocalHost,
                  quint16 port = 0);
    void stop(); // closes the listener and every connection; safe to call twice

    QString baseUrl() const { return m_baseUrl; }
    QString errorString() const { return m_error; }

    // Replaces the rules and their firing counters (the random stream goes on). Thread-safe; meant to be
    // called between requests.
    void setRules(const QList<FaultRule> &rules);
    // Thread-safe copy. A request's entry is recorded before the last byte of its answer leaves the proxy,
    // so a client that has read a whole answer (or seen the reset) may look its entry up at once.
    QList<FaultJournalEntry> journal() const;
    void clearJournal();
    // Called in the proxy thread after each request is done (the command-line program logs with it).
    void setJournalObserver(std::function<void(const FaultJournalEntry &)> observer);

    struct Shared; // rules, counters, random stream and journal, shared with the proxy thread

private:
    std::shared_ptr<Shared> m_shared;
    QThread *m_thread = nullptr;
    class ProxyListener *m_listener = nullptr; // lives in m_thread
    QString m_baseUrl;
    QString m_error;
};

} // namespace testsupport
