#!/bin/sh
# How `npm start` runs the compiled server: plain node, with the settings that decide its memory
# (docs/design.md, "The embedded database's memory" and "The young generation by database"):
# - MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=262144: glibc's allocator keeps two arenas and a fixed
#   mmap threshold, so memory the embedded database frees goes back to the system;
# - --liftoff-only: PGlite's WebAssembly is compiled by the baseline compiler only (~500 MB less);
# - --max-semi-space-size: the young generation. 8 MB semi-spaces on the embedded database, whose roster
#   import's peak must fit a laptop; 32 MB (V8's own default on 64-bit) with PostgreSQL (DATABASE_URL set),
#   where fewer young collections serve the people list 10-15 % faster for ~50 MB more under load.
# JX_START_PRINT=1 prints the command line instead of running it (the benches read it: bench/npm-start.ts).
semi=8
if [ -n "$DATABASE_URL" ]; then semi=32; fi
command="node --liftoff-only --max-semi-space-size=$semi dist/server/main.js"
if [ -n "$JX_START_PRINT" ]; then
  echo "MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=262144 $command"
  exit 0
fi
export MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=262144
exec $command
