#include "caom2/file_buffer.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace caom2::detail {

std::optional<std::string> readWholeFile(const std::string &path, std::size_t maxBytes, FileBuffer &buffer,
                                         std::size_t &size)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::string("cannot open the file: ") + std::strerror(errno);
    struct FdCloser {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat status {};
    if (::fstat(fd, &status) != 0)
        return std::string("cannot read the file: ") + std::strerror(errno);
    if (!S_ISREG(status.st_mode))
        return std::string("cannot read the file (is it a directory?)");
    size = static_cast<std::size_t>(status.st_size);
    if (size > maxBytes)
        return "the file is " + std::to_string(size) + " bytes, over the limit of " + std::to_string(maxBytes);
    char *data = buffer.reserve(std::max<std::size_t>(size, 1));
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::read(fd, data + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) // a file that shrank while being read is as unreadable as one that fails
            return std::string("cannot read the file: ") + std::strerror(n < 0 ? errno : EIO);
        got += static_cast<std::size_t>(n);
    }
    return std::nullopt;
}

} // namespace caom2::detail
