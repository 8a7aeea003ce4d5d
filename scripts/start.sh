#!/bin/sh
# How `npm start` runs the compiled server: plain node, with the settings that decide its memory
# (docs/design.md, "The embedded database's memory" and "The young generation by database"):
# - MALLOC_ARENA_MAX=2, MALLOC_MMAP_THRESHOLD_=262144: glibc's allocator keeps two arenas and a fixed
#   mmap threshold, so memory the embedded database frees goes back to the system;
# - --liftoff-only: PGlite's WebAssembly is compiled by the baseline compiler only (~500 MB less);
# - --max-semi-space-size=8, on the embedded database only: V8's young generation capped at 8 MB
#   semi-spaces, which its roster import's peak needs on a laptop. With PostgreSQL (DATABASE_URL set)
#   V8 sizes it (32 MB semi-spaces on 64-bit): fewer young collections serve the people list ~15 %
#   faster, and the import's worker threads keep the young generation their resource limits give them
#   (the flag would override those too).
# JX_START_PRINT=1 prints the command line instead of running it (the benches read it: bench/npm-start.ts).
settings="MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=262144"
if [ -n "$DATABASE_URL" ]; then
  command="node --liftoff-only dist/server/main.js"
else
  command="node --liftoff-only --max-semi-space-size=8 dist/server/main.js"
fi
if [ -n "$JX_START_PRINT" ]; then
  echo "$settings $command"
  exit 0
fi
export $settings
exec $command
