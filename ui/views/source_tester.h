#pragma once

#include "views/source_list_editor.h"

namespace mirror::ui {

// The source editor's "Test": resolves the source as a harvest would (credential, registry, capabilities) and
// lists the collections the partner offers, through the core call caom-sync uses (harvest::resolveSource).
SourceListEditor::Tester defaultSourceTester();

} // namespace mirror::ui
