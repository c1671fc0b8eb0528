# One precompiled header of the standard library and QtCore, built once per build tree and reused by every
# library, program and test of ours. Those headers are a large part of what each translation unit parses, so on two
# cores the clean builds (Release, and the sanitizer trees, which CI builds from nothing) spend about a fifth
# less CPU time compiling (measured: docs/reliability.md, Sanitizers).
#
# Why one header for all: GCC only accepts a precompiled header compiled with the same options, and with the
# same definition of every macro defined when it was made. The host below links nothing but mirror_config and
# QtCore, so its options and macros are the ones every target of ours shares; the targets add macros of their
# own (QT_SQL_LIB, MIRROR_TEST_DATA_DIR...), which is allowed as long as the header never tests them. That is
# why QtTest, QtGui and QtWidgets stay out: their headers test QT_GUI_LIB, QT_NETWORK_LIB and
# QT_TESTCASE_BUILDDIR, which differ from target to target. CMake adds -Winvalid-pch, so with -Werror a
# header GCC refuses fails the build instead of silently costing the time it was meant to save.
#
# ccache caches a translation unit that uses it only when told to overlook what a precompiled header changes
# (CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime): without that it compiles
# every such unit itself, uncached. A build configured with -DCMAKE_CXX_COMPILER_LAUNCHER=ccache gets it set
# below, for its compilations only, so no one has to change their ccache configuration.
#
# Off unless asked for (-DMIRROR_PCH=ON), and the build scripts (so CI) do not ask for it yet: the first whole
# Release tree built with it failed, GCC 12 at -O3 reporting a false -Warray-bounds in core/net/capabilities.cpp
# under -Werror. A developer's incremental build gains less, and switching an existing tree over recompiles all
# of it once. GCC only: the fuzz build uses clang, which checks command-line macros
# more strictly; a build without the header also keeps a missing #include from going unnoticed.
option(MIRROR_PCH "Precompile the standard and QtCore headers once for every target (GCC)" OFF)
if(MIRROR_PCH AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    message(STATUS "MIRROR_PCH: only used with GCC; building without the precompiled header")
    set(MIRROR_PCH OFF)
endif()

get_filename_component(_mirror_launcher_name "${CMAKE_CXX_COMPILER_LAUNCHER}" NAME)
if(MIRROR_PCH AND _mirror_launcher_name STREQUAL "ccache")
    set(_mirror_sloppiness pch_defines,time_macros,include_file_mtime,include_file_ctime)
    if(DEFINED ENV{CCACHE_SLOPPINESS})
        set(_mirror_sloppiness "$ENV{CCACHE_SLOPPINESS},${_mirror_sloppiness}")
    endif()
    # A normal variable: it shadows the cached one for the targets defined after this, and the cache keeps
    # what the developer typed.
    set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=${_mirror_sloppiness}
                                    ${CMAKE_CXX_COMPILER_LAUNCHER})
endif()

# mirror_precompile_headers(): call once, after every target is defined. Gives each library, program and test
# that links mirror_config the shared header.
function(mirror_precompile_headers)
    if(NOT MIRROR_PCH)
        return()
    endif()
    add_library(mirror_pch OBJECT ${PROJECT_SOURCE_DIR}/cmake/mirror_pch_host.cpp)
    target_link_libraries(mirror_pch PRIVATE mirror_config Qt6::Core)
    target_precompile_headers(mirror_pch PRIVATE
        <algorithm> <array> <atomic> <chrono> <cstdint> <cstring> <deque> <functional> <map> <memory> <mutex>
        <optional> <set> <string> <string_view> <thread> <utility> <vector>
        <QByteArray> <QCoreApplication> <QCryptographicHash> <QDateTime> <QDir> <QElapsedTimer> <QFile>
        <QFileInfo> <QHash> <QJsonArray> <QJsonDocument> <QJsonObject> <QList> <QLocale> <QMetaType> <QMutex>
        <QObject> <QPointer> <QRegularExpression> <QString> <QStringList> <QTemporaryDir> <QThread> <QTimer>
        <QUrl> <QUuid> <QVariant>)

    set(directories ${PROJECT_SOURCE_DIR})
    while(directories)
        list(POP_FRONT directories directory)
        get_property(subdirectories DIRECTORY ${directory} PROPERTY SUBDIRECTORIES)
        list(APPEND directories ${subdirectories})
        get_property(targets DIRECTORY ${directory} PROPERTY BUILDSYSTEM_TARGETS)
        foreach(target IN LISTS targets)
            get_target_property(type ${target} TYPE)
            get_target_property(libraries ${target} LINK_LIBRARIES)
            if(target STREQUAL "mirror_pch" OR NOT type MATCHES "^(EXECUTABLE|STATIC_LIBRARY|OBJECT_LIBRARY)$"
               OR NOT "mirror_config" IN_LIST libraries)
                continue()
            endif()
            target_precompile_headers(${target} REUSE_FROM mirror_pch)
        endforeach()
    endwhile()
endfunction()
