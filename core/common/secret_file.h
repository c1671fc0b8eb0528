#pragma once

#include <QString>

#include <optional>

// Files that hold a secret (a bearer token, a private key, a proxy certificate with its key) must not be
// readable or writable by every user of the machine: anyone could then act as this mirror towards its
// partners, or hand it a token of their own. Like ssh with a private key, such a file is refused when others
// may read or write it. A file the owner's group may read is accepted, so a service account and its operators
// can share it through a group (packaging/debian creates the caom-mirror group for that).
namespace mirror {

// Why the secret file at `path` is unsafe ("readable by every user (mode 0644); chmod 600 FILE"), or
// nullopt when it is safe or cannot be inspected (a missing file is reported by whoever opens it).
std::optional<QString> unsafeSecretFile(const QString &path);

} // namespace mirror
