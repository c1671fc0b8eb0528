#include "document_commands.h"

#include "command.h"

namespace cli {

CommandFunction documentCommand(std::string_view name)
{
    if (name == "checksum")
        return runChecksum;
    if (name == "diff")
        return runDiff;
    if (name == "convert")
        return runConvert;
    if (name == "validate")
        return runValidate;
    return nullptr;
}

} // namespace cli
