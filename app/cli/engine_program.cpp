#include "engine_program.h"

#include "command.h"

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include <unistd.h>

namespace cli {

namespace {

constexpr const char *engineName = "caom-sync-engine";

// The directory of the running program, from the kernel (argv[0] may be a bare name found on the PATH).
std::string ownDirectory()
{
    std::array<char, 4096> path{};
    const ssize_t length = readlink("/proc/self/exe", path.data(), path.size() - 1);
    if (length <= 0)
        return {};
    const std::string self(path.data(), std::size_t(length));
    const std::size_t slash = self.rfind('/');
    return slash == std::string::npos ? std::string() : self.substr(0, slash);
}

// `directory` and a path relative to it, with its leading "../" resolved, so a message names "/usr/libexec/..."
// rather than "/usr/bin/../libexec/...".
std::string joined(std::string directory, std::string_view relative)
{
    while (relative.starts_with("../")) {
        const std::size_t slash = directory.rfind('/');
        if (slash == std::string::npos)
            break;
        directory.resize(slash);
        relative.remove_prefix(3);
    }
    return directory + '/' + std::string(relative);
}

} // namespace

int runEngine(char *argv[])
{
    const std::string directory = ownDirectory();
    // MIRROR_ENGINE_FROM_BINDIR: where the package installs the engine, relative to where it installs caom-sync
    // (packaging/CMakeLists.txt).
    const std::array<std::string, 2> candidates{directory + '/' + engineName,
                                                joined(directory, MIRROR_ENGINE_FROM_BINDIR "/") + engineName};
    for (const std::string &candidate : candidates) {
        if (access(candidate.c_str(), X_OK) != 0)
            continue;
        execv(candidate.c_str(), argv);
        const int error = errno; // execv returns only when it failed
        std::fprintf(stderr, "caom-sync: could not start %s: %s\n", candidate.c_str(), std::strerror(error));
        return Failed;
    }
    std::fprintf(stderr,
                 "caom-sync: '%s' is run by %s, which is not installed (looked for %s and %s); reinstalling "
                 "caom-mirror-console puts it back\n",
                 argv[1], engineName, candidates[1].c_str(), candidates[0].c_str());
    return Failed;
}

} // namespace cli
