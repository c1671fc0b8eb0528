// The translation unit that builds the shared precompiled header (cmake/MirrorPch.cmake); it has no code.
