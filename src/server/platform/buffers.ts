// Freeing a large ArrayBuffer as soon as its bytes are used, instead of when the garbage collector gets to
// it: detaching it (ArrayBuffer.prototype.transfer, ES2024, in Node 22 and 24) releases its memory at once.
// Buffers of a few hundred KB to a few MB otherwise outlive the scavenges, wait in the old generation for
// a full collection, and the malloc arena of the thread that allocated them grows with them and never
// shrinks (docs/design.md, "The embedded database's memory"). The caller must own the whole buffer: a
// detached buffer is empty for every view of it.
type Detachable = ArrayBuffer & { detached?: boolean; transfer?: (length: number) => ArrayBuffer };

/** Detaches `buffer` (frees its memory) unless it already is; every view of it becomes empty. */
export function releaseArrayBuffer(buffer: ArrayBufferLike): void {
  const ab = buffer as Detachable;
  if (!ab.detached) ab.transfer?.(0);
}
