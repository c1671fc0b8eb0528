#pragma once

// Hands the process to caom-sync-engine, the program that runs the commands needing the store or the network
// (and --version, which names the libraries those load). execv keeps the process: its id, arguments, standard
// streams and environment, so a script, a systemd unit or a test that signals caom-sync signals the engine,
// and what the engine exits with is what caom-sync exits with.
//
// The engine is looked for next to the running caom-sync (a build tree: both in build/bin), then where the
// package installs it, found from caom-sync's own directory so an unpacked or relocated tree works too.
namespace cli {

// Returns only when the engine cannot be run, having said why on stderr; the result is the exit code.
int runEngine(char *argv[]);

} // namespace cli
