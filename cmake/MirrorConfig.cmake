# mirror_config: the one INTERFACE target that carries warnings, sanitizers and Qt hygiene.
# Every library, executable and test of ours links it (qBittorrent's qbt_common_cfg pattern).
add_library(mirror_config INTERFACE)

target_compile_options(mirror_config INTERFACE
    -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Wold-style-cast $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local> -Wcast-align
    -Wformat=2 -Wimplicit-fallthrough)
if(MIRROR_WERROR)
    target_compile_options(mirror_config INTERFACE -Werror)
endif()

target_compile_definitions(mirror_config INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_USE_QSTRINGBUILDER
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)

if(MIRROR_SANITIZE)
    string(REPLACE ";" "," _mirror_sanitizers "${MIRROR_SANITIZE}")
    target_compile_options(mirror_config INTERFACE -fsanitize=${_mirror_sanitizers} -fno-omit-frame-pointer)
    target_link_options(mirror_config INTERFACE -fsanitize=${_mirror_sanitizers})
endif()
