// The height of an element, kept up to date (the virtual tree needs a height in pixels).
import { useEffect, useRef, useState } from 'react';

export function useElementHeight<T extends HTMLElement>(fallback = 400) {
  const ref = useRef<T>(null);
  const [height, setHeight] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setHeight(Math.max(120, Math.floor(entry.contentRect.height)));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, height };
}
